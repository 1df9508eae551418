package embed

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"concierge/knowledge/analysis"
)

// TermSpace is what the built-in embedder learns from the organisation's
// own articles: for each word (stem) of the knowledge base, the words it
// keeps company with. It is random indexing over PPMI co-occurrence
// (Sahlgren 2005; Levy, Goldberg & Dagan 2015): every word's context
// vector is the sum of the hashed index vectors of its strongest
// positive-PMI neighbours within a window of running text, in the same
// hashed space as the embedder's own stem features. Embedding a text then
// adds each word's context vector to its features, so a question that uses
// "allergy" and "wrong" lands near the passage about amending a record
// even when they share few words: the knowledge base itself says which
// words go together. Nothing in it is chosen by hand or by looking at
// queries.
//
// A space is learned once and then frozen: vectors embedded with it stay
// comparable however the articles change, so one edited article is
// embedded alone. The space carries the fingerprints of the articles it was
// learned from; Drift says how far the knowledge base has moved since, and
// the owner relearns it (a new space, a new embedder ID, one background
// re-embed) when that passes a threshold.
type TermSpace struct {
	id   string
	dims int
	ctx  map[string][]ctxEntry
	seen []uint64 // sorted fingerprints (id+hash) of the articles learned from
}

type ctxEntry struct {
	Idx uint32
	W   float32 // signed
}

// Learning constants. They are the customary values of the literature
// (window ±5, context-distribution smoothing 0.75, minimum count 3), not
// fitted to any collection; ctxPerTerm and termWeight were set a priori and
// not swept (the suite's effect of the whole is in the README).
const (
	ctxWindow   = 5
	ctxSmooth   = 0.75
	ctxMinCount = 3
	ctxPerTerm  = 24
	// maxLearnTokens bounds the running text read to learn a space (a
	// deterministic stride over the documents when there is more).
	maxLearnTokens = 4_000_000
	// termWeight is the weight of a word's unit context vector relative to
	// its own stem feature (1).
	termWeight = 0.5
)

// LearnDoc is one document of the knowledge base. Text may be left empty
// for documents not read (a sample is enough to learn from); every
// document's ID and Hash count for Drift.
type LearnDoc struct {
	ID, Hash string
	Text     string
}

// LearnTermSpace learns a space from docs for embedders of dims dimensions.
// It returns nil when the documents hold too little text to learn from.
func LearnTermSpace(docs []LearnDoc, dims int) *TermSpace {
	if dims <= 0 {
		dims = BuiltinDims
	}
	b := NewBuiltin(WithDims(dims))
	seen := make([]uint64, len(docs))
	for i, d := range docs {
		seen[i] = fkey(kWord, d.ID, d.Hash)
	}
	sort.Slice(seen, func(i, j int) bool { return seen[i] < seen[j] })

	// Vocabulary ids, counts and windowed co-occurrence counts.
	var tokens int
	for _, d := range docs {
		tokens += len(d.Text) / 6
	}
	stride := 1
	if tokens > maxLearnTokens {
		stride = (tokens + maxLearnTokens - 1) / maxLearnTokens
	}
	// The vocabulary is numbered in document order; each document's word
	// ids are kept (flat, with ends) for the counting below.
	ids := make(map[string]int32, 1<<14)
	var words []string
	var count []float64
	flat := make([]int32, 0, tokens/stride)
	var ends []int
	for _, terms := range contentTermsOf(b, docs, stride) {
		for _, t := range terms {
			id, ok := ids[t]
			if !ok {
				id = int32(len(words))
				ids[t] = id
				words = append(words, t)
				count = append(count, 0)
			}
			count[id]++
			flat = append(flat, id)
		}
		ends = append(ends, len(flat))
	}
	pairs := countPairs(flat, ends, min(tokens/stride, 1<<21), runtime.GOMAXPROCS(0))
	if pairs.len() == 0 {
		return nil
	}
	// PPMI with smoothed context probabilities:
	// PMI(a,c) = log p(a,c) / (p(a) · p_α(c)), p_α(c) = n(c)^α / Σ n^α.
	var pairTotal, tokTotal, smoothTotal float64
	for _, n := range pairs.all() {
		pairTotal += n
	}
	smooth := make([]float64, len(count))
	for i, n := range count {
		tokTotal += n
		smooth[i] = math.Pow(n, ctxSmooth)
		smoothTotal += smooth[i]
	}
	neigh := make([][]nb, len(words))
	pmi := func(pac float64, a, c int32) float64 {
		return math.Log(pac / (count[a] / tokTotal * smooth[c] / smoothTotal))
	}
	for key, n := range pairs.all() {
		if n < 2 {
			continue
		}
		a, c := int32(key>>32), int32(key&0xffffffff)
		if count[a] < ctxMinCount || count[c] < ctxMinCount {
			continue
		}
		pac := n / pairTotal
		if w := pmi(pac, a, c); w > 0 {
			neigh[a] = append(neigh[a], nb{c, w})
		}
		if w := pmi(pac, c, a); w > 0 {
			neigh[c] = append(neigh[c], nb{a, w})
		}
	}
	// Each word's context vector depends on its own neighbours only: the
	// words are shared out over the CPUs (sorting the neighbours was most
	// of what ran on one core after the counting).
	out := make([][]ctxEntry, len(words))
	var wg sync.WaitGroup
	workers := max(1, runtime.GOMAXPROCS(0))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := w; a < len(neigh); a += workers {
				out[a] = contextOf(neigh[a], words, dims)
			}
		}()
	}
	wg.Wait()
	s := &TermSpace{dims: dims, ctx: map[string][]ctxEntry{}, seen: seen}
	for a, es := range out {
		if es != nil {
			s.ctx[words[a]] = es
		}
	}
	if len(s.ctx) == 0 {
		return nil
	}
	s.id = s.fingerprint()
	return s
}

