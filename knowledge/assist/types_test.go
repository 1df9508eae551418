package assist

import (
	"reflect"
	"testing"

	"concierge/knowledge/search"
)

func TestPassagesFromHits(t *testing.T) {
	hits := []search.ArticleHit{
		{ArticleID: "billing-refunds", Title: "Refunds", Department: "billing", Audience: "customer-facing", Version: 3,
			Passages: []search.PassageHit{{PassageID: "billing-refunds#1", Headings: []string{"Duplicates"}, Text: "t1", Snippet: "<mark>t1</mark>"}, {PassageID: "billing-refunds#2", Text: "t2"}}},
		{ArticleID: "tech-login", Title: "Login", Department: "technical", Audience: "internal", Version: 1,
			Passages: []search.PassageHit{{PassageID: "tech-login#0", Text: "t3"}}},
	}
	got := PassagesFromHits(hits, func(id string) PassageMeta { return PassageMeta{Stale: id == "tech-login"} })
	want := []Passage{
		{ID: "billing-refunds#1", ArticleID: "billing-refunds", ArticleVersion: 3, ArticleTitle: "Refunds", Department: "billing", Audience: "customer-facing", Headings: []string{"Duplicates"}, Text: "t1"},
		{ID: "billing-refunds#2", ArticleID: "billing-refunds", ArticleVersion: 3, ArticleTitle: "Refunds", Department: "billing", Audience: "customer-facing", Text: "t2"},
		{ID: "tech-login#0", ArticleID: "tech-login", ArticleVersion: 1, ArticleTitle: "Login", Department: "technical", Audience: "internal", Text: "t3", Stale: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if n := len(PassagesFromHits(hits, nil)); n != 3 {
		t.Errorf("nil meta: %d passages", n)
	}
}

func TestOptionVerified(t *testing.T) {
	ok := Option{Sentences: []SentenceCheck{{Supported: true}}}
	if !ok.Verified() {
		t.Error("supported option not verified")
	}
	if (Option{Sentences: []SentenceCheck{{Supported: false}}}).Verified() || (Option{Flags: []string{FlagNoCitations}}).Verified() {
		t.Error("flagged or unsupported option verified")
	}
}
