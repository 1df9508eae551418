package editorial

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/passage"
)

// DefaultDuplicateThreshold is the similarity from which two articles are
// listed as near-duplicates.
const DefaultDuplicateThreshold = 0.85

// DuplicatePair is two articles that say much the same thing.
type DuplicatePair struct {
	A, B       knowledge.Article
	Similarity float64
}

// embedBatch bounds one Embed call.
const embedBatch = 256

// Duplicates finds article pairs whose passages are alike. Each article's
// passages (split as the search index splits them, title first) are
// embedded; the similarity of A and B is the mean, over both directions, of
// each passage's best match in the other article — so a short article
// wholly contained in a long one scores high, and two articles sharing one
// boilerplate paragraph do not. Pairs at or above threshold
// (0: DefaultDuplicateThreshold) are returned most similar first.
func Duplicates(ctx context.Context, emb embed.Embedder, articles []knowledge.Article, threshold float64) ([]DuplicatePair, error) {
	if threshold <= 0 {
		threshold = DefaultDuplicateThreshold
	}
	type art struct {
		a        knowledge.Article
		vecs     [][]float32
		centroid []float32
	}
	arts := make([]art, len(articles))
	var texts []string
	var owner []int
	for i, a := range articles {
		arts[i].a = a
		for _, p := range passage.Split(a, passage.DefaultMaxRunes) {
			t := strings.TrimSpace(p.Text)
			if t == "" {
				continue
			}
			texts = append(texts, a.Title+"\n"+strings.Join(p.Headings, " / ")+"\n"+t)
			owner = append(owner, i)
		}
		if len(texts) == 0 || owner[len(owner)-1] != i {
			texts = append(texts, a.Title)
			owner = append(owner, i)
		}
	}
	for start := 0; start < len(texts); start += embedBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		end := min(start+embedBatch, len(texts))
		vs, err := emb.Embed(ctx, texts[start:end])
		if err != nil {
			return nil, fmt.Errorf("compare the articles: %w", err)
		}
		if len(vs) != end-start {
			return nil, fmt.Errorf("compare the articles: the embedder returned %d vectors for %d passages", len(vs), end-start)
		}
		for k, v := range vs {
			i := owner[start+k]
			arts[i].vecs = append(arts[i].vecs, unit(v))
		}
	}
	for i := range arts {
		arts[i].centroid = unit(centroid(arts[i].vecs))
	}
	// The centroids rule out most pairs cheaply: articles about different
	// things have dissimilar centroids.
	prefilter := threshold - 0.25
	// Rows are shared out to the CPUs; the result is sorted afterwards, so
	// it does not depend on scheduling.
	var (
		mu   sync.Mutex
		out  []DuplicatePair
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []DuplicatePair
			for {
				i := int(next.Add(1) - 1)
				if i >= len(arts) || ctx.Err() != nil {
					break
				}
				for j := i + 1; j < len(arts); j++ {
					if dot32(arts[i].centroid, arts[j].centroid) < prefilter {
						continue
					}
					s := (meanBest(arts[i].vecs, arts[j].vecs) + meanBest(arts[j].vecs, arts[i].vecs)) / 2
					if s >= threshold {
						local = append(local, DuplicatePair{A: arts[i].a, B: arts[j].a, Similarity: min(1, s)})
					}
				}
			}
			mu.Lock()
			out = append(out, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Similarity != out[j].Similarity {
			return out[i].Similarity > out[j].Similarity
		}
		if out[i].A.ID != out[j].A.ID {
			return out[i].A.ID < out[j].A.ID
		}
		return out[i].B.ID < out[j].B.ID
	})
	return out, nil
}

// meanBest (over unit vectors) is the mean over a's vectors of their best similarity in b.
func meanBest(a, b [][]float32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	var sum float64
	for _, x := range a {
		best := -1.0
		for _, y := range b {
			if s := dot32(x, y); s > best {
				best = s
			}
		}
		sum += best
	}
	return sum / float64(len(a))
}

func centroid(vs [][]float32) []float32 {
	if len(vs) == 0 {
		return nil
	}
	c := make([]float32, len(vs[0]))
	for _, v := range vs {
		for i := range min(len(c), len(v)) {
			c[i] += v[i]
		}
	}
	return c
}
