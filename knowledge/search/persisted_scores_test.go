package search_test

import (
	"context"
	"math"
	"testing"

	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

// A persistent engine keeps passage texts in its texts file, not in its
// records; every score that depends on them (BM25 length normalisation, the
// vector collection) must come out as in an in-memory engine, before and
// after reopening.
func TestPersistentEngineScoresAsInMemory(t *testing.T) {
	ctx := context.Background()
	mem := newEngine(t)
	dir := t.TempDir()
	disk, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	<-disk.Ready()
	if err := disk.Upsert(ctx, fixtures()); err != nil {
		t.Fatal(err)
	}
	check := func(e *search.Engine, when string) {
		t.Helper()
		for _, mode := range []search.Mode{search.ModeBM25, search.ModeVector, search.ModeHybrid} {
			for _, q := range []string{"refund within 30 days", "reset link expires", "возврат", "คืนเงิน"} {
				want := mustSearch(t, mem, search.Request{Query: q, Mode: mode, Limit: 5})
				got := mustSearch(t, e, search.Request{Query: q, Mode: mode, Limit: 5})
				if len(got.Results) != len(want.Results) {
					t.Fatalf("%s %s %q: %v, in memory %v", when, mode, q, ids(got), ids(want))
				}
				for i := range want.Results {
					g, w := got.Results[i], want.Results[i]
					if g.ArticleID != w.ArticleID || math.Abs(g.Score-w.Score) > 0.02*math.Abs(w.Score)+1e-6 {
						t.Errorf("%s %s %q #%d: %s %.4f, in memory %s %.4f", when, mode, q, i, g.ArticleID, g.Score, w.ArticleID, w.Score)
					}
				}
			}
		}
	}
	check(disk, "fresh")
	if err := disk.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	<-again.Ready()
	check(again, "reopened")
}
