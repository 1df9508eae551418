package editorial

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/embed"
)

// DefaultGapSimilarity is the cosine similarity at or above which two
// searches count as the same question.
const DefaultGapSimilarity = 0.5

// MaxGapExamples is how many example queries a GapCluster keeps.
const MaxGapExamples = 5

// GapCluster is a group of searches that found nothing useful and ask the
// same thing in different words.
type GapCluster struct {
	// Label is the cluster's most frequent query (ties: the shortest, then
	// alphabetical), a good first title for a new article.
	Label string `json:"label"`
	// Count is the number of logged searches in the cluster.
	Count int `json:"count"`
	// Examples are up to MaxGapExamples distinct queries, most frequent first.
	Examples []string  `json:"examples"`
	LastAt   time.Time `json:"lastAt"`
}

// normQuery folds case and white space so "Parking  Validation" and
// "parking validation" count as one query.
func normQuery(q string) string { return strings.Join(strings.Fields(strings.ToLower(q)), " ") }

type gapQuery struct {
	text   string // as first typed (the newest spelling)
	norm   string
	count  int
	lastAt time.Time
	vec    []float32
}

// ClusterGaps groups weak searches by meaning. Identical queries (ignoring
// case and spacing) are merged first; the distinct queries are embedded and
// clustered greedily, most frequent first: a query joins the cluster whose
// centroid is most similar if that similarity is at least threshold
// (0: DefaultGapSimilarity), otherwise it starts a new cluster. The result
// is deterministic for a given log and embedder, largest cluster first.
func ClusterGaps(ctx context.Context, emb embed.Embedder, entries []knowledge.QueryLogEntry, threshold float64) ([]GapCluster, error) {
	if threshold <= 0 {
		threshold = DefaultGapSimilarity
	}
	byNorm := map[string]*gapQuery{}
	var qs []*gapQuery
	for _, e := range entries {
		n := normQuery(e.Query)
		if n == "" {
			continue
		}
		g := byNorm[n]
		if g == nil {
			g = &gapQuery{text: strings.TrimSpace(e.Query), norm: n}
			byNorm[n] = g
			qs = append(qs, g)
		}
		g.count++
		if e.At.After(g.lastAt) {
			g.lastAt = e.At
		}
	}
	if len(qs) == 0 {
		return []GapCluster{}, nil
	}
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].count != qs[j].count {
			return qs[i].count > qs[j].count
		}
		if len(qs[i].norm) != len(qs[j].norm) {
			return len(qs[i].norm) < len(qs[j].norm)
		}
		return qs[i].norm < qs[j].norm
	})
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.norm
	}
	vecs, err := emb.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("compare the searches: %w", err)
	}
	if len(vecs) != len(qs) {
		return nil, fmt.Errorf("compare the searches: the embedder returned %d vectors for %d queries", len(vecs), len(qs))
	}
	for i := range qs {
		qs[i].vec = vecs[i]
	}

	type cluster struct {
		members []*gapQuery
		sum     []float64 // sum of member vectors
	}
	var cs []*cluster
	for _, q := range qs {
		best, bestSim := -1, threshold
		for ci, c := range cs {
			if s := cosine64(c.sum, q.vec); s >= bestSim {
				best, bestSim = ci, s
			}
		}
		if best < 0 {
			c := &cluster{sum: make([]float64, len(q.vec))}
			cs = append(cs, c)
			best = len(cs) - 1
		}
		c := cs[best]
		c.members = append(c.members, q)
		for i, x := range q.vec {
			if i < len(c.sum) {
				c.sum[i] += float64(x)
			}
		}
	}

	out := make([]GapCluster, 0, len(cs))
	for _, c := range cs {
		// Members are already most frequent first (then shortest).
		g := GapCluster{Label: c.members[0].text, Examples: []string{}}
		for _, m := range c.members {
			g.Count += m.count
			if m.lastAt.After(g.LastAt) {
				g.LastAt = m.lastAt
			}
			if len(g.Examples) < MaxGapExamples {
				g.Examples = append(g.Examples, m.text)
			}
		}
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if !out[i].LastAt.Equal(out[j].LastAt) {
			return out[i].LastAt.After(out[j].LastAt)
		}
		return out[i].Label < out[j].Label
	})
	return out, nil
}

// cosine64 is the cosine similarity of an unnormalised sum and a vector.
func cosine64(sum []float64, v []float32) float64 {
	var dot, ns, nv float64
	for i := range min(len(sum), len(v)) {
		x := float64(v[i])
		dot += sum[i] * x
		ns += sum[i] * sum[i]
		nv += x * x
	}
	if ns == 0 || nv == 0 {
		return 0
	}
	return dot / (sqrt(ns) * sqrt(nv))
}