// nb is a neighbour of a word in the learned space: its id and PPMI.
type nb struct {
	id int32
	w  float64
}

// contextOf returns the context vector of a word with neighbours ns: its
// ctxPerTerm strongest neighbours' stem features, weighted by PPMI, hashed
// into dims and normalised (nil when empty).
func contextOf(ns []nb, words []string, dims int) []ctxEntry {
	if len(ns) == 0 {
		return nil
	}
	sort.Slice(ns, func(i, j int) bool {
		if ns[i].w != ns[j].w {
			return ns[i].w > ns[j].w
		}
		return words[ns[i].id] < words[ns[j].id]
	})
	ns = ns[:min(len(ns), ctxPerTerm)]
	acc := map[uint32]float64{}
	for _, x := range ns {
		f := fkey(kStem, words[x.id])
		w := x.w
		if f>>63 == 1 {
			w = -w
		}
		acc[uint32(f%uint64(dims))] += w
	}
	var norm float64
	for _, w := range acc {
		norm += w * w
	}
	if norm == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	es := make([]ctxEntry, 0, len(acc))
	for idx, w := range acc {
		es = append(es, ctxEntry{Idx: idx, W: float32(w / norm)})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].Idx < es[j].Idx })
	return es
}

// contentTerms returns the stems of a text's content words (no stop words,
// no words of one or two letters; Thai bigrams as they come).
func (b *Builtin) contentTerms(text string) []string {
	toks := b.tok.Tokenize([]byte(strings.ToLower(text)))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		term := string(t.Term)
		r, _ := utf8.DecodeRuneInString(term)
		if analysis.IsThai(r) {
			out = append(out, term)
			continue
		}
		if b.stop[term] || utf8.RuneCountInString(term) <= 2 {
			continue
		}
		out = append(out, b.stem(term))
	}
	return out
}

