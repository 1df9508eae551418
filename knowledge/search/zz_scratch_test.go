package search_test

import (
	"os"
	"testing"

	"concierge/knowledge/search"
)

func TestScratchFusion(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	ds := devSet(t)
	for _, o := range []search.Options{
		{},
		{VectorWeight: 0.5},
		{VectorWeight: 0.7},
		{RRFK: 20},
		{RRFK: 10},
		{StemWeight: -1},
		{StemWeight: 1},
		{TitleBoost: 1},
		{TitleBoost: 3},
	} {
		e := indexDataset(t, ds, o)
		for _, m := range []search.Mode{search.ModeBM25, search.ModeVector, search.ModeHybrid} {
			r := runMode(t, e, ds, m)
			t.Logf("%+v %-6s nDCG@10=%.4f R@10=%.4f MRR@10=%.4f", o, m, r.NDCG10, r.Recall10, r.MRR10)
		}
		e.Close()
	}
}
