package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"sync"

	"concierge/knowledge/analysis"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Lexical retrieval is textbook BM25F computed here from Bleve's postings
// (term frequency and field length per passage), not Bleve's own scorer.
// Bleve's BM25 departs from the textbook formula in ways that cost up to
// 0.1 nDCG@10 on ordinary collections: it saturates √tf instead of tf,
// multiplies every term by its IDF a second time (query normalisation),
// scales disjunctions by the share of clauses matched (coord), and takes
// the "average document length" to be the number of distinct terms in the
// field divided by the number of documents in the whole index.
//
// Per language group g and query term t, over the passages of g:
//
//	tf~(t,p) = Σ_f w_f · tf(t,f,p) / (1 − b + b · len(f,p)/avglen(f))   f ∈ {title, body}
//	score(p) = Σ_t qtf(t) · idf(t) · tf~ · (k1+1) / (k1 + tf~)
//	idf(t)   = ln(1 + (N − df + 0.5) / (df + 0.5))
//
// N is the number of passages of g, df the number of them holding t in
// either field, w_title = Options.TitleBoost and w_body = 1 (BM25F,
// Robertson & Zaragoza 2009), except for stop words in a query that also
// has content words, whose w_body is stopWordBodyWeight (stopweight.go).
// k1 and b are the textbook 1.2 and 0.75.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// lexTerm is one query term in one field group, with its weight (its
// frequency in the query, or its relevance-model weight).
type lexTerm struct {
	term string
	qtf  float64
}

// lexGroup is the analysed query for one language group.
type lexGroup struct {
	g     langGroup
	terms []lexTerm
}

// lexicalGroups analyses q for every language group the index holds that
// the query's scripts can match.
func (e *Engine) lexicalGroups(q string) []lexGroup {
	scripts := detectScripts(q)
	var out []lexGroup
	for _, g := range langGroups {
		if e.groupPassages[g.suffix] == 0 || !groupQueried(g, scripts) {
			continue
		}
		terms, err := analysis.Terms(g.analyzer, q)
		if err != nil || len(terms) == 0 {
			continue
		}
		var lts []lexTerm
		at := map[string]int{}
		for _, t := range terms {
			if i, ok := at[t]; ok {
				lts[i].qtf++
				continue
			}
			at[t] = len(lts)
			lts = append(lts, lexTerm{term: t, qtf: 1})
		}
		out = append(out, lexGroup{g: g, terms: lts})
	}
	return out
}

// groupQueried reports whether a query with these scripts is matched
// against group g: a Thai or Russian group needs Thai or Cyrillic letters
// in the query, or Latin words (which those articles may contain).
func groupQueried(g langGroup, sc scripts) bool {
	switch {
	case g.suffix == "th":
		return sc.thai || sc.latin
	case g.suffix == "ru":
		return sc.cyrillic || sc.latin
	}
	return true
}

// lexicalSearch returns the best passages by BM25F. allowIDs, when non-nil,
// restricts the passages scored (Bleve internal ids of a selective
// filter); keep decides on the resolved passage id otherwise.
func (e *Engine) lexicalSearch(ctx context.Context, groups []lexGroup, size int, allowIDs map[string]struct{}, keep func(aid string) bool) ([]passageHit, error) {
	ix, err := e.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
	}
	defer r.Close()
	// Passages are numbered densely as they are met: map lookups with
	// string(bytes) do not allocate, so only a passage's first posting
	// does; per-term frequencies live in slices reset by a term stamp.
	var (
		dense    = map[uint64]int32{} // Scorch's 8-byte internal ids
		denseStr map[string]int32     // any other length
		internal []string
		score    []float64
		tfTitle  []float64
		tfBody   []float64
		stamp    []int32
		touched  []int32
		cur      int32
	)
	wTitle := e.opts.TitleBoost
	content := false // the query has a term that is not a stop word
	for _, lg := range groups {
		stop := stopTerms(lg.g.analyzer)
		for _, t := range lg.terms {
			content = content || !stop[t.term]
		}
	}
	for _, lg := range groups {
		n := float64(e.groupPassages[lg.g.suffix])
		avg := e.lex.averages(e, lg.g)
		stop := stopTerms(lg.g.analyzer)
		for _, t := range lg.terms {
			wBody := 1.0 // see stopweight.go
			if content && stop[t.term] {
				wBody = stopWordBodyWeight
			}
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			cur++
			touched = touched[:0]
			for fi, base := range [2]string{"title", "body"} {
				tfr, err := r.TermFieldReader(ctx, []byte(t.term), base+"_"+lg.g.suffix, true, true, false)
				if err != nil {
					return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
				}
				a := avg[fi]
				var d index.TermFieldDoc
				for {
					d.ID = d.ID[:0] // upsidedown appends to a reused ID
					tfd, err := tfr.Next(&d)
					if err != nil {
						tfr.Close()
						return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
					}
					if tfd == nil {
						break
					}
					if allowIDs != nil {
						if _, ok := allowIDs[string(tfd.ID)]; !ok {
							continue
						}
					}
					var (
						k  int32
						ok bool
						u  uint64
					)
					if len(tfd.ID) == 8 {
						u = binary.BigEndian.Uint64(tfd.ID)
						k, ok = dense[u]
					} else {
						k, ok = denseStr[string(tfd.ID)]
					}
					if !ok {
						k = int32(len(internal))
						id := string(tfd.ID)
						if len(tfd.ID) == 8 {
							dense[u] = k
						} else {
							if denseStr == nil {
								denseStr = map[string]int32{}
							}
							denseStr[id] = k
						}
						internal = append(internal, id)
						score, tfTitle, tfBody, stamp = append(score, 0), append(tfTitle, 0), append(tfBody, 0), append(stamp, 0)
					}
					if stamp[k] != cur {
						stamp[k], tfTitle[k], tfBody[k] = cur, 0, 0
						touched = append(touched, k)
					}
					length := 1.0
					if tfd.Norm > 0 {
						length = 1 / (tfd.Norm * tfd.Norm)
					}
					al := a
					if al <= 0 {
						al = length
					}
					x := float64(tfd.Freq) / (1 - bm25B + bm25B*length/al)
					if fi == 0 {
						tfTitle[k] = x
					} else {
						tfBody[k] = x
					}
				}
				tfr.Close()
			}
			df := float64(len(touched))
			if df == 0 {
				continue
			}
			idf := math.Log(1 + (max(n, df)-df+0.5)/(df+0.5))
			wt := t.qtf * idf
			for _, k := range touched {
				x := wTitle*tfTitle[k] + wBody*tfBody[k]
				score[k] += wt * x * (bm25K1 + 1) / (bm25K1 + x)
			}
		}
	}
	better := func(a, b int32) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return internal[a] < internal[b]
	}
	// Only the best passages are needed in order: a bounded selection of
	// twice the pool (room for passages keep rejects) instead of sorting
	// every passage a common word touched; the rest is sorted only when
	// that room runs out.
	cands, rest := bestOf(len(internal), 2*size, better)
	out := make([]passageHit, 0, min(size, len(internal)))
	for i := 0; i < len(cands); i++ {
		c := cands[i]
		if len(out) == size {
			break
		}
		if i == len(cands)-1 && len(rest) > 0 {
			sort.Slice(rest, func(i, j int) bool { return better(rest[i], rest[j]) })
			cands, rest = append(cands, rest...), nil
		}
		pid, err := r.ExternalID(index.IndexInternalID(internal[c]))
		if err != nil {
			continue // deleted since the postings were read
		}
		aid, ord := splitPID(pid)
		if keep != nil && !keep(aid) {
			continue
		}
		out = append(out, passageHit{aid: aid, ordinal: ord, score: score[c]})
	}
	return out, nil
}

