package search

import (
	"strings"
	"testing"
)

// Stop words of the query are not marked when it has a content word; a
// query of stop words only still marks them.
func TestSnippetSkipsStopWords(t *testing.T) {
	cases := []struct{ lang, q, text, want string }{
		{"en", "how do I get my refund", "How do I get my refund back?", "How do I <mark>get</mark> my <mark>refund</mark> back?"},
		{"en", "the refund for my card", "The refund reaches the card.", "The <mark>refund</mark> reaches the <mark>card</mark>."},
		{"ru", "как мне вернуть деньги", "Как вернуть деньги за приём", "Как <mark>вернуть</mark> <mark>деньги</mark> за приём"},
		{"en", "how to", "How to book", "<mark>How</mark> <mark>to</mark> book"},
	}
	for _, c := range cases {
		if got := newHighlighter(c.q, false).snippet(c.lang, c.text); got != c.want {
			t.Errorf("%s %q in %q: got %q, want %q", c.lang, c.q, c.text, got, c.want)
		}
	}
}

// Thai is marked as the whole query word, never as fragments sharing two
// characters with it.
func TestSnippetThaiWholeWords(t *testing.T) {
	// "คืนเงิน" (refund): its bigram "เงิ" also occurs in "เงินเดือน"-like
	// words; only the whole word is marked.
	text := "ขอคืนเงินได้ภายในเจ็ดวัน และเงินจะเข้าบัญชี"
	got := newHighlighter("คืนเงิน", false).snippet("th", text)
	if got != "ขอ<mark>คืนเงิน</mark>ได้ภายในเจ็ดวัน และเงินจะเข้าบัญชี" {
		t.Errorf("got %q", got)
	}
	if strings.Count(got, "<mark>") != 1 {
		t.Errorf("fragments marked: %q", got)
	}
	// Two Thai words separated by a space in the query are each marked whole.
	got = newHighlighter("คืนเงิน บัญชี", false).snippet("th", text)
	if got != "ขอ<mark>คืนเงิน</mark>ได้ภายในเจ็ดวัน และเงินจะเข้า<mark>บัญชี</mark>" {
		t.Errorf("two words: got %q", got)
	}
	// Latin words in Thai text are still marked.
	got = newHighlighter("PIN", false).snippet("th", "เปลี่ยน PIN ที่ตู้")
	if got != "เปลี่ยน <mark>PIN</mark> ที่ตู้" {
		t.Errorf("latin in thai: got %q", got)
	}
}
