package embed

import (
	"context"
	"math"
	"os"
	"sort"
	"testing"

	"concierge/knowledge/eval"
)

func evalVec(t *testing.T, ds eval.Dataset, em *Builtin, alpha float64) eval.Report {
	ctx := context.Background()
	var titles, bodies []string
	for _, d := range ds.Corpus {
		titles = append(titles, d.Title)
		bodies = append(bodies, d.Text)
	}
	tv, _ := em.Embed(ctx, titles)
	bv, _ := em.Embed(ctx, bodies)
	var qs []string
	for _, q := range ds.Queries {
		qs = append(qs, q.Text)
	}
	qv, _ := em.Embed(ctx, qs)
	docs := make([][]float64, len(tv))
	for i := range tv {
		v := make([]float64, len(tv[i]))
		var n float64
		for j := range v {
			v[j] = alpha*float64(tv[i][j]) + float64(bv[i][j])
			n += v[j] * v[j]
		}
		for j := range v {
			v[j] /= math.Sqrt(n)
		}
		docs[i] = v
	}
	qi := 0
	rep, _, _ := eval.Evaluate(ctx, ds, func(ctx context.Context, q string, k int) ([]eval.Scored, error) {
		var out []eval.Scored
		for i, d := range docs {
			var s float64
			for j := range d {
				s += d[j] * float64(qv[qi][j])
			}
			out = append(out, eval.Scored{DocID: ds.Corpus[i].ID, Score: s})
		}
		qi++
		sort.Slice(out, func(a, b int) bool { return out[a].Score > out[b].Score })
		return out, nil
	})
	return rep
}

func TestScratchVec(t *testing.T) {
	if os.Getenv("SCRATCH") == "" {
		t.Skip()
	}
	ds, err := eval.LoadBEIR("../../../shared/eval/covidfaq")
	if err != nil {
		t.Skip(err)
	}
	base := []float64{wWord, wStem, wGrams, wPair, wConcept, wStop, wShort}
	set := func(v []float64) { wWord, wStem, wGrams, wPair, wConcept, wStop, wShort = v[0], v[1], v[2], v[3], v[4], v[5], v[6] }
	try := func(name string, v []float64, dims int) {
		set(v)
		r := evalVec(t, ds, NewBuiltin(WithDims(dims)), 2)
		t.Logf("%-12s %v d=%d ndcg=%.4f r=%.4f mrr=%.4f", name, v, dims, r.NDCG10, r.Recall10, r.MRR10)
	}
	_ = try
	for _, al := range []float64{0.5, 1, 2, 3} {
		r := evalVec(t, ds, NewBuiltin(), al)
		t.Logf("alpha %v ndcg=%.4f r=%.4f mrr=%.4f", al, r.NDCG10, r.Recall10, r.MRR10)
	}
	set(base)
}