// filterIDs returns the Bleve internal ids of the passages that match a
// filter query, for selective filters.
func (e *Engine) filterIDs(ctx context.Context, fq query.Query) (map[string]struct{}, error) {
	ix, err := e.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("%w: filter: %v", ErrIndex, err)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, fmt.Errorf("%w: filter: %v", ErrIndex, err)
	}
	defer r.Close()
	s, err := fq.Searcher(ctx, r, e.idx.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, fmt.Errorf("%w: filter: %v", ErrIndex, err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	out := map[string]struct{}{}
	for {
		m, err := s.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("%w: filter: %v", ErrIndex, err)
		}
		if m == nil {
			return out, nil
		}
		out[string(m.IndexInternalID)] = struct{}{}
		sctx.DocumentMatchPool.Put(m)
	}
}

// lexStats caches the average title and body length (in tokens) per
// language group. BM25 needs them only roughly, so they are estimated from
// a deterministic sample of articles (those whose id hash falls in every
// stride-th bucket) and recomputed when the group's passage count has
// moved by more than a tenth.
type lexStats struct {
	mu     sync.Mutex
	groups map[string]lexAvg
}

type lexAvg struct {
	passages int
	avg      [2]float64 // title, body
}

// sampleArticles bounds the articles analysed for an estimate.
const sampleArticles = 400

func (s *lexStats) averages(e *Engine, g langGroup) [2]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := e.groupPassages[g.suffix]
	if c, ok := s.groups[g.suffix]; ok && math.Abs(float64(c.passages-n)) <= 0.1*float64(c.passages) {
		return c.avg
	}
	var arts int
	for _, r := range e.arts {
		if inGroup(r.Language, g.suffix) {
			arts++
		}
	}
	stride := uint64(max(1, arts/sampleArticles))
	var sum [2]float64
	var cnt float64
	for id, r := range e.arts {
		if !inGroup(r.Language, g.suffix) || fnv64(id)%stride != 0 {
			continue
		}
		tl := float64(analysedLen(g.analyzer, r.Title))
		for i, p := range r.Passages {
			sum[0] += tl
			sum[1] += float64(analysedLen(g.analyzer, bodyText(p.Headings, e.passageText(r, i))))
			cnt++
		}
	}
	var avg [2]float64
	if cnt > 0 {
		avg = [2]float64{sum[0] / cnt, sum[1] / cnt}
	}
	if s.groups == nil {
		s.groups = map[string]lexAvg{}
	}
	s.groups[g.suffix] = lexAvg{passages: n, avg: avg}
	return avg
}

func inGroup(lang, suffix string) bool {
	for _, g := range groupsFor(lang) {
		if g == suffix {
			return true
		}
	}
	return false
}

func analysedLen(analyzer, text string) int {
	ts, err := analysis.Terms(analyzer, text)
	if err != nil {
		return 0
	}
	return len(ts)
}

func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}
