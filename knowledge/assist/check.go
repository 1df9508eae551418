package assist

import (
	"strings"

	"concierge/knowledge/assist/textscan"
)

// checker applies the grounding (grounding.go), injection (signals.go,
// injection.go) and placeholder (placeholders.go) checks to options built
// from one prompt.
type checker struct {
	byID       map[string]Passage
	suspicious map[string][]string
	injected   []string // sentences with injection signals, from suspicious passages
	trusted    trustedSet
	customer   Customer
	request    Passage  // the request's own text, evidence for clarifying questions
	history    evidence // the customer's earlier requests, as the drafts mention them
	facts      requestFacts
	evidence   map[string]evidence
	names      map[string]bool
	titleWords map[string]bool
	keepText   bool // report placeholders as gaps without filling them (an agent's edited draft)
}

// newChecker prepares the checks for the passages of a prompt and the
// request (unredacted: the customer's own details are trusted).
func newChecker(req Request, passages []Passage) *checker {
	c := &checker{byID: map[string]Passage{}, suspicious: map[string][]string{}, customer: req.Customer,
		evidence: map[string]evidence{}, names: nameWords(req.Customer, req.AgentName), facts: factsOf(req)}
	trusted := []string{req.Subject, req.Customer.Name, req.Customer.Contact, req.Customer.Notes}
	for _, m := range req.Messages {
		trusted = append(trusted, m.Text)
	}
	nReq := len(trusted)
	var hist []string
	for _, h := range req.History {
		if !h.At.IsZero() {
			hist = append(hist, historySentence(h, replyLanguage(req)))
		}
	}
	c.history = newEvidence(Passage{ID: "\x00history", Text: strings.Join(hist, "\n")})
	trusted = append(trusted, hist...)
	for _, p := range passages {
		c.byID[p.ID] = p
		all := p.ArticleTitle + "\n" + strings.Join(p.Headings, "\n") + "\n" + p.Text
		if sig := InjectionSignals(all); len(sig) > 0 {
			c.suspicious[p.ID] = sig
			c.injected = append(c.injected, injectedSentences(textscan.StripHidden(all))...)
			continue
		}
		trusted = append(trusted, all)
	}
	c.trusted = newTrustedSet(trusted)
	c.request = Passage{ID: "\x00request", Text: strings.Join(trusted[:nReq], "\n")}
	c.titleWords = map[string]bool{}
	for w := range c.names {
		c.titleWords[w] = true
	}
	for _, t := range labelTitles {
		for _, w := range words(t) {
			c.titleWords[w], c.titleWords[stem(w)] = true, true
		}
	}
	return c
}

// watch adds the injected sentences of marked passages that were retrieved
// but not put in the prompt, so that an option echoing them is flagged.
func (c *checker) watch(ps []Passage) {
	for _, p := range ps {
		if _, ok := c.byID[p.ID]; ok {
			continue
		}
		all := textscan.StripHidden(p.ArticleTitle + "\n" + strings.Join(p.Headings, "\n") + "\n" + p.Text)
		if len(textscan.Scan(all)) > 0 {
			c.injected = append(c.injected, injectedSentences(all)...)
		}
	}
}

// normCitation undoes the usual ways a model decorates an id.
func normCitation(id string) string {
	return strings.Trim(strings.TrimSpace(id), "[]\"'`<> ")
}

// citations resolves cited ids against the prompt: unknown ids are dropped
// (and reported), duplicates merged.
func (c *checker) citations(ids []string) (out []Citation, dropped bool) {
	seen := map[string]bool{}
	for _, raw := range ids {
		id := normCitation(raw)
		p, ok := c.byID[id]
		if !ok {
			dropped = true
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, Citation{PassageID: p.ID, ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion, Quote: p.Text})
	}
	return out, dropped
}

func (c *checker) evidenceOf(p Passage) evidence {
	e, ok := c.evidence[p.ID]
	if !ok {
		e = newEvidence(p)
		c.evidence[p.ID] = e
	}
	return e
}

