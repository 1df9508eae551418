package analysis

import (
	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// wordTokenizer splits text into words exactly as Bleve's Unicode
// tokenizer does (Unicode word segmentation, UAX #29), with a fast path for
// ASCII: the segmenter's state machine was a fifth of the built-in
// embedder's time and the largest single cost of indexing English text.
// The text is cut after ASCII whitespace, where a word never continues;
// each stretch of pure-ASCII fields is segmented by scanASCII, and every
// other stretch (Cyrillic, typographic quotes, accents, ideographs…) by the
// Unicode tokenizer. TestWordTokenizerMatchesUnicode compares the two on
// random text.
type wordTokenizer struct {
	slow *unicode.UnicodeTokenizer
}

func newWordTokenizer() wordTokenizer {
	return wordTokenizer{slow: unicode.NewUnicodeTokenizer()}
}

// Tokenize returns the words of input with their byte offsets and types;
// positions count from 1.
func (w wordTokenizer) Tokenize(input []byte) blevean.TokenStream {
	var out blevean.TokenStream
	var toks []blevean.Token // backing store of the fast path's tokens
	regStart, regASCII := 0, true
	flush := func(end int) {
		if end <= regStart {
			return
		}
		if regASCII {
			out, toks = scanASCII(out, toks, input, regStart, end)
			return
		}
		for _, tok := range w.slow.Tokenize(input[regStart:end]) {
			tok.Start += regStart
			tok.End += regStart
			out = append(out, tok)
		}
	}
	for i := 0; i < len(input); {
		// One field: up to and including the next ASCII whitespace.
		j, ascii := i, true
		for j < len(input) && !isSpaceASCII(input[j]) {
			if input[j] >= 0x80 {
				ascii = false
			}
			j++
		}
		for j < len(input) && isSpaceASCII(input[j]) {
			j++
		}
		if ascii != regASCII {
			flush(i)
			regStart, regASCII = i, ascii
		}
		i = j
	}
	flush(len(input))
	for i, tok := range out {
		tok.Position = i + 1
	}
	return out
}

func isSpaceASCII(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// ASCII classes of UAX #29's word-break properties.
const (
	cOther  = iota
	cLetter // ALetter: A–Z, a–z
	cDigit  // Numeric: 0–9
	cUnder  // ExtendNumLet: _
	cMidLet // MidLetter: colon
	cMidNL  // MidNumLet and Single_Quote: full stop, apostrophe
	cMidNum // MidNum: comma, semicolon
)

var asciiClass = func() (t [128]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = cLetter, cLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	t['_'], t[':'], t['.'], t['\''], t[','], t[';'] = cUnder, cMidLet, cMidNL, cMidNL, cMidNum, cMidNum
	return t
}()

// scanASCII appends the words of the ASCII text input[lo:hi] (offsets into
// input) to out, taking tokens from toks (grown as needed), and returns
// both. The rules are UAX #29's for these characters: letters, digits and
// underscores join (WB5, WB8–10, WB13a–b); a colon joins two letters, a
// full stop or apostrophe two letters or two digits, and a comma or
// semicolon two digits (WB6–7, WB11–12); everything else breaks. A word is
// Numeric when it has digits and no letters, as the segmenter types it.
func scanASCII(out blevean.TokenStream, toks []blevean.Token, input []byte, lo, hi int) (blevean.TokenStream, []blevean.Token) {
	class := func(i int) uint8 {
		if i >= hi {
			return cOther
		}
		return asciiClass[input[i]]
	}
	for i := lo; i < hi; {
		c := class(i)
		if c != cLetter && c != cDigit && c != cUnder {
			i++
			continue
		}
		start := i
		letters, digits := c == cLetter, c == cDigit
		prev := c
	word:
		for i++; i < hi; {
			c = class(i)
			switch c {
			case cLetter, cDigit, cUnder:
				letters = letters || c == cLetter
				digits = digits || c == cDigit
				prev = c
				i++
				continue
			case cMidLet, cMidNL, cMidNum:
				next := class(i + 1)
				if (prev == cLetter && next == cLetter && c != cMidNum) || (prev == cDigit && next == cDigit && c != cMidLet) {
					prev = next
					i += 2
					continue
				}
			}
			break word
		}
		if len(toks) == 0 {
			toks = make([]blevean.Token, max(16, (hi-i)/6))
		}
		tok := &toks[0]
		toks = toks[1:]
		tok.Term, tok.Start, tok.End, tok.Type = input[start:i], start, i, blevean.AlphaNumeric
		if digits && !letters {
			tok.Type = blevean.Numeric
		}
		out = append(out, tok)
	}
	return out, toks
}
