package assist

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"concierge/knowledge/assist/textscan"
)

// The grounding check decides, for each sentence of a reply, whether the
// passages the option cites support it. It is lexical and deliberately
// simple, so that an agent can predict it and a test can measure it:
//
//  1. The reply is split into sentences at ".", "!" or "?" followed by
//     white space, and at line breaks; list markers ("- ", "1. ") are
//     removed.
//  2. Each sentence and each cited passage is normalised: lower case, split
//     into letter/digit words, stop words dropped, and every word lightly
//     stemmed (plural, -ing, -ed, -ly, … endings removed, so "refunds" and
//     "refunded" both become "refund").
//  3. Fact tokens are taken from the raw text: every number, with thousands
//     separators and ".00"/",00" decimals removed, so "€1,250.00" gives
//     "1250", "14 days" gives "14", "+44 20 7946 0958" gives "44", "20",
//     "7946", "0958", and "2024-03-05" gives "2024-03-05".
//  4. A sentence is phatic when it has no fact tokens and all its content
//     words are pleasantries (hello, thanks, regards, sorry, …) or the
//     customer's name. Phatic sentences are supported and cite nothing.
//     A question (ending in "?") without fact tokens asks rather than
//     states, and is supported too.
//  5. Otherwise the sentence is Supported when
//     (a) at least SupportThreshold (60 %) of its distinct content stems
//     occur in the union of the cited passages, and
//     (b) every one of its fact tokens occurs among the fact tokens of the
//     cited passages.
//     Rule (b) is absolute: a fee, date, phone number or duration that no
//     cited passage states makes the sentence unverified however well the
//     words match.
//  6. A supported sentence also adds nothing the passages do not say:
//     (c) at most 1 + a quarter of its content stems (rounded down) are absent
//     from them, so a trusted sentence with words appended fails;
//     (d) every code-like token (letters with digits, "PAY-", "ACME"),
//     link and e-mail address in it occurs in their raw text;
//     (e) every commitment word (guarantee, promise, free, waive, refund,
//     credit, compensation, discount, voucher, today, immediately, …) in it
//     occurs in them.
//
// Before any comparison, typography is normalised: en and em dashes and
// the minus sign become "-" (so "3-7" matches "3–7"), curly quotes become
// straight ones, no-break spaces become spaces. The customer's and the
// agent's names count as pleasantries, and Concierge's own fixed phrases
// (greetings, closings, "I am checking this with our Billing team…",
// templateSentence) are supported by construction: they state nothing
// from the knowledge base.
//
// Passages judged suspicious (see signals.go) never count as support.

// SupportThreshold is the share of a sentence's content stems that must
// occur in its cited passages for it to count as supported.
const SupportThreshold = 0.6

var (
	sentenceEndRE = regexp.MustCompile(`([.!?])\s+`)
	listMarkerRE  = regexp.MustCompile(`^\s*(?:[-*•]|\d{1,2}[.)])\s+`)
	numberRE      = regexp.MustCompile(`\d+(?:[.,:/\-]\d+)*`)
	thousandsRE   = regexp.MustCompile(`^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d{1,3}(?:\.\d{3})+(?:,\d+)?$`)
)

// splitSentences splits a reply into sentences (see the grounding rules).
func splitSentences(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = listMarkerRE.ReplaceAllString(line, "")
		line = sentenceEndRE.ReplaceAllString(line, "$1\n")
		for _, s := range strings.Split(line, "\n") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// stopWords are dropped before comparing words.
var stopWords = toSet(strings.Fields(`a an the and or but if then else of to in on at by for with from into onto
about as is are was were be been being am do does did doing have has had having it its it's this that these
those there here what which who whom whose when where why how i me my mine we us our ours you your yours he him
his she her hers they them their theirs not no nor so than too very can could will would shall should may might
must just also only any all each every some such own same other both more most few s t don't can't won't i'm
you're we're we'll you'll i'll i've we've let's via per up down out over under again once`))

// phaticWords are pleasantries: a sentence made only of these (and the
// customer's name) states no fact.
var phaticWords = toSet(strings.Fields(`hi hello hey dear thank thanks regard best kind sincerely warm wish
cheer team support help happy glad sorry apologis apologiz apolog inconvenience hope hop reach reaching contact
know let question further welcome please assist day great anything else feel free touch look forward hear
soon patience understand understanding appreciate concern message get back write writ again good morning
afternoon evening trouble hassle frustrating frustration confusion sure certainly course absolutely fine okay
wonderful lovely taking time writing contacting hear sorry apologies apologise apologize mean bear well doing
здравствуйте спасибо уважением добрый день пожалуйста`))

func toSet(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
		m[stem(w)] = true
	}
	return m
}

