package analysis

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGramTokenizerThaiRuns(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"ก", []string{"ก"}},
		{"กข", []string{"กข"}},
		{"กขค", []string{"กข", "กขค", "ขค"}},
		{"กขคง", []string{"กข", "กขค", "ขค", "ขคง", "คง"}},
		{"ab กขค cd", []string{"ab", "กข", "กขค", "ขค", "cd"}},
		{"กขฯคง", []string{"กข", "คง"}}, // ฯ ends a run: no gram spans it
		{"ไปๆมา", []string{"ไป", "มา"}},
	}
	tok := NewGramTokenizer()
	for _, c := range cases {
		var got []string
		for _, tk := range tok.Tokenize([]byte(c.in)) {
			got = append(got, string(tk.Term))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The former tokenizer (the built-in embedder's) still yields bigrams only.
func TestMixedTokenizerStaysBigram(t *testing.T) {
	var got []string
	for _, tk := range NewMixedTokenizer().Tokenize([]byte("กขคง")) {
		got = append(got, string(tk.Term))
	}
	if want := []string{"กข", "ขค", "คง"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// FuzzGramTokenizer: offsets in range, starts never decreasing, Term ==
// input[Start:End], positions 1, 2, 3…, Thai tokens of one to three
// characters.
func FuzzGramTokenizer(f *testing.F) {
	for _, s := range []string{
		"คืนเงิน", "รหัส OTP ไม่มา", "refund คืน now", "ไปๆมาๆ", "ฯลฯ", "ก", "ๆก", "่่่", "ก่อน-หลัง",
		"\xff\xfe", "ก\xff", "\xe0\xb8", strings.Repeat("ก", 300),
	} {
		f.Add([]byte(s))
	}
	tok := NewGramTokenizer()
	f.Fuzz(func(t *testing.T, in []byte) {
		prevStart := 0
		for i, tk := range tok.Tokenize(in) {
			if tk.Position != i+1 {
				t.Fatalf("token %d has position %d", i, tk.Position)
			}
			if tk.Start < prevStart || tk.End <= tk.Start || tk.End > len(in) {
				t.Fatalf("token %d %q has offsets %d..%d (previous started at %d)", i, tk.Term, tk.Start, tk.End, prevStart)
			}
			if isThaiToken(tk.Term) {
				if n := utf8.RuneCount(tk.Term); n < 1 || n > 3 || !bytes.Equal(in[tk.Start:tk.End], tk.Term) {
					t.Fatalf("Thai token %q (%d runes) at %d..%d", tk.Term, n, tk.Start, tk.End)
				}
			}
			prevStart = tk.Start
		}
	})
}

// thaiParagraph is Thai running text (a sentence of a support article,
// repeated) for the tokenizer benchmarks.
var thaiParagraph = []byte(strings.Repeat("ลูกค้าสามารถขอคืนเงินได้ภายในสามสิบวันหลังจากการสั่งซื้อ หากสินค้ามีปัญหา กรุณาติดต่อฝ่ายบริการลูกค้า ", 8))

// BenchmarkThaiTokenize compares the bigram tokenizer (the embedder's) with
// the index tokenizer's bigrams and trigrams on the same Thai paragraph.
func BenchmarkThaiTokenize(b *testing.B) {
	for _, c := range []struct {
		name string
		tok  *MixedTokenizer
	}{{"bigrams", NewMixedTokenizer()}, {"bigrams+trigrams", NewGramTokenizer()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(thaiParagraph)))
			for b.Loop() {
				if len(c.tok.Tokenize(thaiParagraph)) == 0 {
					b.Fatal("no tokens")
				}
			}
		})
	}
}
