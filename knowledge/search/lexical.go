package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"

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
	alts []string // when set, the dictionary terms read as this one (prefix.go)
	// titleOnly: read in titles only (a short unfinished word, prefix.go)
	titleOnly bool
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
//
// extend, when non-nil, adds terms found in the index's dictionaries (the
// as-you-type completions and spelling variants, prefix.go) with the same
// reader the scan uses.
func (e *Engine) lexicalSearch(ctx context.Context, groups []lexGroup, size int, allowIDs map[string]struct{}, keep func(aid string) bool, extend func(index.IndexReader, []lexGroup) []lexGroup) ([]passageHit, error) {
	ix, err := e.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
	}
	r, err := ix.Reader()
	if err != nil {
		return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
	}
	defer r.Close()
	if extend != nil {
		groups = extend(r, groups)
	}
	out, short, err := e.lexicalTop(ctx, r, groups, size, allowIDs, keep, true)
	if err == nil && short {
		// keep rejected so many of the k exact passages that the pruned
		// order was needed beyond them: score everything.
		out, _, err = e.lexicalTop(ctx, r, groups, size, allowIDs, keep, false)
	}
	return out, err
}

// lexicalTop ranks and resolves the best passages; short reports that a
// pruned ranking ran out of exact passages before size were kept.
func (e *Engine) lexicalTop(ctx context.Context, r index.IndexReader, groups []lexGroup, size int, allowIDs map[string]struct{}, keep func(aid string) bool, prune bool) (out []passageHit, short bool, err error) {
	k := 2 * size // room for passages keep rejects
	acc, pruned, err := e.lexRank(ctx, r, groups, k, allowIDs, prune)
	if err != nil {
		return nil, false, err
	}
	defer putAcc(acc)
	score := acc.score
	better := func(a, b int32) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return acc.before(a, b)
	}
	// Only the best passages are needed in order: a bounded selection of
	// k instead of sorting every passage a common word touched; the rest
	// is sorted only when that room runs out.
	cands, rest := bestOf(len(score), k, better)
	out = make([]passageHit, 0, min(size, len(score)))
	for i := 0; i < len(cands); i++ {
		c := cands[i]
		if len(out) == size {
			break
		}
		if i == len(cands)-1 && len(rest) > 0 {
			if pruned {
				return nil, true, nil
			}
			sort.Slice(rest, func(i, j int) bool { return better(rest[i], rest[j]) })
			cands, rest = append(cands, rest...), nil
		}
		pid, err := r.ExternalID(acc.id(c))
		if err != nil {
			continue // deleted since the postings were read
		}
		aid, ord := splitPID(pid)
		if keep != nil && !keep(aid) {
			continue
		}
		out = append(out, passageHit{aid: aid, ordinal: ord, score: score[c]})
	}
	return out, false, nil
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
//
// The estimate is kept in dir/lexstats.json as well: computing it reads
// and analyses a few thousand passages, which made the first search after
// opening wait about 200 ms at 10k articles (the open-to-first-answer
// target is one second at 100k). A saved estimate is used while its
// analyzer is the group's and the passage count has not moved by more
// than a tenth, like the one in memory.
type lexStats struct {
	mu     sync.Mutex
	groups map[string]lexAvg
	dir    string // "" in memory: nothing saved

	// gen counts the index's changes (Engine.runBatch): cached
	// expansions are for one generation.
	gen    atomic.Uint64
	expand expansionCache // as-you-type expansions (prefix.go)
}

// expansionCacheMax bounds the as-you-type expansion cache (prefix.go).
const expansionCacheMax = 4096

type lexAvg struct {
	Analyzer string     `json:"analyzer"`
	Passages int        `json:"passages"`
	Avg      [2]float64 `json:"avg"` // title, body
}

const lexStatsFile = "lexstats.json"

// load reads the saved estimates of dir; a missing or unreadable file
// leaves them to be computed.
func (s *lexStats) load(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dir = dir
	raw, err := os.ReadFile(filepath.Join(dir, lexStatsFile))
	if err != nil {
		return
	}
	var saved map[string]lexAvg
	if json.Unmarshal(raw, &saved) != nil {
		return
	}
	for _, g := range langGroups {
		if a, ok := saved[g.suffix]; ok && a.Analyzer == g.analyzer && a.Passages > 0 {
			if s.groups == nil {
				s.groups = map[string]lexAvg{}
			}
			s.groups[g.suffix] = a
		}
	}
}

// save writes the estimates (atomically: a temporary file renamed over
// the old one). Failing to save only costs the next open the estimate.
func (s *lexStats) save() {
	if s.dir == "" {
		return
	}
	raw, err := json.Marshal(s.groups)
	if err != nil {
		return
	}
	tmp := filepath.Join(s.dir, lexStatsFile+".tmp")
	if os.WriteFile(tmp, raw, 0o644) != nil || os.Rename(tmp, filepath.Join(s.dir, lexStatsFile)) != nil {
		os.Remove(tmp)
	}
}

// sampleArticles bounds the articles analysed for an estimate.
const sampleArticles = 400

func (s *lexStats) averages(e *Engine, g langGroup) [2]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := e.groupPassages[g.suffix]
	if c, ok := s.groups[g.suffix]; ok && math.Abs(float64(c.Passages-n)) <= 0.1*float64(c.Passages) {
		return c.Avg
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
	s.groups[g.suffix] = lexAvg{Analyzer: g.analyzer, Passages: n, Avg: avg}
	s.save()
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
