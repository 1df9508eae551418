package search_test

import (
	"context"
	"os"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

func TestScratchNoRel(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	ds := devSet(t)
	ctx := context.Background()
	e, _ := search.OpenMemory(ctx, embed.NewBuiltin(embed.WithoutRelatedTerms()), search.Options{})
	var as []knowledge.Article
	for _, d := range ds.Corpus {
		as = append(as, knowledge.Article{ID: d.ID, Title: d.Title, Body: d.Text, Language: "en", Status: knowledge.StatusPublished})
	}
	e.Upsert(ctx, as)
	for _, m := range []search.Mode{search.ModeBM25, search.ModeVector, search.ModeHybrid} {
		r := runMode(t, e, ds, m)
		t.Logf("norel %-6s nDCG@10=%.4f R@10=%.4f MRR@10=%.4f", m, r.NDCG10, r.Recall10, r.MRR10)
	}
}
