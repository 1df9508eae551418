package search

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestPrefixQueryBoundedAndScoredAsBleve: a prefix with more completions
// than maxPrefixTerms expands to the most frequent ones only, and a
// passage that holds a kept completion scores as under Bleve's own
// (unbounded) prefix query up to the query normalisation, one factor for
// the whole request (so every ranking is the same); a passage with only a
// dropped, rare completion is no longer matched by the prefix.
func TestPrefixQueryBoundedAndScoredAsBleve(t *testing.T) {
	idx, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	// Completion "payN" is in N+1 documents (plus filler words), so the
	// 32 kept are pay8..pay39 and pay0..pay7 are dropped.
	const completions = maxPrefixTerms + 8
	b := idx.NewBatch()
	for n := 0; n < completions; n++ {
		for k := 0; k <= n; k++ {
			id := fmt.Sprintf("d%02d-%02d", n, k)
			if err := b.Index(id, map[string]any{"body": fmt.Sprintf("pay%d %s", n, strings.Repeat("filler ", k%3))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	ix, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	q := prefixQuery(r, "body", "pay", 0.8)
	dq, ok := q.(*query.DisjunctionQuery)
	if !ok || len(dq.Disjuncts) != maxPrefixTerms {
		t.Fatalf("want a disjunction of %d terms, got %T %v", maxPrefixTerms, q, q)
	}
	ref := bleve.NewPrefixQuery("pay")
	ref.SetField("body")
	ref.SetBoost(0.8)
	scores := func(q query.Query) map[string]float64 {
		res, err := idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 10000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	got, want := scores(q), scores(ref)
	norm := 0.0 // the query-normalisation factor between the two
	for id, w := range want {
		var n int
		fmt.Sscanf(id, "d%02d", &n)
		g, ok := got[id]
		switch {
		case n < completions-maxPrefixTerms && ok:
			t.Fatalf("%s holds only a dropped completion but matched", id)
		case n >= completions-maxPrefixTerms && !ok:
			t.Fatalf("%s holds a kept completion but did not match", id)
		case ok:
			if norm == 0 {
				norm = g / w
			}
			if math.Abs(g/w-norm) > 1e-9*norm {
				t.Fatalf("%s: score %v, Bleve's prefix query %v: ratio %v, others %v", id, g, w, g/w, norm)
			}
		}
	}
	if _, ok := prefixQuery(r, "body", "zzz", 1).(*query.MatchNoneQuery); !ok {
		t.Fatal("a prefix with no completion must match nothing")
	}
}
