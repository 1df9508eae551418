package analysis

import (
	"unicode/utf8"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// TokenizerName is the registered name of the mixed-script tokenizer.
const TokenizerName = "concierge_mixed"

// MixedTokenizer splits text into words with Unicode word segmentation, except
// for runs of Thai script, which has no spaces between words and for which
// Bleve's Unicode tokenizer yields no tokens. A Thai run is emitted as
// overlapping character bigrams (a single-character run as itself): a
// dictionary-free scheme that needs no word list and still matches any Thai
// substring of two or more characters.
type MixedTokenizer struct {
	words wordTokenizer
	// maxGram is the longest Thai character n-gram emitted (0 or 2:
	// bigrams only; see NewGramTokenizer).
	maxGram int
}

// NewMixedTokenizer returns a tokenizer for mixed Latin/Cyrillic/Thai text.
func NewMixedTokenizer() *MixedTokenizer {
	return &MixedTokenizer{words: newWordTokenizer()}
}

// IsThai reports whether r is in the Thai Unicode block.
func IsThai(r rune) bool { return r >= 0x0E00 && r <= 0x0E7F }

// Tokenize implements bleve's analysis.Tokenizer.
func (t *MixedTokenizer) Tokenize(input []byte) blevean.TokenStream {
	var out blevean.TokenStream
	pos := 1
	start := 0 // start of the pending non-Thai segment
	i := 0
	flush := func(end int) {
		if end <= start {
			return
		}
		for _, tok := range t.words.Tokenize(input[start:end]) {
			tok.Start += start
			tok.End += start
			tok.Position = pos
			pos++
			out = append(out, tok)
		}
	}
	for i < len(input) {
		r, n := utf8.DecodeRune(input[i:])
		if !IsThai(r) {
			i += n
			continue
		}
		flush(i)
		// Collect the Thai run as rune offsets.
		var offs []int
		j := i
		for j < len(input) {
			r2, n2 := utf8.DecodeRune(input[j:])
			if !IsThai(r2) || r2 == 0x0E2F || r2 == 0x0E46 || r2 == 0x0E5A || r2 == 0x0E5B {
				// ฯ ๆ ๚ ๛ are punctuation-like; they end the run.
				if IsThai(r2) && len(offs) == 0 {
					j += n2
					i = j
					continue
				}
				break
			}
			offs = append(offs, j)
			j += n2
		}
		offs = append(offs, j)
		runes := len(offs) - 1
		switch {
		case runes == 1:
			out = append(out, thaiToken(input, offs[0], offs[1], pos))
			pos++
		case runes > 1:
			out, pos = t.thaiGrams(out, input, offs, pos)
		}
		// Skip a terminating Thai punctuation mark.
		if j < len(input) {
			if r2, n2 := utf8.DecodeRune(input[j:]); IsThai(r2) {
				j += n2
			}
		}
		i = j
		start = j
	}
	flush(len(input))
	return out
}

func thaiToken(input []byte, s, e, pos int) *blevean.Token {
	term := make([]byte, e-s)
	copy(term, input[s:e])
	return &blevean.Token{Start: s, End: e, Term: term, Position: pos, Type: blevean.Ideographic}
}

func mixedTokenizerConstructor(map[string]interface{}, *registry.Cache) (blevean.Tokenizer, error) {
	return NewMixedTokenizer(), nil
}
