package search

import (
	"context"
	"sort"
)

// Booster supplies what was learned from use: a boost in [0, 1] per
// article for a query (package feedback's Model implements it). The app
// wires it; the engine only reads it.
type Booster interface {
	Boosts(ctx context.Context, query string) map[string]float64
}

// SetBooster installs (nil: removes) the source of learned boosts.
func (e *Engine) SetBooster(b Booster) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.booster = b
}

// applyBoosts adds Options.BoostWeight × boost to the fused hybrid score of
// each boosted article that passes the filters, bringing in articles that
// neither retriever found (with their first passage), and re-sorts.
// Single-retriever modes are left as retrieved: they are for diagnosis.
func (e *Engine) applyBoosts(ctx context.Context, mode Mode, q string, order []*fusedArticle, allow func(*artRec) bool) []*fusedArticle {
	if e.booster == nil || mode != ModeHybrid {
		return order
	}
	boosts := e.booster.Boosts(ctx, q)
	if len(boosts) == 0 {
		return order
	}
	seen := make(map[string]*fusedArticle, len(order))
	for _, fa := range order {
		seen[fa.id] = fa
	}
	for aid, b := range boosts {
		if b <= 0 {
			continue
		}
		fa := seen[aid]
		if fa == nil {
			rec := e.arts[aid]
			if rec == nil || len(rec.Passages) == 0 || !allow(rec) {
				continue
			}
			fa = &fusedArticle{id: aid, rec: rec, bm: -1, vec: -1,
				passages: map[int]*fusedPassage{0: {ordinal: 0, bm: -1, vec: -1}}}
			seen[aid] = fa
			order = append(order, fa)
		}
		fa.score += e.opts.BoostWeight * min(b, 1)
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].score != order[j].score {
			return order[i].score > order[j].score
		}
		return order[i].id < order[j].id
	})
	return order
}
