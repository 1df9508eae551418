package search_test

import (
	"context"
	"math"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/search"
)

// The bm25 mode scores passages with textbook BM25 (k1 1.2, b 0.75), the
// title as a BM25F field, df the largest of the fields' document
// frequencies (Lucene's CombinedFieldQuery): the scores must equal the
// formula computed here.
func TestLexicalIsTextbookBM25(t *testing.T) {
	ctx := context.Background()
	e := engineWith(t, []knowledge.Article{
		{ID: "a", Title: "one", Body: "alpha beta gamma"},
		{ID: "b", Title: "two", Body: "alpha alpha delta epsilon zeta eta"},
		{ID: "c", Title: "three", Body: "theta iota kappa"},
		{ID: "d", Title: "alpha", Body: "lambda mu nu"},
	})
	res, err := e.Search(ctx, search.Request{Query: "alpha", Mode: search.ModeBM25})
	if err != nil {
		t.Fatal(err)
	}
	const k1, b, titleBoost = 1.2, 0.75, 2.0
	avgBody, avgTitle := 15.0/4, 1.0
	// "alpha" is in two bodies (a, b) and one title (d): df = max(2, 1).
	idf := math.Log(1 + (4-2+0.5)/(2+0.5))
	bm := func(x float64) float64 { return idf * x * (k1 + 1) / (k1 + x) }
	want := map[string]float64{
		"a": bm(1 / (1 - b + b*3/avgBody)),
		"b": bm(2 / (1 - b + b*6/avgBody)),
		"d": bm(titleBoost * 1 / (1 - b + b*1/avgTitle)),
	}
	if len(res.Results) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(res.Results), len(want), res.Results)
	}
	for _, r := range res.Results {
		if w := want[r.ArticleID]; math.Abs(r.Score-w) > 1e-4*w {
			t.Errorf("%s: score %.6f, want %.6f", r.ArticleID, r.Score, w)
		}
	}
	if res.Results[0].ArticleID != "d" || res.Results[1].ArticleID != "b" {
		t.Errorf("order %s %s %s, want d b a", res.Results[0].ArticleID, res.Results[1].ArticleID, res.Results[2].ArticleID)
	}
}
