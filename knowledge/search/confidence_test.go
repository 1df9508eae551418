package search_test

import (
	"context"
	"testing"

	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

func TestWeakMatchesAreMarked(t *testing.T) {
	ctx := context.Background()
	eng, err := search.OpenMemory(ctx, embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := eng.Upsert(ctx, fixtures()); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q        string
		id       string
		wantWeak bool
	}{
		{"refund within 30 days", "refunds", false},                 // most terms present
		{"how do I reset my password", "password", false},           // natural question
		{"customers sourdough bread recipe ideas", "refunds", true}, // one shared word of five
	}
	for _, c := range cases {
		resp, err := eng.Search(ctx, search.Request{Query: c.q})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range resp.Results {
			if r.ArticleID == c.id {
				found = true
				if r.Weak != c.wantWeak {
					t.Errorf("%q: %s weak=%v, want %v", c.q, c.id, r.Weak, c.wantWeak)
				}
			}
		}
		if !found {
			t.Errorf("%q: %s not retrieved", c.q, c.id)
		}
	}
}
