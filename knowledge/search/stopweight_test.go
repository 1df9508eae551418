package search_test

import (
	"context"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/search"
)

// A stop word of a query that also has a content word counts little in
// article bodies: an article that matches only the query's function words
// in its text must not outrank the one whose title names the subject. A
// query made only of stop words still finds them in bodies.
func TestBodyStopWordsDoNotOutrankContent(t *testing.T) {
	ctx := context.Background()
	e := engineWith(t, []knowledge.Article{
		{ID: "function", Title: "portal sign-in", Body: "if my password does not work and I have no code"},
		{ID: "subject", Title: "allergy corrections", Body: "ask the clinic to correct the chart"},
		{ID: "other1", Title: "parking", Body: "the car park opens at seven"},
		{ID: "other2", Title: "billing", Body: "pay an invoice online"},
	})
	res, err := e.Search(ctx, search.Request{Query: "my chart lists an allergy I have", Mode: search.ModeBM25})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) == 0 || res.Results[0].ArticleID != "subject" {
		t.Fatalf("want subject first, got %+v", res.Results)
	}
	res, err = e.Search(ctx, search.Request{Query: "I have", Mode: search.ModeBM25})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) == 0 || res.Results[0].ArticleID != "function" {
		t.Fatalf("a stop-word-only query must still match bodies, got %+v", res.Results)
	}
}

// A query made only of stop words is matched against titles when a title
// holds one of them: in bodies every passage holds them (at 100k articles
// reading those postings took hundreds of milliseconds), in a title they
// say what the article is about ("What is it for").
func TestStopWordOnlyQueriesMatchTitles(t *testing.T) {
	ctx := context.Background()
	e := engineWith(t, []knowledge.Article{
		{ID: "question", Title: "What is it for", Body: "the portal pays invoices over 100 euros in instalments"},
		{ID: "wordy", Title: "parking", Body: "it is what it is and what it was is what it will be"},
		{ID: "other", Title: "billing", Body: "pay an invoice online"},
	})
	res, err := e.Search(ctx, search.Request{Query: "what is it", Mode: search.ModeBM25})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != 1 || res.Results[0].ArticleID != "question" {
		t.Fatalf("want the title that asks it, and no body full of function words, got %+v", res.Results)
	}
}
