package analysis

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

func tokenString(ts blevean.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q/%d[%d:%d]@%d ", t.Term, t.Type, t.Start, t.End, t.Position)
	}
	return b.String()
}

// The word tokenizer gives exactly the tokens of Bleve's Unicode tokenizer
// (terms, offsets, types, positions) on texts built from the characters
// whose word-break rules differ: ASCII letters, digits, every ASCII
// punctuation mark and space, and non-ASCII letters, marks, quotes and
// spaces that send a stretch to the slow path.
func TestWordTokenizerMatchesUnicode(t *testing.T) {
	var alphabet []string
	for c := 0; c < 128; c++ {
		alphabet = append(alphabet, string(rune(c)))
	}
	for _, s := range []string{"a", "e", "1", "_", ".", "'", ":", ",", ";", " ", " ", "\n",
		"é", "e\u0301", "’", "д", "ё", "\u00a0", "\u200d", "中", "カ", "ก", "😀", "\u00ad", "٣"} {
		for range 4 { // weight the characters with rules over the rest
			alphabet = append(alphabet, s)
		}
	}
	fast, slow := newWordTokenizer(), unicode.NewUnicodeTokenizer()
	rnd := rand.New(rand.NewPCG(9, 9))
	for n := range 200000 {
		var b strings.Builder
		for range rnd.IntN(24) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		in := b.String()
		if got, want := tokenString(fast.Tokenize([]byte(in))), tokenString(slow.Tokenize([]byte(in))); got != want {
			t.Fatalf("text %d %q:\n got %s\nwant %s", n, in, got, want)
		}
	}
	for _, in := range []string{"", "   ", "Refunds reach the account within 5 working days (e.g. 3,000.50 USD); can't wait: x.y.z.",
		"Пароль Wi-Fi: guest_2024 — don’t share it", "a1 1a 1_ _1 _ a_ __a e.g 3.14 a,b 1:2 a:b 1'2 a.1 1.a a..b 1,,2"} {
		if got, want := tokenString(fast.Tokenize([]byte(in))), tokenString(slow.Tokenize([]byte(in))); got != want {
			t.Errorf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
}

func BenchmarkWordTokenizer(b *testing.B) {
	text := []byte(strings.Repeat("The customer was charged twice for order 4,512; check the billing portal (e.g. payments.example.com) and refund within 5 days. ", 20))
	for _, tc := range []struct {
		name string
		tok  blevean.Tokenizer
	}{{"words", newWordTokenizer()}, {"unicode", unicode.NewUnicodeTokenizer()}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				tc.tok.Tokenize(text)
			}
		})
	}
}
