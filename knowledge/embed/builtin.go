package embed

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"concierge/knowledge/analysis"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// BuiltinID is the ID of the built-in embedder. Bump the suffix whenever
// the feature set or weights change, so stored vectors are re-embedded.
const BuiltinID = "builtin-v2"

// BuiltinDims is the default vector dimension of the built-in embedder. On
// the dev set 256, 320, 384 and 512 dimensions scored within hash-collision
// noise of each other (hybrid nDCG@10 0.815–0.817); 256 scans fastest.
const BuiltinDims = 256

// Builtin is an offline, deterministic embedder: it needs no model, no
// download and no network. A text becomes a bag of weighted features,
// hashed with a random sign into a fixed number of dimensions
// (the "hashing trick"), then L2-normalised:
//
//   - the Snowball stem of each word (English or Russian by script; the
//     surface form adds nothing but hash collisions);
//   - character 3–5-grams of each content word, for typos and word-form
//     variants;
//   - Thai, which has no spaces, arrives as character bigrams from the
//     analysis tokenizer; adjacent bigrams are also paired (trigram-like);
//
// There is no hand-made related-terms table: vocabulary chosen by hand
// helped the collection it was written for and hurt every other one.
//
// Term frequency is sublinear (1 + ln tf). Instead of corpus IDF, which
// would change every stored vector as the corpus grows, a fixed prior
// down-weights stop words and very short words. Vectors therefore depend
// only on the text: they are stable under incremental updates.
type Builtin struct {
	dims int
	tok  blevean.Tokenizer
	stop blevean.TokenMap

	space *TermSpace // learned from the knowledge base; nil: none

	mu        sync.RWMutex
	stems     map[string]string
	gramCache map[string][]uint64 // term → its character n-gram feature keys (grams)

	// feats holds the feature maps of embedOne: a passage has a few
	// thousand features (each word's stem, character n-grams), and growing
	// a fresh map to that size for every passage (rehashing as it doubles)
	// was a fifth of the embedder's time. Maps grown by an unusually long
	// text are not kept.
	feats sync.Pool
}

// BuiltinOption configures NewBuiltin.
type BuiltinOption func(*Builtin)

// WithDims sets the vector dimension (default BuiltinDims). The ID is
// unchanged for the default and gets a "-<dims>d" suffix otherwise.
func WithDims(n int) BuiltinOption {
	return func(b *Builtin) {
		if n > 0 {
			b.dims = n
		}
	}
}

// NewBuiltin returns the built-in embedder.
func NewBuiltin(opts ...BuiltinOption) *Builtin {
	b := &Builtin{
		dims:  BuiltinDims,
		tok:   analysis.NewMixedTokenizer(),
		stop:  blevean.NewTokenMap(),
		stems: map[string]string{},
	}
	for _, o := range opts {
		o(b)
	}
	_ = b.stop.LoadBytes(en.EnglishStopWords)
	_ = b.stop.LoadBytes(ru.RussianStopWords)
	return b
}

// ID implements Embedder.
func (b *Builtin) ID() string {
	id := BuiltinID
	if b.dims != BuiltinDims {
		id = fmt.Sprintf("%s-%dd", id, b.dims)
	}
	if b.space != nil && b.space.dims == b.dims {
		id += "+kb-" + b.space.id
	}
	return id
}

// Lexical reports that the built-in embedder encodes words, not meaning:
// its vectors share features only where texts share stems or character
// n-grams (search uses this to judge how far a cosine vouches for a match).
func (b *Builtin) Lexical() bool { return true }

// Dims returns the vector dimension.
func (b *Builtin) Dims() int { return b.dims }

