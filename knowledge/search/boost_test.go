package search_test

import (
	"context"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/feedback"
	"concierge/knowledge/search"
)

func ranking(t *testing.T, e *search.Engine, q string) []string {
	t.Helper()
	res, err := e.Search(context.Background(), search.Request{Query: q, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range res.Results {
		ids = append(ids, r.ArticleID)
	}
	return ids
}

func rankOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i + 1
		}
	}
	return 0
}

// A simulated click log: a paraphrase that misses its article today finds
// it after a few agents used the article for it, and one agent's burst of
// clicks on another article changes nothing.
func TestClickLogLiftsParaphraseButNotABurst(t *testing.T) {
	e := engineWith(t, []knowledge.Article{
		{ID: "immunisation", Title: "Reactions after immunisation", Body: "Soreness where the needle went in, a mild fever and tiredness are common for a day or two after immunisation."},
		{ID: "medication", Title: "Medication side effects", Body: "Report side effects of a prescribed medication to your pharmacist or doctor."},
		{ID: "effects-form", Title: "Side panel settings", Body: "The side panel shows visual effects; turn effects off in Settings."},
		{ID: "parking", Title: "Parking at the clinic", Body: "Visitors park in the north lot; the first hour is free."},
		{ID: "refund", Title: "Refunds for cancelled visits", Body: "A visit cancelled a day ahead is refunded in full within five working days."},
	})
	const q = "jab side effects"
	before := ranking(t, e, q)
	if r := rankOf(before, "immunisation"); r == 1 || (r > 0 && r <= 3) {
		t.Fatalf("the paraphrase already finds its article (rank %d): %v", r, before)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m := feedback.New(nil, feedback.Options{Now: func() time.Time { return now }})
	e.SetBooster(m)

	// One agent clicks another article 300 times for the query.
	for i := 0; i < 300; i++ {
		m.Record(feedback.Event{Query: q, ArticleID: "parking", User: "mallory", Kind: feedback.Insert, At: now.Add(-time.Duration(i) * time.Second)})
	}
	if got := ranking(t, e, q); !equal(got, before) {
		t.Fatalf("a single user's burst moved the ranking: %v → %v", before, got)
	}

	// Three agents, over a week, use the immunisation article for like queries.
	for i, ev := range []feedback.Event{
		{Query: "jab side effects", User: "ana", Kind: feedback.Open},
		{Query: "side effects after the jab", User: "ben", Kind: feedback.Cite},
		{Query: "Jab side-effects?", User: "chloe", Kind: feedback.Insert},
	} {
		ev.ArticleID, ev.At = "immunisation", now.Add(-time.Duration(i)*48*time.Hour)
		m.Record(ev)
	}
	after := ranking(t, e, "side effects of the jab")
	if r := rankOf(after, "immunisation"); r == 0 || r > 3 {
		t.Fatalf("after three agents' uses the article is at rank %d: %v", r, after)
	}
	if r := rankOf(after, "parking"); r != rankOf(ranking(t, e, "side effects of the jab"), "parking") || (r > 0 && r <= rankOf(after, "immunisation")) {
		t.Errorf("the burst article ranks %d: %v", r, after)
	}
	// Editors reset it: the ranking is as before.
	m.Reset("immunisation")
	if got := ranking(t, e, q); !equal(got, before) {
		t.Errorf("after reset: %v, want %v", got, before)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
