package eval

import (
	"context"
	"fmt"
	"io"
	"math"
	"sort"
)

// K is the rank cut-off of every metric.
const K = 10

// RunDepth is the number of results requested per query and written to
// TREC run files.
const RunDepth = 100

// Scored is one retrieved document.
type Scored struct {
	DocID string
	Score float64
}

// RunLine is one line of a TREC run file.
type RunLine struct {
	QueryID string
	DocID   string
	Rank    int // 1-based
	Score   float64
}

// Report holds mean metrics over the evaluated queries.
type Report struct {
	Mode     string  `json:"mode"`
	Queries  int     `json:"queries"`
	NDCG10   float64 `json:"ndcg@10"`
	Recall10 float64 `json:"recall@10"`
	MRR10    float64 `json:"mrr@10"`
}

// SearchFunc returns up to k results for a query, best first.
type SearchFunc func(ctx context.Context, query string, k int) ([]Scored, error)

// Evaluate runs every query of ds through search (asking for RunDepth
// results) and averages nDCG@10, Recall@10 and MRR@10 as trec_eval does.
// Duplicate document ids in a result list are kept only at their first rank.
func Evaluate(ctx context.Context, ds Dataset, search SearchFunc) (Report, []RunLine, error) {
	var rep Report
	var lines []RunLine
	for _, q := range ds.Queries {
		res, err := search(ctx, q.Text, RunDepth)
		if err != nil {
			return Report{}, nil, fmt.Errorf("eval: query %s: %w", q.ID, err)
		}
		seen := map[string]bool{}
		var ranked []string
		for _, r := range res {
			if seen[r.DocID] {
				continue
			}
			seen[r.DocID] = true
			ranked = append(ranked, r.DocID)
			lines = append(lines, RunLine{QueryID: q.ID, DocID: r.DocID, Rank: len(ranked), Score: r.Score})
		}
		rel := ds.Qrels[q.ID]
		rep.NDCG10 += NDCG(ranked, rel, K)
		rep.Recall10 += Recall(ranked, rel, K)
		rep.MRR10 += RR(ranked, rel, K)
		rep.Queries++
	}
	if rep.Queries > 0 {
		n := float64(rep.Queries)
		rep.NDCG10 /= n
		rep.Recall10 /= n
		rep.MRR10 /= n
	}
	return rep, lines, nil
}

// NDCG is nDCG@k with gain = relevance grade and discount log2(rank+1);
// the ideal DCG is over all judged-relevant documents of the query.
func NDCG(ranked []string, rel map[string]int, k int) float64 {
	var dcg float64
	for i, d := range ranked {
		if i >= k {
			break
		}
		if g := rel[d]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	grades := make([]int, 0, len(rel))
	for _, g := range rel {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	var idcg float64
	for i, g := range grades {
		if i >= k {
			break
		}
		idcg += float64(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// Recall is the share of relevant documents found in the top k.
func Recall(ranked []string, rel map[string]int, k int) float64 {
	total := 0
	for _, g := range rel {
		if g > 0 {
			total++
		}
	}
	if total == 0 {
		return 0
	}
	found := 0
	for i, d := range ranked {
		if i >= k {
			break
		}
		if rel[d] > 0 {
			found++
		}
	}
	return float64(found) / float64(total)
}

// RR is the reciprocal rank of the first relevant document in the top k, or 0.
func RR(ranked []string, rel map[string]int, k int) float64 {
	for i, d := range ranked {
		if i >= k {
			break
		}
		if rel[d] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// WriteTREC writes lines as "qid Q0 docid rank score tag", the TREC run
// format read by trec_eval.
func WriteTREC(w io.Writer, lines []RunLine, tag string) error {
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "%s Q0 %s %d %.6f %s\n", l.QueryID, l.DocID, l.Rank, l.Score, tag); err != nil {
			return fmt.Errorf("eval: write run: %w", err)
		}
	}
	return nil
}
