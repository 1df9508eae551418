package analysis

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize: the mixed-script tokenizer never panics and every token
// points at its own bytes of the input (offsets in range and in order,
// Term == input[Start:End]), with positions 1, 2, 3…; a Thai token is one
// or two Thai characters. Every analyzer built on it (English, Russian,
// Thai, generic) returns non-empty terms, valid UTF-8 when the input is.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"The customer's refunds are Pending!", "Возврат денег клиентам", "Ёжик в тумане, ёлка",
		"คืนเงิน", "รหัส OTP ไม่มา", "refund คืน now", "Rückerstattung Ｆｕｌｌ",
		"ไปๆมาๆ", "ฯลฯ", "๚๛", "ก", "ๆ", "กๆ", "ๆก", "ฯก", "เ", "่", "่่่", "ก่อน-หลัง",
		"a\u0301", "ﷺ", "㍿", "Ⅻ", "ǅ", "İstanbul", "ΣΊΣΥΦΟΣ", "ß", "ﬃ", "x²³",
		"\x00", "\xff\xfe", "ก\xff", "\xe0\xb8", "\u200b\u200c\u200d", "\u202eabc", "🙂👍🏽", "e-mail", "it's",
		strings.Repeat("ก", 500), strings.Repeat("Ёё", 200), strings.Repeat("a ", 500),
	} {
		f.Add([]byte(s))
	}
	names := []string{English, EnglishStem, Russian, RussianPlain, Thai, Generic}
	tok := NewMixedTokenizer()
	f.Fuzz(func(t *testing.T, in []byte) {
		ts := tok.Tokenize(in)
		prevEnd := 0
		for i, tk := range ts {
			if tk.Position != i+1 {
				t.Fatalf("token %d has position %d", i, tk.Position)
			}
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(in) {
				t.Fatalf("token %d %q has offsets %d..%d (previous ended at %d, input %d bytes)", i, tk.Term, tk.Start, tk.End, prevEnd, len(in))
			}
			if !bytes.Equal(in[tk.Start:tk.End], tk.Term) && !isThaiToken(tk.Term) {
				t.Fatalf("token %q does not match its offsets: %q", tk.Term, in[tk.Start:tk.End])
			}
			if isThaiToken(tk.Term) {
				if n := utf8.RuneCount(tk.Term); n < 1 || n > 2 || !bytes.Equal(in[tk.Start:tk.End], tk.Term) {
					t.Fatalf("Thai token %q (%d runes) at %d..%d", tk.Term, n, tk.Start, tk.End)
				}
				prevEnd = tk.Start + 1 // bigrams overlap by one character
				continue
			}
			prevEnd = tk.End
		}
		for _, name := range names {
			terms, err := Terms(name, string(in))
			if err != nil {
				t.Fatal(err)
			}
			for _, term := range terms {
				if term == "" {
					t.Fatalf("%s gave an empty term for %q", name, in)
				}
				if utf8.Valid(in) && !utf8.ValidString(term) {
					t.Fatalf("%s turned valid input %q into invalid term %q", name, in, term)
				}
			}
		}
	})
}

func isThaiToken(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return IsThai(r)
}

// Found by FuzzTokenize: Bleve's lowercase filter garbled tokens whose
// lower case is shorter in UTF-8 ("İstanbul" → "i\xb0stanbu").
func TestLowerCaseOfShrinkingRunes(t *testing.T) {
	for _, name := range []string{English, Russian, Thai, Generic} {
		got, err := Terms(name, "İstanbul \u212Aelvin ÅSA Ⱥb")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"istanbul", "kelvin", "åsa", "ⱥb"} // the Russian stemmer leaves Latin words alone
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
