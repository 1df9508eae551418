package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"concierge/knowledge/analysis"
)

// snippetRunes is the approximate length of a snippet.
const snippetRunes = 240

// highlighter marks query terms in passage text. It analyses the text with
// the same analyzers the passage was indexed with, so stemmed forms
// ("refunds" for "refund") and Thai bigrams are marked too.
type highlighter struct {
	q         string
	asYouType bool
	terms     map[string]map[string]bool // analyzer → query terms
	last      map[string]string          // analyzer → last query term (prefix)
	stems     map[string]string          // word → analysis.StemWord(word), memoised
	firsts    map[string]map[rune]bool   // analyzer → the first letters of the query terms
}

// mayStemTo reports whether word t can stem (analysis.StemWord) to one of
// analyzer an's query terms: the stemmers only remove and rewrite endings,
// so a stem starts with its word's first letter
// (analysis.TestStemKeepsTheFirstLetter). Most words of a passage start
// otherwise and are not stemmed at all: stemming every word was most of
// the snippets' cost.
func (h *highlighter) mayStemTo(an, t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return h.firsts[an][r]
}

// stem is analysis.StemWord, remembered for the query: the snippets and
// coverage checks of one page of results meet the same words over and
// over, and the Snowball stemmer was the largest CPU cost of a query after
// the retrievers.
func (h *highlighter) stem(w string) string {
	if s, ok := h.stems[w]; ok {
		return s
	}
	s := analysis.StemWord(w)
	h.stems[w] = s
	return s
}

func newHighlighter(q string, asYouType bool) *highlighter {
	return &highlighter{q: q, asYouType: asYouType && strings.TrimRightFunc(q, unicode.IsSpace) == q,
		terms: map[string]map[string]bool{}, last: map[string]string{}, stems: map[string]string{},
		firsts: map[string]map[rune]bool{}}
}

func (h *highlighter) queryTerms(an string) map[string]bool {
	if t, ok := h.terms[an]; ok {
		return t
	}
	set, firsts := map[string]bool{}, map[rune]bool{}
	ts, _ := analysis.Terms(an, h.q)
	ts = withoutStopTerms(an, ts) // highlightwords.go
	for _, t := range ts {
		set[t] = true
		r, _ := utf8.DecodeRuneInString(t)
		firsts[r] = true
	}
	h.firsts[an] = firsts
	if len(ts) > 0 {
		h.last[an] = ts[len(ts)-1]
	}
	h.terms[an] = set
	return set
}

type span struct{ s, e int }

// snippet returns an HTML-safe excerpt of text around the first match,
// with matches wrapped in <mark>. Words are found with a light scanner
// (letters and digits; Thai as bigrams) and normalised like the index
// analyzers normalise them: lower case, plus the Snowball stem of Latin and
// Cyrillic words (analysis.StemWord).
func (h *highlighter) snippet(lang, text string) string {
	if text == "" {
		return ""
	}
	an := analysis.ForLanguage(lang)
	plain := h.queryTerms(an)
	stemmed := an != analysis.Generic
	last := h.last[an]
	prefix := h.asYouType && utf8.RuneCountInString(last) >= 2
	spans := thaiSpans(text, thaiRuns(h.q)) // whole Thai words, not bigrams (highlightwords.go)
	scanWords(text, func(s, e int) {
		if isThaiSpan(text, s) {
			return
		}
		t := strings.ToLower(text[s:e])
		hit := plain[t] || (prefix && strings.HasPrefix(t, last))
		if !hit && stemmed && h.mayStemTo(an, t) {
			hit = plain[h.stem(t)]
		}
		if hit {
			spans = append(spans, span{s, e})
		}
	})
	spans = mergeSpans(spans)
	from, to := window(text, spans)
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	pos := from
	for _, sp := range spans {
		if sp.e <= from || sp.s >= to {
			continue
		}
		s, e := max(sp.s, from), min(sp.e, to)
		b.WriteString(html.EscapeString(text[pos:s]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s:e]))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return b.String()
}

// scanWords calls fn with the byte span of every word of text: runs of
// letters, digits and combining marks, except that a Thai run yields its
// character bigrams, as the Thai tokenizer does.
func scanWords(text string, fn func(s, e int)) {
	var offs []int // a Thai run's character offsets, reused
	i := 0
	for i < len(text) {
		r, n := decodeRune(text, i)
		if !isWordRune(r) {
			i += n
			continue
		}
		thai := analysis.IsThai(r)
		j := i
		offs = offs[:0]
		for j < len(text) {
			r2, n2 := decodeRune(text, j)
			if !isWordRune(r2) || (r2 >= utf8.RuneSelf && analysis.IsThai(r2)) != thai {
				break
			}
			if thai {
				offs = append(offs, j)
			}
			j += n2
		}
		switch {
		case !thai:
			fn(i, j)
		case len(offs) == 1:
			fn(i, j)
		default:
			offs = append(offs, j)
			for k := 0; k+2 < len(offs); k++ {
				fn(offs[k], offs[k+2])
			}
		}
		i = j
	}
}

// decodeRune is utf8.DecodeRuneInString(text[i:]) with an ASCII fast path:
// snippets and coverage scan every word of the passages shown.
func decodeRune(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func mergeSpans(sp []span) []span {
	if len(sp) == 0 {
		return nil
	}
	sort.Slice(sp, func(i, j int) bool { return sp[i].s < sp[j].s })
	out := []span{sp[0]}
	for _, s := range sp[1:] {
		lst := &out[len(out)-1]
		if s.s <= lst.e {
			lst.e = max(lst.e, s.e)
			continue
		}
		out = append(out, s)
	}
	return out
}

// window picks byte offsets [from, to) of about snippetRunes runes,
// starting a little before the first match, cut at spaces when possible.
func window(text string, spans []span) (int, int) {
	if utf8.RuneCountInString(text) <= snippetRunes {
		return 0, len(text)
	}
	from := 0
	if len(spans) > 0 {
		from = spans[0].s
		// Back up about 40 runes, to a space.
		for n := 0; from > 0 && n < 40; n++ {
			_, sz := utf8.DecodeLastRuneInString(text[:from])
			from -= sz
		}
		if from > 0 {
			if i := strings.IndexByte(text[from:spans[0].s], ' '); i >= 0 {
				from += i + 1
			}
		}
	}
	to := from
	for n := 0; to < len(text) && n < snippetRunes; n++ {
		_, sz := utf8.DecodeRuneInString(text[to:])
		to += sz
	}
	if to < len(text) {
		if i := strings.LastIndexByte(text[from:to], ' '); i > snippetRunes/2 {
			to = from + i
		}
	}
	return from, to
}