// typography normalises dashes, quotes and spaces (see the rules above).
var typography = strings.NewReplacer("\u2013", "-", "\u2014", "-", "\u2212", "-", "\u2010", "-", "\u2011", "-",
	"\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`, "\u00ab", `"`, "\u00bb", `"`, "\u00a0", " ", "\u202f", " ")

// words returns the lower-case letter/digit words of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(typography.Replace(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// contentStems returns the distinct stems of the non-stop words of s.
func contentStems(s string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words(s) {
		w = strings.Trim(w, "'")
		if len(w) < 2 || stopWords[w] || isDigits(w) {
			continue
		}
		st := stem(w)
		if !seen[st] {
			seen[st] = true
			out = append(out, st)
		}
	}
	return out
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// stem removes common English inflection endings. It is not a full Porter
// stemmer; it only has to map a word and its usual inflections together.
func stem(w string) string {
	w = strings.TrimSuffix(w, "'s")
	for _, suf := range []struct{ from, to string }{
		{"ational", "ate"}, {"ization", "ize"}, {"isation", "ise"}, {"fulness", "ful"},
		{"iveness", "ive"}, {"ements", ""}, {"ement", ""}, {"ments", ""}, {"ment", ""},
		{"ingly", ""}, {"edly", ""}, {"ies", "y"}, {"ied", "y"}, {"ing", ""}, {"ly", ""},
		{"ed", ""}, {"es", ""}, {"s", ""}, {"e", ""},
	} {
		if strings.HasSuffix(w, suf.from) && len(w)-len(suf.from)+len(suf.to) >= 3 {
			if suf.from == "s" && strings.HasSuffix(w, "ss") {
				continue
			}
			return w[:len(w)-len(suf.from)] + suf.to
		}
	}
	return w
}

// factTokens returns the normalised numbers in s (see the grounding rules).
func factTokens(s string) []string {
	var out []string
	for _, m := range numberRE.FindAllString(typography.Replace(s), -1) {
		out = append(out, normNumber(m))
	}
	return out
}

func normNumber(m string) string {
	m = strings.TrimRight(m, ".,:/-")
	if thousandsRE.MatchString(m) {
		// Keep only the decimal separator: the last '.' or ',' followed by
		// fewer than three digits.
		sep := strings.LastIndexAny(m, ".,")
		if len(m)-sep-1 == 3 {
			m = strings.NewReplacer(",", "", ".", "").Replace(m)
		} else {
			m = strings.NewReplacer(",", "", ".", "").Replace(m[:sep]) + "." + m[sep+1:]
		}
	}
	m = strings.Replace(m, ",", ".", 1)
	if i := strings.IndexByte(m, '.'); i >= 0 && strings.Trim(m[i+1:], "0") == "" && !strings.ContainsAny(m[i+1:], ".:/-") {
		m = m[:i]
	}
	return m
}

// evidence is the normalised text of one passage.
type evidence struct {
	id    string
	raw   string // lower-cased, typography-normalised text
	stems map[string]bool
	facts map[string]bool
}

func newEvidence(p Passage) evidence {
	text := p.ArticleTitle + "\n" + strings.Join(p.Headings, "\n") + "\n" + p.Text
	e := evidence{id: p.ID, raw: strings.ToLower(typography.Replace(textscan.StripHidden(text))), stems: map[string]bool{}, facts: map[string]bool{}}
	for _, s := range contentStems(text) {
		e.stems[s] = true
	}
	for _, f := range factTokens(text) {
		e.facts[f] = true
	}
	return e
}

// checkSentence applies the grounding rules to one sentence. names are the
// customer's name words (lower case), which count as phatic.
func checkSentence(sentence string, cited []evidence, names map[string]bool) SentenceCheck {
	sc := SentenceCheck{Text: sentence}
	if isTemplateSentence(sentence) {
		sc.Supported = true
		return sc
	}
	stems := contentStems(sentence)
	facts := factTokens(sentence)
	if len(facts) == 0 {
		phatic := true
		for _, s := range stems {
			if !phaticWords[s] && !names[s] {
				phatic = false
				break
			}
		}
		if phatic || strings.HasSuffix(sentence, "?") {
			sc.Supported = true
			return sc
		}
	}
	type hit struct {
		id string
		n  int
	}
	var hits []hit
	covered := 0
	for _, s := range stems {
		found := false
		for _, e := range cited {
			if e.stems[s] {
				found = true
				break
			}
		}
		if found {
			covered++
		}
	}
	for _, e := range cited {
		n := 0
		for _, s := range stems {
			if e.stems[s] {
				n++
			}
		}
		for _, f := range facts {
			if e.facts[f] {
				n++
			}
		}
		if n > 0 {
			hits = append(hits, hit{e.id, n})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].n > hits[j].n })
	for _, h := range hits {
		sc.PassageIDs = append(sc.PassageIDs, h.id)
	}
	factsOK := true
	for _, f := range facts {
		found := false
		for _, e := range cited {
			if e.facts[f] {
				found = true
				break
			}
		}
		if !found {
			factsOK = false
			break
		}
	}
	wordsOK := len(stems) == 0 || float64(covered)/float64(len(stems)) >= SupportThreshold &&
		len(stems)-covered <= 1+len(stems)/4
	sc.Supported = factsOK && wordsOK && (len(stems) > 0 || len(facts) > 0) && len(cited) > 0 &&
		addsNothing(sentence, stems, cited, names)
	return sc
}

// nameWords returns the words and stems of the customer's and the agent's
// names, which count as phatic.
func nameWords(c Customer, agent ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range append([]string{c.Name, c.PreferredName, DisplayName(c)}, agent...) {
		for _, w := range words(n) {
			m[w] = true
			m[stem(w)] = true
		}
	}
	return m
}

var (
	codeTokenRE = regexp.MustCompile(`\b(?:[A-Za-z]+[-_]?\d[\w-]*|\d+[-_]?[A-Za-z][\w-]*|[A-Z]{2,}(?:-[A-Z0-9]*)?)\b`)
	// commitments are words that promise something; a sentence may use one
	// only when a cited passage does.
	commitments = toSet(strings.Fields(`guarantee guaranteed promise promised free waive waived refund refunded
credit credited compensation compensate discount voucher coupon today tonight tomorrow immediately instantly
personally priority urgent bonus reward prize gift exception cash`))
)

// addsNothing applies rules (c)–(e) beyond coverage: codes, links and
// commitment words must all be found in the cited passages.
func addsNothing(sentence string, stems []string, cited []evidence, names map[string]bool) bool {
	inRaw := func(tok string) bool {
		tok = strings.ToLower(typography.Replace(tok))
		for _, e := range cited {
			if strings.Contains(e.raw, tok) {
				return true
			}
		}
		return false
	}
	for _, tok := range codeTokenRE.FindAllString(typography.Replace(sentence), -1) {
		if names[strings.ToLower(tok)] || len(tok) < 2 {
			continue
		}
		if !inRaw(tok) {
			return false
		}
	}
	for _, d := range details(sentence) {
		if (d.kind == "link" || d.kind == "email") && !inRaw(d.norm) {
			return false
		}
	}
	for _, st := range stems {
		if commitments[st] {
			found := false
			for _, e := range cited {
				if e.stems[st] {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	}
	return true
}

// CheckReply applies the grounding check to every sentence of reply against
// the cited passages. It is exported so that an edited draft can be checked
// again; leave passages with InjectionSignals out of cited, as Suggest does.
func CheckReply(reply string, cited []Passage, customer Customer, agentName ...string) []SentenceCheck {
	ev := make([]evidence, 0, len(cited))
	for _, p := range cited {
		ev = append(ev, newEvidence(p))
	}
	return checkReplyEvidence(reply, ev, nameWords(customer, agentName...))
}

// checkReplyEvidence is CheckReply with prepared evidence.
//
// A signature is not a claim: once a closing pleasantry ("Kind regards,")
// has been seen, the short lines after it ("The clinic team", "Robin,
// Billing") are accepted when they hold no number and at most five words.
func checkReplyEvidence(reply string, ev []evidence, names map[string]bool) []SentenceCheck {
	var out []SentenceCheck
	signing := false
	for _, s := range splitSentences(reply) {
		if signing && len(factTokens(s)) == 0 && len(words(s)) <= 5 {
			out = append(out, SentenceCheck{Text: s, Supported: true})
			continue
		}
		sc := checkSentence(s, ev, names)
		out = append(out, sc)
		signing = sc.Supported && isClosing(s)
	}
	return out
}

// isClosing reports whether s is a letter's closing ("Kind regards,",
// "Best wishes", "Sincerely", "Thank you").
func isClosing(s string) bool {
	ws := words(strings.ToLower(s))
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		switch w {
		case "regards", "sincerely", "wishes", "cheers", "thanks", "thank", "best", "warmly", "cordially":
			return true
		}
	}
	return false
}