// Embed implements Embedder. Large batches are embedded by two goroutines.
func (b *Builtin) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	run := func(lo, hi int) error {
		for i := lo; i < hi; i++ {
			if (i-lo)%64 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("embed: %w", err)
				}
			}
			out[i] = b.embedOne(texts[i])
		}
		return nil
	}
	// Every CPU takes an equal share of the texts (at least 64 each: fewer
	// are not worth a goroutine).
	workers := max(1, min(runtime.GOMAXPROCS(0), len(texts)/64))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(texts)/workers, (w+1)*len(texts)/workers
		if w == workers-1 {
			errs[w] = run(lo, hi) // the last share on this goroutine
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = run(lo, hi)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Feature weights, relative to a content word's stem.
const (
	wWord  = 0.0 // Latin/Cyrillic surface forms: the stem already covers them
	wStem  = 1.0
	wGrams = 1.0 // shared by all n-grams of one word
	wPair  = 0.5 // adjacent Thai bigrams
	wStop  = 0.1
	wShort = 0.4 // words of one or two letters
)

type word struct {
	term string
	stem string
	thai bool
	w    float64
}

// Feature kinds, hashed in front of the feature text.
const (
	kWord = 'w'
	kStem = 's'
	kGram = 'g'
	kPair = 'p'
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fkey hashes a feature (kind + parts) with FNV-1a, without allocating.
func fkey(kind byte, parts ...string) uint64 {
	h := uint64(fnvOffset)
	h = (h ^ uint64(kind)) * fnvPrime
	for i, p := range parts {
		if i > 0 {
			h = (h ^ ' ') * fnvPrime
		}
		for j := 0; j < len(p); j++ {
			h = (h ^ uint64(p[j])) * fnvPrime
		}
	}
	return h
}

// featAcc is one feature of a text being embedded.
type featAcc struct {
	w float64 // largest single-occurrence weight
	n int     // occurrences
}

// maxPooledFeats: feature maps larger than this are not reused.
const maxPooledFeats = 1 << 15

func (b *Builtin) embedOne(text string) []float32 {
	feats, _ := b.feats.Get().(map[uint64]featAcc)
	if feats == nil {
		feats = make(map[uint64]featAcc, 2048)
	}
	defer func() {
		if len(feats) <= maxPooledFeats {
			clear(feats)
			b.feats.Put(feats)
		}
	}()
	add := func(f uint64, w float64, n int) {
		a := feats[f]
		a.w = max(a.w, w)
		a.n += n
		feats[f] = a
	}

	toks := b.tok.Tokenize([]byte(strings.ToLower(text)))
	words := make([]word, 0, len(toks))
	// A word's features depend on the word alone (Thai pairs aside), so
	// each distinct word adds them once with its number of occurrences.
	freq := make(map[string]int, len(toks))
	var distinct []int // index in words of each distinct non-Thai word
	for _, t := range toks {
		term := string(t.Term)
		wd := word{term: term, stem: term, w: 1}
		r, _ := utf8.DecodeRuneInString(term)
		switch {
		case analysis.IsThai(r):
			wd.thai = true
		case b.stop[term]:
			wd.w = wStop
		case utf8.RuneCountInString(term) <= 2:
			wd.w = wShort
		}
		if !wd.thai {
			wd.stem = b.stem(term)
			if freq[term] == 0 {
				distinct = append(distinct, len(words))
			}
			freq[term]++
		}
		words = append(words, wd)
	}

	for i, wd := range words {
		if !wd.thai {
			continue
		}
		add(fkey(kWord, wd.term), 1, 1)
		if i+1 < len(words) && words[i+1].thai {
			add(fkey(kPair, wd.term, words[i+1].term), wPair, 1)
		}
	}
	for _, i := range distinct {
		wd := words[i]
		n := freq[wd.term]
		if wWord > 0 {
			add(fkey(kWord, wd.term), wWord*wd.w, n)
		}
		add(fkey(kStem, wd.stem), wStem*wd.w, n)
		if wd.w == 1 {
			grams := b.grams(wd.term)
			for _, g := range grams {
				add(g, wGrams/float64(len(grams)), n)
			}
		}
	}

	v := make([]float64, b.dims)
	b.addContext(v, words)
	for x, a := range feats {
		w := a.w * (1 + math.Log(float64(a.n))) // sublinear tf
		idx := int(x % uint64(b.dims))
		if x>>63 == 1 {
			w = -w
		}
		v[idx] += w
	}
	var norm float64
	for _, x := range v {
		norm += x * x
	}
	out := make([]float32, b.dims)
	if norm == 0 {
		// An empty text still needs a valid unit vector.
		out[0] = 1
		return out
	}
	norm = math.Sqrt(norm)
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// grams returns the feature keys of the character 3–5-grams of "<term>",
// cached like stems (hashing every gram of every word was most of the
// embedder's time).
func (b *Builtin) grams(term string) []uint64 {
	b.mu.RLock()
	g, ok := b.gramCache[term]
	b.mu.RUnlock()
	if ok {
		return g
	}
	padded := "<" + term + ">"
	var offs [64]int
	no := 0
	for j := range padded {
		if no < len(offs) {
			offs[no] = j
			no++
		}
	}
	if no < len(offs) {
		offs[no] = len(padded)
		no++
	}
	for n := 3; n <= 5; n++ {
		for j := 0; j+n < no; j++ {
			g = append(g, fkey(kGram, padded[offs[j]:offs[j+n]]))
		}
	}
	b.mu.Lock()
	if b.gramCache == nil || len(b.gramCache) >= maxStemCache {
		b.gramCache = make(map[string][]uint64, 1024)
	}
	b.gramCache[strings.Clone(term)] = g
	b.mu.Unlock()
	return g
}

// stem caches stems: the same words recur across texts.
func (b *Builtin) stem(w string) string {
	b.mu.RLock()
	s, ok := b.stems[w]
	b.mu.RUnlock()
	if ok {
		return s
	}
	s = stem(w)
	b.mu.Lock()
	if len(b.stems) >= maxStemCache {
		clear(b.stems)
	}
	b.stems[w] = s
	b.mu.Unlock()
	return s
}

const maxStemCache = 1 << 17

// stem returns the Snowball stem of a lower-case word: Russian for
// Cyrillic words, English for Latin ones, the word itself otherwise.
func stem(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		return russian.Stem(w, true)
	case r < 0x250 && unicode.IsLetter(r):
		return english.Stem(w, true)
	}
	return w
}
