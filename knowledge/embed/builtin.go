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

	mu    sync.RWMutex
	words map[string]*wordInfo // word → what it adds (info)

	// feats holds the feature tables of embedOne (feattable.go): a passage
	// has a few thousand features (each word's stem, character n-grams),
	// and growing a fresh table to that size for every passage was a fifth
	// of the embedder's time. Tables grown by an unusually long text are
	// not kept.
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
		dims: BuiltinDims,
		tok:  analysis.NewMixedTokenizer(),
		stop: blevean.NewTokenMap(),
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

// maxPooledFeats: feature maps larger than this are not reused.
const maxPooledFeats = 1 << 15

func (b *Builtin) embedOne(text string) []float32 {
	feats, _ := b.feats.Get().(*featTable)
	if feats == nil {
		feats = newFeatTable(12)
	}
	defer func() {
		if feats.len() <= maxPooledFeats {
			feats.reset()
			b.feats.Put(feats)
		}
	}()
	add := feats.add

	toks := b.tok.Tokenize([]byte(strings.ToLower(text)))
	// A word's features depend on the word alone (Thai pairs aside), so
	// each distinct word adds them once with its number of occurrences.
	freq := make(map[string]int, len(toks))
	thai := func(i int) bool {
		r, _ := utf8.DecodeRune(toks[i].Term)
		return analysis.IsThai(r)
	}
	var tf map[string]float64 // content words' stems (Thai: n-grams) → occurrences (addContext)
	if b.space != nil && b.space.dims == b.dims {
		tf = make(map[string]float64, len(toks))
	}
	for i, t := range toks {
		if !thai(i) {
			freq[string(t.Term)]++ // the key is copied only when new
			continue
		}
		term := string(t.Term)
		add(fkey(kWord, term), 1, 1)
		if i+1 < len(toks) && thai(i+1) {
			add(fkey(kPair, term, string(toks[i+1].Term)), wPair, 1)
		}
		if tf != nil {
			tf[term]++
		}
	}
	for term, n := range freq {
		wi := b.info(term)
		if wWord > 0 {
			add(fkey(kWord, term), wWord*wi.w, n)
		}
		add(wi.stemKey, wStem*wi.w, n)
		if wi.w == 1 {
			for _, g := range wi.grams {
				add(g, wGrams/float64(len(wi.grams)), n)
			}
			if tf != nil {
				tf[wi.stem] += float64(n)
			}
		}
	}

	v := make([]float64, b.dims)
	b.addContext(v, tf)
	feats.each(func(x uint64, a featAcc) {
		w := a.w * sublinear(a.n)
		idx := int(x % uint64(b.dims))
		if x>>63 == 1 {
			w = -w
		}
		v[idx] += w
	})
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

// wordInfo is what a distinct (non-Thai) word adds to a text's features,
// computed once per word and cached (hashing every n-gram of every word
// was most of the embedder's time; one cache lookup per word replaced a
// stem lookup per occurrence and an n-gram lookup per word).
type wordInfo struct {
	w       float64 // weight class: 1 for a content word, wStop, wShort
	stem    string
	stemKey uint64   // fkey(kStem, stem)
	grams   []uint64 // feature keys of the character 3–5-grams of "<word>" (content words)
}

// info returns the cached wordInfo of a lower-case non-Thai word.
func (b *Builtin) info(term string) *wordInfo {
	b.mu.RLock()
	wi, ok := b.words[term]
	b.mu.RUnlock()
	if ok {
		return wi
	}
	wi = &wordInfo{w: 1, stem: stem(term)}
	switch {
	case b.stop[term]:
		wi.w = wStop
	case utf8.RuneCountInString(term) <= 2:
		wi.w = wShort
	}
	wi.stemKey = fkey(kStem, wi.stem)
	if wi.w == 1 {
		wi.grams = grams(term)
	}
	b.mu.Lock()
	if b.words == nil || len(b.words) >= maxStemCache {
		b.words = make(map[string]*wordInfo, 1024)
	}
	b.words[strings.Clone(term)] = wi
	b.mu.Unlock()
	return wi
}

// grams returns the feature keys of the character 3–5-grams of "<term>".
func grams(term string) []uint64 {
	var g []uint64
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
	return g
}

// stem returns the cached Snowball stem of a lower-case word.
func (b *Builtin) stem(w string) string { return b.info(w).stem }

// sublinearTab holds 1 + ln n for small n: the logarithm was a tenth of
// embedding a passage, whose features mostly occur a few times.
var sublinearTab = func() (t [64]float64) {
	for n := 1; n < len(t); n++ {
		t[n] = 1 + math.Log(float64(n))
	}
	return t
}()

// sublinear is a feature's term-frequency factor, 1 + ln n.
func sublinear(n int) float64 {
	if n > 0 && n < len(sublinearTab) {
		return sublinearTab[n]
	}
	return 1 + math.Log(float64(n))
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
