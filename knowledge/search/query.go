package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"concierge/knowledge/analysis"

	index "github.com/blevesearch/bleve_index_api"
)

const (
	defaultLimit    = 20
	defaultPassages = 3
)

// Query cost bounds. Whatever is typed or pasted, a query is built from at
// most maxQueryRunes of it (cut at a space when there is one), and only its
// last maxTypoTerms terms of at most maxTypoRunes runes get fuzzy variants
// (the expensive part: each expands over the term dictionary). Keywords'
// output for a request (MaxKeywords words) fits within maxQueryRunes.
const (
	maxQueryRunes = 1024
	maxTypoTerms  = 8
	maxTypoRunes  = 40
)

// Search runs a query. An empty query returns an empty response, not an
// error. Total and Facets count the matching articles, where "matching"
// means among the CandidatePool best passages of each retriever (vector
// hits count only above MinSimilarity), after filters.
func (e *Engine) Search(ctx context.Context, req Request) (Response, error) {
	start := time.Now()
	mode := req.Mode
	if mode == "" {
		mode = ModeHybrid
	}
	resp := Response{Query: req.Query, Mode: mode, Results: []ArticleHit{}, Facets: Facets{
		Departments: []FacetCount{}, Tags: []FacetCount{}, Languages: []FacetCount{},
	}}
	switch mode {
	case ModeHybrid, ModeBM25, ModeVector:
	default:
		return resp, fmt.Errorf("search: unknown mode %q", mode)
	}
	q := normQuery(req.Query)
	if !hasWord(q) {
		// Empty or only punctuation and symbols: nothing to match, and a
		// vector for "???" would only bring weak neighbours.
		return resp, nil
	}
	limit := req.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	ppa := req.PassagesPerArticle
	if ppa <= 0 {
		ppa = defaultPassages
	}
	pool := max(e.opts.CandidatePool, limit*2)

	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return resp, ErrClosed
	}
	allow := compileFilter(req.Filters)

	// BM25 and the vector scan run concurrently (both under the read lock).
	var (
		bm, vh []passageHit
		bmErr  error
		wg     sync.WaitGroup
	)
	if mode != ModeVector {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bm, bmErr = e.bm25(ctx, q, req, pool, e.selectivity(allow), allow)
		}()
	}
	if mode != ModeBM25 {
		var err error
		if vh, err = e.vectors(ctx, q, allow, pool); err != nil {
			wg.Wait()
			return resp, err
		}
	}
	wg.Wait()
	if bmErr != nil {
		return resp, bmErr
	}
	arts := e.applyBoosts(ctx, mode, q, e.fuse(mode, bm, vh, allow), allow)
	resp.Total = len(arts)
	resp.Facets = facets(arts)
	if len(arts) > limit {
		arts = arts[:limit]
	}
	hl := newHighlighter(q, req.AsYouType)
	for _, a := range arts {
		hit := e.articleHit(a, ppa, hl)
		hit.Weak = e.weak(mode, a, hl)
		resp.Results = append(resp.Results, hit)
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// passageHit is one retrieved passage.
type passageHit struct {
	aid     string
	ordinal int
	score   float64
}

func splitPID(pid string) (string, int) {
	i := strings.LastIndexByte(pid, '#')
	if i < 0 {
		return pid, 0
	}
	n, _ := strconv.Atoi(pid[i+1:])
	return pid[:i], n
}

// selectivity estimates the share of articles that pass allow, from a
// sample of up to 512 articles.
func (e *Engine) selectivity(allow func(*artRec) bool) float64 {
	n, ok := 0, 0
	for _, r := range e.arts {
		if n == 512 {
			break
		}
		n++
		if allow(r) {
			ok++
		}
	}
	if n == 0 {
		return 1
	}
	return float64(ok) / float64(n)
}

// bm25 returns the best passages by BM25. Filters that pass most articles
// (such as the default "published only") are applied afterwards to a
// correspondingly larger result list, which is much cheaper than a Bleve
// filter clause; selective filters restrict the scan to their passages.
// As you type, the scan also reads the completions of the unfinished word
// and spelling variants (prefix.go).
func (e *Engine) bm25(ctx context.Context, q string, req Request, pool int, sel float64, allow func(*artRec) bool) ([]passageHit, error) {
	groups := e.lexicalGroups(q)
	if len(groups) == 0 {
		return nil, nil
	}
	var ids map[string]struct{}
	if fq := filterQuery(req.Filters); sel < 0.5 && fq != nil {
		var err error
		if ids, err = e.filterIDs(ctx, fq); err != nil {
			return nil, err
		}
	}
	keep := func(aid string) bool {
		rec := e.arts[aid]
		return rec != nil && allow(rec)
	}
	if req.AsYouType {
		typing := endsTyping(req.Query)
		exp := expansions{c: &e.lex.expand, gen: e.lex.gen.Load()}
		return e.lexicalSearch(ctx, groups, pool, ids, keep, func(r index.IndexReader, gs []lexGroup) []lexGroup {
			return withTyping(r, exp, gs, q, typing)
		})
	}
	hits, err := e.lexicalSearch(ctx, groups, pool, ids, keep, nil)
	if err != nil || !e.opts.PseudoRelevanceFeedback {
		return hits, err
	}
	if groups, err = e.expand(ctx, groups, hits); err != nil {
		return nil, err
	}
	return e.lexicalSearch(ctx, groups, pool, ids, keep, nil)
}

// hasWord reports whether s holds a word the index could match: a term of
// the tokenizer every analyzer shares (letters or digits in any script;
// not punctuation, symbols, emoji or Thai marks such as ๆ).
func hasWord(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return false
	}
	terms, err := analysis.Terms(analysis.Generic, s)
	return err != nil || len(terms) > 0
}

