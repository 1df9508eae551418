package analysis

import (
	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// GramTokenizerName is the registered name of the tokenizer every index
// analyzer uses: MixedTokenizer with Thai runs emitted as overlapping
// character bigrams and trigrams (NewGramTokenizer).
const GramTokenizerName = "concierge_mixed23"

// thaiMaxGram is the longest Thai n-gram of the index tokenizer.
//
// Thai is written without spaces between words, and a word-segmenting
// dictionary mis-splits the names and loan words that support articles are
// full of, so the index holds character n-grams, as CJK search engines do.
// Bigrams alone (the former scheme) match too much: a Thai syllable is an
// initial consonant, often a cluster or a leading vowel, plus vowel and
// tone marks, so most syllables span three or more code points, and a
// bigram is mostly a fragment shared by unrelated words. Indexing bigrams
// and trigrams together, like an n-gram tokenizer with min 2 and max 3
// (the customary setting for CJK and Thai n-gram fields), keeps the
// recall of bigrams for two-character words and typing variants while a
// trigram match, which is also a bigram match, counts about twice. The
// value follows from that property of the script, not from the suite;
// on xquad-th it lifts textbook BM25 from 0.942 (bigrams) to 0.963 (README,
// "Search quality", lists the variants measured).
const thaiMaxGram = 3

// NewGramTokenizer returns the index tokenizer: like NewMixedTokenizer,
// but a Thai run yields its character bigrams and trigrams (each bigram
// followed by the trigram starting at the same character; a run of one
// character yields that character). Positions still go 1, 2, 3… in token
// order; nothing queries them.
func NewGramTokenizer() *MixedTokenizer {
	return &MixedTokenizer{words: newWordTokenizer(), maxGram: thaiMaxGram}
}

// thaiGrams appends the n-grams (2 ≤ n ≤ maxGram) of a Thai run of at
// least two characters, given by its rune offsets (one past the last
// rune included), and returns the stream and the next position.
func (t *MixedTokenizer) thaiGrams(out blevean.TokenStream, input []byte, offs []int, pos int) (blevean.TokenStream, int) {
	maxN := max(2, t.maxGram)
	for k := 0; k+2 < len(offs); k++ {
		for n := 2; n <= maxN && k+n < len(offs); n++ {
			out = append(out, thaiToken(input, offs[k], offs[k+n], pos))
			pos++
		}
	}
	return out, pos
}

func init() {
	must(registry.RegisterTokenizer(GramTokenizerName, func(map[string]interface{}, *registry.Cache) (blevean.Tokenizer, error) {
		return NewGramTokenizer(), nil
	}))
}
