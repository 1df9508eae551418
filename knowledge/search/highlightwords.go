package search

import (
	"strings"
	"unicode/utf8"

	"concierge/knowledge/analysis"
)

// What a snippet marks. Stop words are matched and scored (stopweight.go)
// but marking every "the", "my" or "и" of a passage hides the words that
// made it match, so a query's stop words are not marked when it also has
// a content word (a query made only of stop words keeps them, as in
// scoring). Thai is indexed as character bigrams, which would mark every
// fragment of the text that shares two characters with the query; the
// snippet marks a Thai run of the query only where the text holds it whole.

// withoutStopTerms returns the query terms of analyzer an to mark: every
// term, less the stop words when one term is not a stop word.
func withoutStopTerms(an string, terms []string) []string {
	stop := stopTerms(an)
	var content []string
	for _, t := range terms {
		if !stop[t] {
			content = append(content, t)
		}
	}
	if len(content) == 0 {
		return terms
	}
	return content
}

// thaiRuns returns the runs of Thai letters of the query (each as typed),
// longest first, skipping single characters.
func thaiRuns(q string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 && utf8.RuneCountInString(q[start:end]) >= 2 {
			out = append(out, q[start:end])
		}
		start = -1
	}
	for i, r := range q {
		if analysis.IsThai(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(q))
	// Longest first, so that a longer run wins where two overlap.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// thaiSpans returns the byte spans of text where a Thai run of the query
// occurs whole.
func thaiSpans(text string, runs []string) []span {
	var out []span
	for _, r := range runs {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], r)
			if i < 0 {
				break
			}
			s := from + i
			out = append(out, span{s, s + len(r)})
			from = s + len(r)
		}
	}
	return out
}

// isThaiSpan reports whether the word text[s:e] is Thai (a bigram of the
// scanner).
func isThaiSpan(text string, s int) bool {
	r, _ := utf8.DecodeRuneInString(text[s:])
	return analysis.IsThai(r)
}
