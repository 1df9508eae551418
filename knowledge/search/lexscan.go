package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	index "github.com/blevesearch/bleve_index_api"
)

// Dynamic pruning of the BM25F scan (MaxScore, Turtle & Flood 1995).
//
// Scoring every passage a query term touches made common words the cost
// of a query: "the" or "can" is in nearly every passage, so a query that
// holds one read every posting of the index for a contribution close to
// nothing (its IDF is near zero). Each term's contribution is bounded
// above by qtf · idf · (k1 + 1) (BM25's saturation never reaches k1 + 1),
// known before reading a posting.
//
// Terms are scored in decreasing order of that bound. Once the k-th best
// partial score θ exceeds the sum R of the bounds of the terms still to
// come, no passage not yet met can reach the top k; the remaining terms
// only complete the scores of passages that still can (partial + R ≥ θ),
// read by skipping to them in the postings (Advance) instead of reading
// every posting. The k best passages and their scores are those of the
// exhaustive scan (TestLexicalPruningMatchesExhaustive), up to the order
// in which floating-point contributions are added.
//
// df, the number of passages holding a term, is taken per field and the
// larger count used (a passage with the term in both its title and body
// counts once in each): Lucene's convention for BM25F over several fields
// (CombinedFieldQuery) and for several terms read as one (SynonymQuery).
// It is known before a posting is read, so a term is scored in one pass
// and can be skipped through from the start; the exact union would need
// every posting of both fields, the cost this scan avoids.

// lexCursor is one query term of one language group with its postings in
// the group's title and body fields.
//
// A cursor may read several terms as one (Lucene's "synonym" scoring): the
// completions of a word being typed, or the spelling variants of a word.
// Their frequencies in a passage add up, and df is the number of passages
// holding any of them — as if they were the same term.
type lexCursor struct {
	qtf      float64
	wBody    float64 // body field weight (stopweight.go)
	n        float64 // passages of the group
	avg      [2]float64
	tfr      [2][]index.TermFieldReader // per field, one per term read
	count    [2]uint64                  // live postings per field, summed over terms
	maxCount uint64                     // the largest posting count of one reader: df
	idf      float64
	ub       float64 // upper bound of the term's contribution to any passage
}

func bm25IDF(n, df float64) float64 {
	return math.Log(1 + (max(n, df)-df+0.5)/(df+0.5))
}

// tf returns the length-normalised term frequency of a posting in field fi.
func (c *lexCursor) tf(fi int, d *index.TermFieldDoc) float64 {
	length := 1.0
	if d.Norm > 0 {
		length = 1 / (d.Norm * d.Norm)
	}
	al := c.avg[fi]
	if al <= 0 {
		al = length
	}
	return float64(d.Freq) / (1 - bm25B + bm25B*length/al)
}

func (c *lexCursor) close() {
	for _, rs := range c.tfr {
		for _, r := range rs {
			r.Close()
		}
	}
}

// openCursors opens the postings of every query term, bounds each term's
// contribution, and returns them best bound first.
func (e *Engine) openCursors(ctx context.Context, r index.IndexReader, groups []lexGroup) ([]*lexCursor, error) {
	content := false  // the query has a term that is not a stop word
	expanded := false // a term is read with its completions or spelling variants
	for _, lg := range groups {
		stop := stopTerms(lg.g.analyzer)
		for _, t := range lg.terms {
			content = content || !stop[t.term]
			expanded = expanded || len(t.alts) > 0
		}
	}
	if content || expanded {
		return e.openFieldCursors(ctx, r, groups, content, 2)
	}
	// A query of stop words only ("what is it", "at it") is matched against
	// titles (stopweight.go): there they carry meaning, while in running
	// text every passage holds them, and at 100k articles reading their
	// body postings took 140–430 ms for five words. When no title holds
	// any of them, the bodies are read after all.
	out, err := e.openFieldCursors(ctx, r, groups, false, 1)
	if err != nil || len(out) > 0 {
		return out, err
	}
	return e.openFieldCursors(ctx, r, groups, false, 2)
}

