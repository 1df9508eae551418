package search

import (
	"context"
	"fmt"
	"math"
	"sort"

	"concierge/knowledge/analysis"
)

// Pseudo-relevance feedback (RM3, Abdul-Jaleel et al. 2004; the settings
// are the customary ones of the Anserini toolkit, not fitted here): the
// first BM25 pass's top prfDocs passages are taken as relevant, a
// relevance model P(t|R) = Σ_d P(d|q)·tf(t,d)/|d| is estimated from their
// title and text with P(d|q) ∝ the passage's score, its prfTerms best terms
// (weighted by P(t|R)·idf(t), so that function words, which no analyser
// here removes, do not take their place) are mixed with the query at
// prfOrigWeight, and BM25 runs again. The knowledge base's own articles
// thus supply the vocabulary a short query lacks.
const (
	prfDocs       = 10
	prfTerms      = 10
	prfOrigWeight = 0.5
)

// expand returns the groups of an RM3-expanded query from the first-pass
// hits (best first).
func (e *Engine) expand(ctx context.Context, groups []lexGroup, hits []passageHit) ([]lexGroup, error) {
	if len(hits) == 0 {
		return groups, nil
	}
	hits = hits[:min(prfDocs, len(hits))]
	var total float64
	for _, h := range hits {
		total += h.score
	}
	if total <= 0 {
		return groups, nil
	}
	ix, err := e.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("%w: prf: %v", ErrIndex, err)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, fmt.Errorf("%w: prf: %v", ErrIndex, err)
	}
	defer r.Close()
	out := make([]lexGroup, 0, len(groups))
	for _, lg := range groups {
		rel := map[string]float64{}
		for _, h := range hits {
			rec := e.arts[h.aid]
			if rec == nil || h.ordinal >= len(rec.Passages) || !inGroup(rec.Language, lg.g.suffix) {
				continue
			}
			p := rec.Passages[h.ordinal]
			ts, err := analysis.Terms(lg.g.analyzer, rec.Title+"\n"+bodyText(p.Headings, e.passageText(rec, h.ordinal)))
			if err != nil || len(ts) == 0 {
				continue
			}
			w := h.score / total / float64(len(ts))
			for _, t := range ts {
				rel[t] += w
			}
		}
		if len(rel) == 0 {
			out = append(out, lg)
			continue
		}
		n := float64(e.groupPassages[lg.g.suffix])
		type cand struct {
			t string
			w float64
		}
		cands := make([]cand, 0, len(rel))
		for t, p := range rel {
			tfr, err := r.TermFieldReader(ctx, []byte(t), "body_"+lg.g.suffix, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("%w: prf: %v", ErrIndex, err)
			}
			df := float64(tfr.Count())
			tfr.Close()
			idf := math.Log(1 + (max(n, df)-df+0.5)/(df+0.5))
			cands = append(cands, cand{t, p * idf})
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].w != cands[j].w {
				return cands[i].w > cands[j].w
			}
			return cands[i].t < cands[j].t
		})
		cands = cands[:min(prfTerms, len(cands))]
		var sumQ, sumE float64
		for _, t := range lg.terms {
			sumQ += t.qtf
		}
		for _, c := range cands {
			sumE += c.w
		}
		weights := map[string]float64{}
		var order []string
		for _, t := range lg.terms {
			weights[t.term] += prfOrigWeight * t.qtf / sumQ
			order = append(order, t.term)
		}
		for _, c := range cands {
			if _, ok := weights[c.t]; !ok {
				order = append(order, c.t)
			}
			weights[c.t] += (1 - prfOrigWeight) * c.w / sumE
		}
		ng := lexGroup{g: lg.g}
		for _, t := range order {
			ng.terms = append(ng.terms, lexTerm{term: t, qtf: weights[t]})
		}
		out = append(out, ng)
	}
	return out, nil
}
