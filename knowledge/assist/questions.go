package assist

import (
	"regexp"
	"strings"

	"concierge/knowledge/assist/textscan"
)

// Questions: the distinct questions or problems a customer raises.
//
// SplitQuestions cuts the customer's messages (the subject when there are
// none) into candidate questions:
//
//  1. every message is split into sentences (".", "!", "?" followed by
//     space, line breaks);
//  2. a sentence is split again where " and ", " but ", "; " or " also "
//     joins two clauses that each have at least two content words and the
//     second opens like a new clause (a pronoun, a possessive, "the", or a
//     question word) — "I was charged twice and my lab result is missing"
//     is two problems, "the date and amount" is not;
//  3. pleasantries ("Hi", "Thanks so much!") are dropped, and a fragment
//     with fewer than two content words ("It was yesterday.") joins the
//     question before it (or after it, at the start);
//  4. at most MaxQuestions are kept: the rest join the last one.
//
// The engine then retrieves for each candidate and merges candidates whose
// best article is the same: they are one problem told in several sentences
// (see gather in suggest.go).

// MaxQuestions bounds the questions answered in one reply.
const MaxQuestions = 4

var clauseSplitRE = regexp.MustCompile(`(?i)\s*(?:;\s+|,?\s+(?:and|but|also|and also|plus)\s+)(?:(?:also|then|now)\s+)?((?:i|i'm|i've|my|we|our|the|it|it's|they|their|can|could|how|when|where|why|what|is|are|do|does|will|would|should|please|also)\b)`)

// SplitQuestions returns the candidate questions of the customer's messages
// (see above), in the order they were asked.
func SplitQuestions(req Request) []string {
	var texts []string
	for _, m := range req.Messages {
		if m.Author != AuthorAgent && strings.TrimSpace(m.Text) != "" {
			texts = append(texts, m.Text)
		}
	}
	if len(texts) == 0 && strings.TrimSpace(req.Subject) != "" {
		texts = []string{req.Subject}
	}
	var units []string
	for _, t := range texts {
		for _, s := range splitSentences(textscan.StripHidden(t)) {
			units = append(units, splitClauses(s)...)
		}
	}
	var out []string
	pending := ""
	names := nameWords(req.Customer)
	for _, u := range units {
		// "Hi Anna, I was charged twice": the greeting is not the question.
		if head, rest, ok := strings.Cut(u, ","); ok && strings.TrimSpace(rest) != "" && pleasantry(head, names) {
			u = strings.TrimSpace(rest)
		}
		n := len(queryTerms(u))
		switch {
		case n == 0 || pleasantry(u, names):
			continue
		case n < 2:
			if len(out) > 0 {
				out[len(out)-1] += " " + u
			} else {
				pending = strings.TrimSpace(pending + " " + u)
			}
			continue
		}
		if pending != "" {
			u = pending + " " + u
			pending = ""
		}
		out = append(out, u)
	}
	if pending != "" {
		out = append(out, pending)
	}
	if len(out) == 0 && strings.TrimSpace(req.Subject) != "" && len(queryTerms(req.Subject)) > 0 {
		out = []string{strings.TrimSpace(req.Subject)}
	}
	if len(out) > MaxQuestions {
		last := strings.Join(out[MaxQuestions-1:], " ")
		out = append(out[:MaxQuestions-1], last)
	}
	return out
}

// pleasantry reports whether s only greets, thanks or signs ("Kind
// regards, Anna"): no number and every content word a pleasantry or a name.
func pleasantry(s string, names map[string]bool) bool {
	if len(factTokens(s)) > 0 {
		return false
	}
	for _, st := range contentStems(s) {
		if !phaticWords[st] && !names[st] && !fillerWords[st] {
			return false
		}
	}
	return true
}

// splitClauses splits a sentence where a conjunction joins two clauses that
// each carry at least two content words.
func splitClauses(s string) []string {
	locs := clauseSplitRE.FindAllStringSubmatchIndex(s, -1)
	var out []string
	start := 0
	for _, l := range locs {
		left, right := s[start:l[0]], s[l[2]:]
		if len(queryTerms(left)) >= 2 && len(queryTerms(nextClause(right))) >= 2 {
			out = append(out, strings.TrimSpace(left))
			start = l[2]
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// nextClause is the text of right up to the next conjunction split.
func nextClause(right string) string {
	if l := clauseSplitRE.FindStringIndex(right[min(1, len(right)):]); l != nil {
		return right[:l[0]+1]
	}
	return right
}