// openFieldCursors opens the cursors of openCursors over the first fields
// fields (title, then body); content says the query has a content word.
func (e *Engine) openFieldCursors(ctx context.Context, r index.IndexReader, groups []lexGroup, content bool, fields int) ([]*lexCursor, error) {
	var out []*lexCursor
	for _, lg := range groups {
		n := float64(e.groupPassages[lg.g.suffix])
		avg := e.lex.averages(e, lg.g)
		stop := stopTerms(lg.g.analyzer)
		for _, t := range lg.terms {
			terms := t.alts
			if len(terms) == 0 {
				terms = []string{t.term}
			}
			c := &lexCursor{qtf: t.qtf, wBody: 1, n: n, avg: avg}
			if content && len(t.alts) == 0 && stop[t.term] {
				c.wBody = stopWordBodyWeight
			}
			nf := fields
			if t.titleOnly {
				nf = 1
			}
			for fi, base := range []string{"title", "body"}[:nf] {
				for _, term := range terms {
					tfr, err := r.TermFieldReader(ctx, []byte(term), base+"_"+lg.g.suffix, true, true, false)
					if err != nil {
						c.close()
						closeCursors(out)
						return nil, fmt.Errorf("%w: bm25: %v", ErrIndex, err)
					}
					cnt := tfr.Count()
					if cnt == 0 {
						tfr.Close()
						continue
					}
					c.tfr[fi] = append(c.tfr[fi], tfr)
					c.count[fi] += cnt
					c.maxCount = max(c.maxCount, cnt)
				}
			}
			if c.count[0] == 0 && c.count[1] == 0 {
				continue
			}
			c.idf = bm25IDF(n, float64(c.maxCount))
			c.ub = c.qtf * c.idf * (bm25K1 + 1)
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ub > out[j].ub })
	return out, nil
}

func closeCursors(cs []*lexCursor) {
	for _, c := range cs {
		c.close()
	}
}