// fingerprint identifies the space's content.
func (s *TermSpace) fingerprint() string {
	terms := make([]string, 0, len(s.ctx))
	for t := range s.ctx {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	h := sha256.New()
	var buf [8]byte
	binary.LittleEndian.PutUint32(buf[:4], uint32(s.dims))
	h.Write(buf[:4])
	for _, t := range terms {
		h.Write([]byte(t))
		h.Write([]byte{0})
		for _, e := range s.ctx[t] {
			binary.LittleEndian.PutUint32(buf[:4], e.Idx)
			binary.LittleEndian.PutUint32(buf[4:], math.Float32bits(e.W))
			h.Write(buf[:])
		}
	}
	sum := h.Sum(nil)
	return hex.EncodeToString(sum[:6])
}

// ID names the space (a hash of its content).
func (s *TermSpace) ID() string { return s.id }

// Terms is the number of words with a context vector.
func (s *TermSpace) Terms() int { return len(s.ctx) }

// Drift is the share of documents that differ from those the space was
// learned from: (added + changed + removed) / learned.
func (s *TermSpace) Drift(docs []LearnDoc) float64 {
	cur := make([]uint64, len(docs))
	for i, d := range docs {
		cur[i] = fkey(kWord, d.ID, d.Hash)
	}
	sort.Slice(cur, func(i, j int) bool { return cur[i] < cur[j] })
	i, j, diff := 0, 0, 0
	for i < len(cur) || j < len(s.seen) {
		switch {
		case j == len(s.seen) || (i < len(cur) && cur[i] < s.seen[j]):
			diff++
			i++
		case i == len(cur) || s.seen[j] < cur[i]:
			diff++
			j++
		default:
			i++
			j++
		}
	}
	return float64(diff) / float64(max(1, len(s.seen)))
}

// termSpaceFile is the gob form of a space.
type termSpaceFile struct {
	Version int
	Dims    int
	Ctx     map[string][]ctxEntry
	Seen    []uint64
}

const termSpaceVersion = 1

// Save writes the space to path atomically.
func (s *TermSpace) Save(path string) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(termSpaceFile{Version: termSpaceVersion, Dims: s.dims, Ctx: s.ctx, Seen: s.seen}); err != nil {
		return fmt.Errorf("save the learned term space: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".termspace-*")
	if err != nil {
		return fmt.Errorf("save the learned term space: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("save the learned term space: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save the learned term space: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save the learned term space: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save the learned term space: %w", err)
	}
	return nil
}

// ErrNoTermSpace: there is no usable space at the path.
var ErrNoTermSpace = errors.New("no learned term space")

// LoadTermSpace reads a space written by Save.
func LoadTermSpace(path string) (*TermSpace, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoTermSpace
	}
	if err != nil {
		return nil, fmt.Errorf("read the learned term space: %w", err)
	}
	var f termSpaceFile
	if err := gob.NewDecoder(bytes.NewReader(raw)).Decode(&f); err != nil || f.Version != termSpaceVersion || f.Dims <= 0 || len(f.Ctx) == 0 {
		return nil, fmt.Errorf("%w: %s is damaged or from another version", ErrNoTermSpace, path)
	}
	s := &TermSpace{dims: f.Dims, ctx: f.Ctx, seen: f.Seen}
	s.id = s.fingerprint()
	return s, nil
}

// Space returns the embedder's learned term space (nil: none).
func (b *Builtin) Space() *TermSpace { return b.space }

// WithTermSpace makes the embedder add each word's learned context vector
// (see TermSpace) to its features; the ID names the space. A space learned
// for another dimension is ignored.
func WithTermSpace(s *TermSpace) BuiltinOption {
	return func(b *Builtin) { b.space = s }
}

// addContext adds the context vectors of a text's words to v.
// tf holds the occurrences of the text's content words by stem (nil
// without a space).
func (b *Builtin) addContext(v []float64, tf map[string]float64) {
	s := b.space
	if s == nil || s.dims != len(v) {
		return
	}
	for t, n := range tf {
		es := s.ctx[t]
		if es == nil {
			continue
		}
		w := termWeight * (1 + math.Log(n))
		for _, e := range es {
			v[e.Idx] += w * float64(e.W)
		}
	}
}

// contentTermsOf yields the content terms of every stride-th document, in
// order, analysed in chunks by as many workers as there are CPUs (the
// analysis was half of the learning time, which runs before indexing
// starts); the counting that consumes them stays sequential, so the space
// learned is the same.
func contentTermsOf(b *Builtin, docs []LearnDoc, stride int) iter.Seq2[int, []string] {
	return func(yield func(int, []string) bool) {
		const chunk = 256 // documents analysed ahead: bounds what is held at once
		workers := max(1, runtime.GOMAXPROCS(0))
		out := make([][]string, chunk)
		for lo := 0; lo < len(docs); lo += chunk * stride {
			hi := min(len(docs), lo+chunk*stride)
			var wg sync.WaitGroup
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for j := w; lo+j*stride < hi; j += workers {
						out[j] = b.contentTerms(docs[lo+j*stride].Text)
					}
				}(w)
			}
			wg.Wait()
			for j := 0; lo+j*stride < hi; j++ {
				if !yield(lo+j*stride, out[j]) {
					return
				}
				out[j] = nil
			}
		}
	}
}

// pairCounts are the windowed co-occurrence counts of word-id pairs
// (smaller id in the high half of the key), in shards of disjoint keys.
type pairCounts []map[uint64]float64

func (p pairCounts) len() int {
	n := 0
	for _, m := range p {
		n += len(m)
	}
	return n
}

func (p pairCounts) all() iter.Seq2[uint64, float64] {
	return func(yield func(uint64, float64) bool) {
		for _, m := range p {
			for k, n := range m {
				if !yield(k, n) {
					return
				}
			}
		}
	}
}

// countPairs counts the pairs of different words at most ctxWindow apart
// within each document (flat holds the documents' word ids, ends where each
// ends). Counting was most of the learning's single-threaded time (a map
// update per pair, millions of them): each of the workers counts the pairs
// of its own share of keys, so the shards are disjoint and need no
// merging (10k-article import: 14.7–16.3 → 13.9 s). size is the expected
// number of pairs: growing a map by doubling (rehashing millions of
// entries) was a third of the learning time.
func countPairs(flat []int32, ends []int, size, workers int) pairCounts {
	workers = max(1, workers)
	shards := make(pairCounts, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := make(map[uint64]float64, size/workers)
			start := 0
			for _, end := range ends {
				seq := flat[start:end]
				start = end
				for j, a := range seq {
					for k := j + 1; k < len(seq) && k <= j+ctxWindow; k++ {
						c := seq[k]
						if c == a || int(uint32(a+c))%workers != w {
							continue
						}
						x, y := min(a, c), max(a, c)
						m[uint64(x)<<32|uint64(y)]++
					}
				}
			}
			shards[w] = m
		}()
	}
	wg.Wait()
	return shards
}