// normQuery is the text a query is built from: invalid UTF-8 bytes become
// spaces (the word segmenter treats them inconsistently: " \xee10" had
// no word where "\xee10" had one, found by FuzzQuery), surrounding space
// is trimmed, and the length is clipped.
func normQuery(q string) string {
	return clipQuery(strings.TrimSpace(strings.ToValidUTF8(q, " ")))
}

// clipQuery cuts s to at most maxQueryRunes runes, at the last space
// before the limit when there is one.
func clipQuery(s string) string {
	if utf8.RuneCountInString(s) <= maxQueryRunes {
		return s
	}
	r := []rune(s)[:maxQueryRunes]
	for i := len(r) - 1; i > maxQueryRunes/2; i-- {
		if unicode.IsSpace(r[i]) {
			return strings.TrimSpace(string(r[:i]))
		}
	}
	return string(r)
}

type scripts struct{ latin, cyrillic, thai bool }

func detectScripts(s string) scripts {
	var sc scripts
	for _, r := range s {
		switch {
		case analysis.IsThai(r):
			sc.thai = true
		case unicode.Is(unicode.Cyrillic, r):
			sc.cyrillic = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			sc.latin = true // Latin and any other script
		}
	}
	return sc
}

func (e *Engine) vectors(ctx context.Context, q string, allow func(*artRec) bool, pool int) ([]passageHit, error) {
	vs, err := e.emb.Embed(ctx, []string{q})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEmbedder, err)
	}
	if len(vs) != 1 {
		return nil, fmt.Errorf("%w: no query vector", ErrEmbedder)
	}
	accept := func(aid string) bool {
		rec := e.arts[aid]
		return rec != nil && allow(rec)
	}
	hits, err := e.vec.search(ctx, vs[0], pool, float32(e.opts.MinSimilarity), accept, e.opts.Workers)
	if err != nil {
		return nil, err
	}
	out := make([]passageHit, len(hits))
	for i, h := range hits {
		aid, n := splitPID(h.id)
		out[i] = passageHit{aid: aid, ordinal: n, score: float64(h.sim)}
	}
	return out, nil
}

// fusedArticle is one article in the fused ranking.
type fusedArticle struct {
	id       string
	rec      *artRec
	score    float64
	bm, vec  float64 // best passage score per retriever; -1: not retrieved
	bmRank   int     // article rank per retriever; 0: not retrieved
	vecRank  int
	passages map[int]*fusedPassage
}

type fusedPassage struct {
	ordinal     int
	bm, vec     float64 // raw scores; -1: not retrieved
	score       float64
	bmRank, vRk int
}