// scan reads a term's title and body postings together in document order
// and calls visit once per passage holding the term (in either field),
// with its normalised frequencies. Passages outside allow (when non-nil)
// are skipped.
//
// scan is for a cursor of one term (at most one reader per field); see
// scanEach for several.
func (c *lexCursor) scan(allow map[string]struct{}, visit func(id []byte, x [2]float64)) error {
	tfr := [2]index.TermFieldReader{}
	for fi := range tfr {
		if len(c.tfr[fi]) == 1 {
			tfr[fi] = c.tfr[fi][0]
		}
	}
	var docs [2]index.TermFieldDoc
	var cur [2]*index.TermFieldDoc
	next := func(fi int) error {
		if tfr[fi] == nil {
			cur[fi] = nil
			return nil
		}
		docs[fi].ID = docs[fi].ID[:0] // upsidedown appends to a reused ID
		d, err := tfr[fi].Next(&docs[fi])
		if err != nil {
			return fmt.Errorf("%w: bm25: %v", ErrIndex, err)
		}
		cur[fi] = d
		return nil
	}
	for fi := range cur {
		if err := next(fi); err != nil {
			return err
		}
	}
	for cur[0] != nil || cur[1] != nil {
		cmp := 0 // -1: title only, 1: body only, 0: both
		switch {
		case cur[1] == nil:
			cmp = -1
		case cur[0] == nil:
			cmp = 1
		default:
			cmp = bytes.Compare(cur[0].ID, cur[1].ID)
		}
		var x [2]float64
		var id []byte
		if cmp <= 0 {
			x[0], id = c.tf(0, cur[0]), cur[0].ID
		}
		if cmp >= 0 {
			x[1], id = c.tf(1, cur[1]), cur[1].ID
		}
		ok := true
		if allow != nil {
			_, ok = allow[string(id)]
		}
		if ok {
			visit(id, x)
		}
		for fi, adv := range [2]bool{cmp <= 0, cmp >= 0} {
			if adv {
				if err := next(fi); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// scanEach is scan for a cursor of several terms: each term's postings
// are read in turn, and a passage's frequencies summed per field in the
// accumulator (slot arrays and a stamp per cursor) before visit sees it
// once. Reading the terms one after another is cheaper than merging up to
// 2·maxPrefixTerms posting lists in document order. With create unset,
// only passages that already have a slot are visited.
func (c *lexCursor) scanEach(allow map[string]struct{}, acc *lexAcc, create bool, visit func(s int32, v [2]float64)) error {
	acc.cur++
	acc.touched = acc.touched[:0]
	var d index.TermFieldDoc
	for fi := range c.tfr {
		for _, r := range c.tfr[fi] {
			for {
				d.ID = d.ID[:0] // upsidedown appends to a reused ID
				p, err := r.Next(&d)
				if err != nil {
					return fmt.Errorf("%w: bm25: %v", ErrIndex, err)
				}
				if p == nil {
					break
				}
				if allow != nil {
					if _, ok := allow[string(p.ID)]; !ok {
						continue
					}
				}
				s, ok := acc.slot(p.ID, create)
				if !ok {
					continue
				}
				if int(s) >= len(acc.stamp) {
					acc.fitMulti()
				}
				if acc.stamp[s] != acc.cur {
					acc.stamp[s], acc.tfx[s] = acc.cur, [2]float64{}
					acc.touched = append(acc.touched, s)
				}
				acc.tfx[s][fi] += c.tf(fi, p)
			}
		}
	}
	for _, s := range acc.touched {
		visit(s, acc.tfx[s])
	}
	return nil
}

// skipTo completes the scores of the given passages (document numbers,
// ascending) for one term by skipping through its postings to each.
func (c *lexCursor) skipTo(docs []uint64, visit func(i int, x [2]float64)) error {
	type pos struct {
		fi   int
		r    index.TermFieldReader
		pre  index.TermFieldDoc
		cur  *index.TermFieldDoc
		at   uint64
		done bool
	}
	var ps []*pos
	for fi := range c.tfr {
		for _, r := range c.tfr[fi] {
			ps = append(ps, &pos{fi: fi, r: r})
		}
	}
	var key [8]byte
	for i, u := range docs {
		var x [2]float64
		hit := false
		for _, p := range ps {
			if p.done {
				continue
			}
			if p.cur == nil || p.at < u {
				binary.BigEndian.PutUint64(key[:], u)
				p.pre.ID = p.pre.ID[:0]
				d, err := p.r.Advance(index.IndexInternalID(key[:]), &p.pre)
				if err != nil {
					return fmt.Errorf("%w: bm25: %v", ErrIndex, err)
				}
				if d == nil {
					p.done = true
					continue
				}
				p.cur, p.at = d, binary.BigEndian.Uint64(d.ID)
			}
			if p.at == u {
				x[p.fi] += c.tf(p.fi, p.cur)
				hit = true
			}
		}
		if hit {
			visit(i, x)
		}
	}
	return nil
}

// lexAcc accumulates passage scores. Passages are numbered densely (slots)
// as they are met; Scorch's 8-byte document numbers find their slot in
// paged arrays rather than a map (a common word meets tens of thousands of
// passages per query), other ids in a map. Accumulators are pooled.
type lexAcc struct {
	pages    [][]int32 // doc number >> lexPageBits → slot+1 per doc, 0: none
	strSlot  map[string]int32
	doc      []uint64         // slot → document number (8-byte ids)
	strID    map[int32]string // slot → id, for other ids (nil: none)
	score    []float64
	scratch  []float64
	usedPage []uint32
	// per slot, for cursors of several terms (scanEach; as long as score
	// only once one has run: fitMulti)
	tfx     [][2]float64
	stamp   []uint32
	cur     uint32
	touched []int32
}

const (
	lexPageBits = 12
	lexMaxPages = 1 << 20 // document numbers beyond 2^32 use the map
)

var lexAccPool = sync.Pool{New: func() any { return &lexAcc{} }}

func getAcc() *lexAcc { return lexAccPool.Get().(*lexAcc) }

func putAcc(a *lexAcc) {
	for _, p := range a.usedPage {
		clear(a.pages[p])
	}
	a.usedPage, a.strSlot, a.strID = a.usedPage[:0], nil, nil
	a.doc, a.score = a.doc[:0], a.score[:0]
	a.tfx, a.stamp, a.touched, a.cur = a.tfx[:0], a.stamp[:0], a.touched[:0], 0
	if cap(a.score) > 1<<20 { // do not pin the arrays of an exceptional query
		*a = lexAcc{}
	}
	lexAccPool.Put(a)
}

// slot returns the slot of a passage id, adding it when create is set.
func (a *lexAcc) slot(id []byte, create bool) (int32, bool) {
	if len(id) == 8 {
		u := binary.BigEndian.Uint64(id)
		if p := u >> lexPageBits; p < lexMaxPages {
			if int(p) < len(a.pages) && a.pages[p] != nil {
				if s := a.pages[p][u&(1<<lexPageBits-1)]; s != 0 {
					return s - 1, true
				}
			}
			if !create {
				return 0, false
			}
			for int(p) >= len(a.pages) {
				a.pages = append(a.pages, nil)
			}
			if a.pages[p] == nil {
				a.pages[p] = make([]int32, 1<<lexPageBits)
			}
			s := a.add(u)
			if len(a.usedPage) == 0 || a.usedPage[len(a.usedPage)-1] != uint32(p) {
				a.usedPage = append(a.usedPage, uint32(p)) // duplicates are harmless
			}
			a.pages[p][u&(1<<lexPageBits-1)] = s + 1
			return s, true
		}
	}
	if s, ok := a.strSlot[string(id)]; ok {
		return s, true
	}
	if !create {
		return 0, false
	}
	if a.strSlot == nil {
		a.strSlot, a.strID = map[string]int32{}, map[int32]string{}
	}
	s := a.add(0)
	a.strID[s] = string(id)
	a.strSlot[a.strID[s]] = s
	return s, true
}

func (a *lexAcc) add(u uint64) int32 {
	if len(a.score) == cap(a.score) {
		a.grow()
	}
	a.doc, a.score = append(a.doc, u), append(a.score, 0)
	return int32(len(a.score) - 1)
}

// grow doubles the room of the per-slot arrays. append's own growth is
// 1.25× for large slices: a query of common words at 100k articles, which
// meets 300k passages, spent half its time copying the per-slot arrays
// through some thirty reallocations (whenever a collection had emptied the
// pool of accumulators). The arrays of multi-term cursors and of other
// ids are kept only when used (fitMulti, strID).
func (a *lexAcc) grow() {
	n := max(1024, 2*cap(a.score))
	a.doc = append(make([]uint64, 0, n), a.doc...)
	a.score = append(make([]float64, 0, n), a.score...)
}

// fitMulti makes tfx and stamp as long as score (new slots: not stamped).
func (a *lexAcc) fitMulti() {
	n := len(a.score)
	if cap(a.stamp) < n {
		c := max(n, 2*cap(a.stamp))
		a.tfx = append(make([][2]float64, 0, c), a.tfx...)
		a.stamp = append(make([]uint32, 0, c), a.stamp...)
	}
	old := len(a.stamp)
	a.tfx, a.stamp = a.tfx[:n], a.stamp[:n]
	clear(a.tfx[old:])
	clear(a.stamp[old:])
}

// inDocOrder returns the slots whose score plus rest reaches theta, and
// their document numbers, in document order, for an accumulator of 8-byte
// ids only. It marks them in slot order, then walks the pages that hold
// slots instead of sorting: a prefix of common completions ("fro" →
// "from", "front"…) at 100k articles keeps some 250k candidates, and
// sorting them by document took 55 ms of an 85 ms query.
func (a *lexAcc) inDocOrder(rest, theta float64) ([]int32, []uint64) {
	// keep has bit s+1 set for a kept slot s: a page entry (slot+1, 0 for
	// none) is its own bit index, and bit 0 is never set.
	keep := make([]uint64, (len(a.score)+64)/64)
	n := 0
	for s, sc := range a.score {
		if sc+rest >= theta {
			keep[(s+1)/64] |= 1 << ((s + 1) % 64)
			n++
		}
	}
	// The walk has no branch per entry (about half the entries of a page
	// are kept, at random): each is written at the next place, and that
	// place moves on only when it is kept.
	slots, docs := make([]int32, n+1), make([]uint64, n+1)
	pages := slices.Clone(a.usedPage)
	slices.Sort(pages)
	at := 0
	for i, p := range pages {
		if i > 0 && p == pages[i-1] {
			continue
		}
		base := uint64(p) << lexPageBits
		for j, s := range a.pages[p] {
			slots[at], docs[at] = s-1, base|uint64(j)
			at += int(keep[uint32(s)/64] >> (uint32(s) % 64) & 1)
		}
	}
	return slots[:at], docs[:at]
}

// id returns the Bleve internal id of a slot.
func (a *lexAcc) id(s int32) index.IndexInternalID {
	if str, ok := a.strID[s]; ok {
		return index.IndexInternalID(str)
	}
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, a.doc[s])
	return b
}

// before orders slots by id, as Bleve orders internal ids.
func (a *lexAcc) before(x, y int32) bool {
	if a.strID == nil {
		return a.doc[x] < a.doc[y]
	}
	return string(a.id(x)) < string(a.id(y))
}

// kth returns the k-th largest score (k ≤ number of slots).
func (a *lexAcc) kth(k int) float64 {
	a.scratch = append(a.scratch[:0], a.score...)
	return kthLargest(a.scratch, k)
}

// kthOf returns the k-th largest score of the given slots (k ≤ len(slots)).
func (a *lexAcc) kthOf(slots []int32, k int) float64 {
	s := a.scratch[:0]
	for _, x := range slots {
		s = append(s, a.score[x])
	}
	a.scratch = s
	return kthLargest(s, k)
}

// kthLargest returns the k-th largest value of s (1 ≤ k ≤ len(s)),
// reordering s.
func kthLargest(s []float64, k int) float64 {
	lo, hi, want := 0, len(s)-1, k-1
	for lo < hi { // quickselect, descending
		p := s[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for s[i] > p {
				i++
			}
			for s[j] < p {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return s[want]
		}
	}
	return s[want]
}

// lexRank scores the query's terms over the postings and returns the
// slots by score. With prune set it stops reading postings that cannot
// change the k best (see above); pruned reports whether it did, in which
// case only the first k of the order are exact.
func (e *Engine) lexRank(ctx context.Context, r index.IndexReader, groups []lexGroup, k int, allowIDs map[string]struct{}, prune bool) (acc *lexAcc, pruned bool, err error) {
	cs, err := e.openCursors(ctx, r, groups)
	if err != nil {
		return nil, false, err
	}
	defer closeCursors(cs)
	acc = getAcc()
	wTitle := e.opts.TitleBoost
	prune = prune && allowIDs == nil && k > 0
	var cands []int32 // with pruned: the slots that can still reach the top k
	var candDocs []uint64
	for i, c := range cs {
		if err := ctx.Err(); err != nil {
			putAcc(acc)
			return nil, false, fmt.Errorf("search: %w", err)
		}
		wt := c.qtf * c.idf
		add := func(s int32, v [2]float64) {
			x := wTitle*v[0] + c.wBody*v[1]
			acc.score[s] += wt * x * (bm25K1 + 1) / (bm25K1 + x)
		}
		multi := len(c.tfr[0]) > 1 || len(c.tfr[1]) > 1
		switch {
		case !pruned && multi:
			err = c.scanEach(allowIDs, acc, true, add)
		case !pruned:
			err = c.scan(allowIDs, func(id []byte, v [2]float64) {
				s, _ := acc.slot(id, true)
				add(s, v)
			})
		case uint64(len(candDocs))*skipRatio < c.count[0]+c.count[1]:
			err = c.skipTo(candDocs, func(i int, v [2]float64) { add(cands[i], v) })
		case multi:
			err = c.scanEach(nil, acc, false, add)
		default:
			err = c.scan(nil, func(id []byte, v [2]float64) {
				if s, ok := acc.slot(id, false); ok {
					add(s, v)
				}
			})
		}
		if err != nil {
			putAcc(acc)
			return nil, false, err
		}
		if !prune || i == len(cs)-1 || len(acc.score) < k || acc.strID != nil {
			continue
		}
		rest := 0.0
		for _, c := range cs[i+1:] {
			rest += c.ub
		}
		if pruned {
			// Narrow the candidates to those that can still reach the k
			// best with less to come. The k best partial scores are among
			// them, so θ is the k-th of theirs.
			theta := acc.kthOf(cands, k)
			n := 0
			for j, s := range cands {
				if acc.score[s]+rest >= theta {
					cands[n], candDocs[n] = s, candDocs[j]
					n++
				}
			}
			cands, candDocs = cands[:n], candDocs[:n]
			continue
		}
		theta := acc.kth(k)
		if theta <= rest {
			continue
		}
		pruned = true
		cands, candDocs = acc.inDocOrder(rest, theta)
	}
	return acc, pruned, nil
}

// skipRatio: the remaining terms are read by skipping (Advance) to each
// candidate passage when their postings outnumber the candidates this many
// times, and in full otherwise. It only moves CPU time, never results: on
// the 100k synthetic benchmark 4 and 8 cost the same and 32 about 15% more
// (an Advance in Scorch seeks the roaring bitmap and decodes a frequency
// chunk again, so it is worth several postings read in order, not dozens).
const skipRatio = 8
