package search

import (
	"strings"
	"unicode/utf8"

	"concierge/knowledge/analysis"
)

// Confidence: an article is a weak match when neither retriever vouches for
// it — its best passage's cosine is below Options.StrongSimilarity and its
// title and matched passages contain under a third of the query's
// distinct terms (after the same normalisation the index uses). Search
// ranks weak matches like any other; the window shows them as "possibly
// related" rather than as answers, so "spaceship warranty" in a clinic's
// knowledge base reads as "no match" instead of a confident list.

// minCoverage is the share of query terms a lexical match must contain to
// count as strong. No stop words are removed, so function words ("how",
// "my", "a") count as terms: a third keeps natural questions strong while a
// single shared word ("best" in "best sourdough bread recipe") stays weak.
const minCoverage = 1.0 / 3

// weak reports whether the fused article is a weak match for the query.
func (e *Engine) weak(mode Mode, a *fusedArticle, hl *highlighter) bool {
	if a.vec >= e.opts.StrongSimilarity && (a.bm >= 0 || mode == ModeVector || !isLexical(e.emb)) {
		return false
	}
	if mode == ModeVector {
		return true
	}
	texts := make([]string, 0, len(a.passages)+1)
	texts = append(texts, a.rec.Title)
	for ord := range a.passages {
		if ord < len(a.rec.Passages) {
			texts = append(texts, e.passageText(a.rec, ord))
		}
	}
	return hl.coverage(a.rec.Language, texts...) < minCoverage
}

// coverage returns the share of the query's distinct terms that occur in
// texts, matching words as snippets do (English and Russian by stem, Thai
// by bigram, the unfinished last term by prefix when typing).
func (h *highlighter) coverage(lang string, texts ...string) float64 {
	an := analysis.ForLanguage(lang)
	plain := h.queryTerms(an)
	norm := func(t string) string { return t }
	if an != analysis.Generic {
		norm = h.stem
	}
	want := map[string]bool{}
	for t := range plain {
		want[norm(t)] = true
	}
	if len(want) == 0 {
		return 0
	}
	last := h.last[an]
	prefix := h.asYouType && utf8.RuneCountInString(last) >= 2
	found := map[string]bool{}
	for _, text := range texts {
		scanWords(text, func(s, e int) {
			t := strings.ToLower(text[s:e])
			// norm(t) can be wanted only if t may stem to a query term.
			if plain[t] || (h.mayStemTo(an, t) && want[norm(t)]) {
				found[norm(t)] = true
			}
			if prefix && strings.HasPrefix(t, last) {
				found[norm(last)] = true
			}
		})
	}
	n := 0
	for t := range want {
		if found[t] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

// lexicalEmbedder is implemented by embedders whose vectors encode only
// the words of a text (stems, character n-grams), like the built-in one.
type lexicalEmbedder interface{ Lexical() bool }

// isLexical reports whether emb is a lexical embedder. A cosine from such
// an embedder vouches for an article only together with a BM25 match: on
// its own, between short texts, it is as likely a hash collision as a
// typo, and it cannot be a paraphrase.
func isLexical(emb interface{}) bool {
	l, ok := emb.(lexicalEmbedder)
	return ok && l.Lexical()
}