// check fills placeholders, o.Gaps, o.Sentences, o.TitleChecks,
// o.StepChecks and o.Flags (keeping flags already set).
//
// The reply is grounded only on the cited customer-facing passages (plus
// the customer's earlier requests and the values filled into
// placeholders); the title and steps on every cited clean passage. A reply
// sentence that only an internal passage supports is unverified and flags
// the option FlagInternalInReply.
func (c *checker) check(o *Option) {
	flags := map[string]bool{}
	for _, f := range o.Flags {
		flags[f] = true
	}
	var used []string
	if c.keepText {
		o.Gaps = nil
		for _, ph := range FindPlaceholders(o.Reply) {
			o.Gaps = append(o.Gaps, Gap{Placeholder: ph, Hint: gapHint(ph)})
		}
	} else {
		o.Reply, used, o.Gaps = fillPlaceholders(textscan.StripHidden(o.Reply), c.facts)
	}
	for i := range o.Paragraphs {
		o.Paragraphs[i].Text, _, _ = fillPlaceholders(textscan.StripHidden(o.Paragraphs[i].Text), c.facts)
	}
	var replyEv, allEv []evidence
	for _, ct := range o.Citations {
		p := c.byID[ct.PassageID]
		if _, bad := c.suspicious[p.ID]; bad {
			flags[FlagSuspiciousPassage] = true
			continue
		}
		if p.Stale || p.Flagged {
			flags[FlagStalePassage] = true
		}
		e := c.evidenceOf(p)
		allEv = append(allEv, e)
		if isCustomerFacing(p) {
			replyEv = append(replyEv, e)
		}
	}
	if len(o.Citations) == 0 && o.Kind != KindNotInKB && o.Label != LabelAskFact {
		flags[FlagNoCitations] = true
	}
	if o.Kind == KindNotInKB {
		// A clarifying question may only repeat what the customer wrote.
		replyEv = []evidence{c.evidenceOf(c.request)}
		allEv = replyEv
	}
	extra := []evidence{c.history}
	if len(used) > 0 {
		extra = append(extra, newEvidence(Passage{ID: "\x00filled", Text: strings.Join(used, "\n")}))
	}
	o.Sentences = checkReplyEvidence(o.Reply, append(replyEv, extra...), c.names)
	for i, s := range o.Sentences {
		if s.Supported {
			continue
		}
		if quotesCustomer(s.Text, c.request.Text) {
			o.Sentences[i].Supported = true
			continue
		}
		if alt := checkSentence(s.Text, append(allEv, extra...), c.names); alt.Supported {
			flags[FlagInternalInReply] = true
			o.Sentences[i].PassageIDs = alt.PassageIDs
		}
	}
	if o.Kind == KindNotInKB {
		for i := range o.Sentences {
			o.Sentences[i].PassageIDs = nil
		}
	}
	o.TitleChecks = nil
	for _, s := range splitSentences(textscan.StripHidden(o.Title)) {
		o.TitleChecks = append(o.TitleChecks, c.checkTitle(s, allEv))
	}
	o.StepChecks = nil
	for i, st := range o.Steps {
		o.Steps[i] = textscan.StripHidden(st)
		for _, s := range splitSentences(o.Steps[i]) {
			o.StepChecks = append(o.StepChecks, checkSentence(s, allEv, c.names))
		}
	}
	for _, list := range [][]SentenceCheck{o.Sentences, o.TitleChecks, o.StepChecks} {
		for _, s := range list {
			if !s.Supported {
				flags[FlagUnverifiedSentences] = true
			}
		}
	}
	all := append([]string{o.Title, o.Reply}, o.Steps...)
	for _, text := range all {
		if len(untrustedDetails(text, c.trusted)) > 0 {
			flags[FlagUntrustedDetail] = true
		}
		if AsksForSecret(text) {
			flags[FlagAsksForSecret] = true
		}
		if len(c.injected) > 0 {
			for _, s := range splitSentences(text) {
				if echoesInjection(s, c.injected) {
					flags[FlagPossibleInjection] = true
				}
			}
		}
	}
	if len(o.Paragraphs) == 0 {
		o.Paragraphs = paragraphsOf(o.Reply, o.Sentences)
	}
	o.Flags = o.Flags[:0]
	for _, f := range flagOrder {
		if flags[f] {
			o.Flags = append(o.Flags, f)
		}
	}
}

// checkTitle grounds a title: the label words ("Resolve now", "Next step
// and follow-up", …) and names count as pleasantries.
func (c *checker) checkTitle(s string, ev []evidence) SentenceCheck {
	s = strings.TrimSpace(s)
	rest := s
	for _, t := range labelTitles {
		if s == t {
			return SentenceCheck{Text: s, Supported: true}
		}
		if r, ok := strings.CutPrefix(s, t+": "); ok {
			rest = r
		}
	}
	sc := checkSentence(rest, ev, c.titleWords)
	sc.Text = s
	return sc
}

// paragraphsOf splits a reply into paragraphs (at blank lines) with the
// passages their sentences rest on.
func paragraphsOf(reply string, checks []SentenceCheck) []Paragraph {
	var out []Paragraph
	k := 0
	for _, para := range strings.Split(reply, "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		p := Paragraph{Text: strings.TrimSpace(para), Question: -1}
		for range splitSentences(para) {
			if k < len(checks) {
				if checks[k].Supported {
					for _, id := range checks[k].PassageIDs {
						if !containsString(p.PassageIDs, id) {
							p.PassageIDs = append(p.PassageIDs, id)
						}
					}
				}
				k++
			}
		}
		out = append(out, p)
	}
	return out
}

// flagOrder is the order flags are listed in, most serious first.
var flagOrder = []string{
	FlagPossibleInjection, FlagAsksForSecret, FlagUntrustedDetail, FlagSuspiciousPassage, FlagInternalInReply,
	FlagDroppedUnknownCitation, FlagNoCitations, FlagUnverifiedSentences, FlagStalePassage,
}