// fuse groups the passage hits of both retrievers by article and scores
// each article from its best passage in each list:
//
//   - FusionConvex (default): w_bm·minmax(bm25) + w_vec·minmax(cosine), the
//     weights normalised to sum 1, scores min-max normalised over each
//     candidate list and 0 when absent;
//   - FusionRRF: Σ w/(k + article rank in the list).
//
// Single-retriever modes keep the raw score (BM25 or cosine). Passages
// within an article are ordered by the same formula applied to them.
func (e *Engine) fuse(mode Mode, bm, vh []passageHit, allow func(*artRec) bool) []*fusedArticle {
	byID := map[string]*fusedArticle{}
	var order []*fusedArticle
	add := func(hits []passageHit, isBM bool) (lo, hi float64) {
		artRank := 0
		for i, h := range hits {
			rec := e.arts[h.aid]
			if rec == nil || h.ordinal >= len(rec.Passages) || !allow(rec) {
				continue
			}
			if artRank == 0 {
				lo, hi = h.score, h.score
			}
			lo, hi = min(lo, h.score), max(hi, h.score)
			fa := byID[h.aid]
			if fa == nil {
				fa = &fusedArticle{id: h.aid, rec: rec, bm: -1, vec: -1, passages: map[int]*fusedPassage{}}
				byID[h.aid] = fa
				order = append(order, fa)
			}
			fp := fa.passages[h.ordinal]
			if fp == nil {
				fp = &fusedPassage{ordinal: h.ordinal, bm: -1, vec: -1}
				fa.passages[h.ordinal] = fp
			}
			if isBM {
				if fa.bmRank == 0 {
					artRank++
					fa.bmRank, fa.bm = artRank, h.score
				}
				fp.bmRank, fp.bm = i+1, h.score
			} else {
				if fa.vecRank == 0 {
					artRank++
					fa.vecRank, fa.vec = artRank, h.score
				}
				fp.vRk, fp.vec = i+1, h.score
			}
		}
		return lo, hi
	}
	bmLo, bmHi := add(bm, true)
	vLo, vHi := add(vh, false)

	wb, wv := e.opts.BM25Weight, e.opts.VectorWeight
	norm := func(x, lo, hi float64) float64 {
		switch {
		case x < 0:
			return 0
		case hi <= lo:
			return 1
		}
		return (x - lo) / (hi - lo)
	}
	score := func(bmS, vS float64, bmR, vR int) float64 {
		switch {
		case mode == ModeBM25:
			return max(bmS, 0)
		case mode == ModeVector:
			return max(vS, 0)
		case e.opts.Fusion == FusionRRF:
			var s float64
			if bmR > 0 {
				s += wb / (e.opts.RRFK + float64(bmR))
			}
			if vR > 0 {
				s += wv / (e.opts.RRFK + float64(vR))
			}
			return s
		}
		return (wb*norm(bmS, bmLo, bmHi) + wv*norm(vS, vLo, vHi)) / (wb + wv)
	}
	for _, fa := range order {
		fa.score = score(fa.bm, fa.vec, fa.bmRank, fa.vecRank)
		for _, fp := range fa.passages {
			fp.score = score(fp.bm, fp.vec, fp.bmRank, fp.vRk)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].score != order[j].score {
			return order[i].score > order[j].score
		}
		return order[i].id < order[j].id
	})
	return order
}

func (e *Engine) articleHit(a *fusedArticle, ppa int, hl *highlighter) ArticleHit {
	r := a.rec
	hit := ArticleHit{
		ArticleID: a.id, Title: r.Title, Department: r.Department, Tags: append([]string{}, r.Tags...),
		Language: r.Language, Audience: r.Audience, Status: r.Status, Owner: r.Owner,
		Version: r.Version, Score: a.score,
	}
	ps := make([]*fusedPassage, 0, len(a.passages))
	for _, p := range a.passages {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].score != ps[j].score {
			return ps[i].score > ps[j].score
		}
		return ps[i].ordinal < ps[j].ordinal
	})
	if len(ps) > ppa {
		ps = ps[:ppa]
	}
	for _, p := range ps {
		pr := r.Passages[p.ordinal]
		text := e.passageText(r, p.ordinal)
		hit.Passages = append(hit.Passages, PassageHit{
			PassageID:  fmt.Sprintf("%s#%d", a.id, p.ordinal),
			Headings:   append([]string{}, pr.Headings...),
			Snippet:    hl.snippet(r.Language, text),
			Text:       text,
			Score:      p.score,
			BM25Rank:   p.bmRank,
			VectorRank: p.vRk,
		})
	}
	return hit
}
