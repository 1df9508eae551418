package search_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/eval"
	"concierge/knowledge/search"
)

// devSet finds the shared dev collection relative to the repository root
// (../shared/eval/covidfaq from the root); the test skips when it is absent.
func devSet(t testing.TB) eval.Dataset {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "eval", "covidfaq")
	if _, err := os.Stat(filepath.Join(dir, "corpus.jsonl")); err != nil {
		t.Skipf("dev set not found at %s (expected ../shared/eval/covidfaq from the repo root): %v", dir, err)
	}
	ds, err := eval.LoadBEIR(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func indexDataset(t testing.TB, ds eval.Dataset, opts search.Options) *search.Engine {
	t.Helper()
	ctx := context.Background()
	e, err := search.OpenMemory(ctx, embed.NewBuiltin(), opts)
	if err != nil {
		t.Fatal(err)
	}
	as := make([]knowledge.Article, len(ds.Corpus))
	for i, d := range ds.Corpus {
		as[i] = knowledge.Article{ID: d.ID, Title: d.Title, Body: d.Text, Language: "en",
			Status: knowledge.StatusPublished, Audience: knowledge.AudienceCustomer}
	}
	if err := e.Upsert(ctx, as); err != nil {
		t.Fatal(err)
	}
	return e
}

func runMode(t testing.TB, e *search.Engine, ds eval.Dataset, mode search.Mode) eval.Report {
	t.Helper()
	rep, _, err := eval.Evaluate(context.Background(), ds, func(ctx context.Context, q string, k int) ([]eval.Scored, error) {
		res, err := e.Search(ctx, search.Request{Query: q, Mode: mode, Limit: k, PassagesPerArticle: 1})
		if err != nil {
			return nil, err
		}
		out := make([]eval.Scored, len(res.Results))
		for i, r := range res.Results {
			out[i] = eval.Scored{DocID: r.ArticleID, Score: r.Score}
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep.Mode = string(mode)
	return rep
}

func TestDevSetHybridBeatsBM25(t *testing.T) {
	ds := devSet(t)
	e := indexDataset(t, ds, search.Options{})
	defer e.Close()
	reps := map[search.Mode]eval.Report{}
	for _, m := range []search.Mode{search.ModeBM25, search.ModeVector, search.ModeHybrid} {
		reps[m] = runMode(t, e, ds, m)
		r := reps[m]
		t.Logf("%-6s queries=%d nDCG@10=%.4f Recall@10=%.4f MRR@10=%.4f", r.Mode, r.Queries, r.NDCG10, r.Recall10, r.MRR10)
	}
	h, b := reps[search.ModeHybrid], reps[search.ModeBM25]
	if h.NDCG10 <= b.NDCG10 {
		t.Errorf("hybrid nDCG@10 %.4f does not beat bm25 %.4f", h.NDCG10, b.NDCG10)
	}
	if h.NDCG10 <= 0.63 {
		t.Errorf("hybrid nDCG@10 %.4f not above 0.63", h.NDCG10)
	}
}
