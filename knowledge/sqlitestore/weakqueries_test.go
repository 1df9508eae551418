package sqlitestore

import (
	"context"
	"testing"
	"time"

	"concierge/knowledge"
)

func TestWeakQueries(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, e := range []knowledge.QueryLogEntry{
		{Query: "old gap", Results: 0},
		{Query: "lost card", Results: 0},
		{Query: "vpn", Results: 5, TopScore: 0.9},
		{Query: "parking fee", Results: 3, TopScore: 0.2},
		{Query: "refund", Results: 1, TopScore: 0.8},
	} {
		e.At = t0.Add(time.Duration(i) * time.Hour)
		if err := s.LogQuery(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	queries := func(since time.Time, maxResults int, maxTop float64) []string {
		t.Helper()
		got, err := s.WeakQueries(ctx, since, maxResults, maxTop)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range got {
			out = append(out, e.Query)
		}
		return out
	}
	eq := func(name string, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: got %v, want %v", name, got, want)
				return
			}
		}
	}
	eq("no results since t0+1h", queries(t0.Add(time.Hour), 0, 0), "lost card")
	eq("few results or low score", queries(t0.Add(time.Hour), 1, 0.3), "refund", "parking fee", "lost card")
	eq("everything weak, all time", queries(time.Time{}, 0, 0), "lost card", "old gap")
}
