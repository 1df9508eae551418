package assist

import (
	"strings"
)

// checker applies the grounding (grounding.go) and injection (injection.go)
// checks to options built from one prompt.
type checker struct {
	byID       map[string]Passage
	suspicious map[string][]string
	injected   []string // sentences with injection signals, from suspicious passages
	trusted    trustedSet
	customer   Customer
	request    Passage // the request's own text, evidence for clarifying questions
	evidence   map[string]evidence
	names      map[string]bool
}

// newChecker prepares the checks for the passages of a prompt and the
// request (unredacted: the customer's own details are trusted).
func newChecker(req Request, passages []Passage) *checker {
	c := &checker{byID: map[string]Passage{}, suspicious: map[string][]string{}, customer: req.Customer,
		evidence: map[string]evidence{}, names: nameWords(req.Customer)}
	trusted := []string{req.Subject, req.Customer.Name, req.Customer.Contact, req.Customer.Notes}
	for _, m := range req.Messages {
		trusted = append(trusted, m.Text)
	}
	for _, p := range passages {
		c.byID[p.ID] = p
		all := p.ArticleTitle + "\n" + strings.Join(p.Headings, "\n") + "\n" + p.Text
		if sig := InjectionSignals(all); len(sig) > 0 {
			c.suspicious[p.ID] = sig
			c.injected = append(c.injected, injectedSentences(all)...)
			continue
		}
		trusted = append(trusted, all)
	}
	c.trusted = newTrustedSet(trusted)
	c.request = Passage{ID: "\x00request", Text: strings.Join(trusted[:4+len(req.Messages)], "\n")}
	return c
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

// check fills o.Sentences and o.Flags (keeping flags already set).
func (c *checker) check(o *Option) {
	flags := map[string]bool{}
	for _, f := range o.Flags {
		flags[f] = true
	}
	var grounds []Passage
	for _, ct := range o.Citations {
		p := c.byID[ct.PassageID]
		if _, bad := c.suspicious[p.ID]; bad {
			flags[FlagSuspiciousPassage] = true
			continue
		}
		if p.Stale || p.Flagged {
			flags[FlagStalePassage] = true
		}
		grounds = append(grounds, p)
	}
	if len(o.Citations) == 0 && o.Kind != KindNotInKB {
		flags[FlagNoCitations] = true
	}
	if o.Kind == KindNotInKB {
		// A clarifying question may only repeat what the customer wrote.
		grounds = []Passage{c.request}
	}
	ev := make([]evidence, 0, len(grounds))
	for _, p := range grounds {
		e, ok := c.evidence[p.ID]
		if !ok {
			e = newEvidence(p)
			c.evidence[p.ID] = e
		}
		ev = append(ev, e)
	}
	o.Sentences = checkReplyEvidence(o.Reply, ev, c.names)
	if o.Kind == KindNotInKB {
		for i := range o.Sentences {
			o.Sentences[i].PassageIDs = nil
		}
	}
	for _, s := range o.Sentences {
		if !s.Supported {
			flags[FlagUnverifiedSentences] = true
			break
		}
	}
	all := append([]string{o.Title, o.Reply}, o.Steps...)
	for _, text := range all {
		if len(untrustedDetails(text, c.trusted)) > 0 {
			flags[FlagUntrustedDetail] = true
		}
		if len(c.injected) > 0 {
			for _, s := range splitSentences(text) {
				if echoesInjection(s, c.injected) {
					flags[FlagPossibleInjection] = true
				}
			}
		}
	}
	o.Flags = o.Flags[:0]
	for _, f := range flagOrder {
		if flags[f] {
			o.Flags = append(o.Flags, f)
		}
	}
}

// flagOrder is the order flags are listed in, most serious first.
var flagOrder = []string{
	FlagPossibleInjection, FlagUntrustedDetail, FlagSuspiciousPassage, FlagDroppedUnknownCitation,
	FlagNoCitations, FlagUnverifiedSentences, FlagStalePassage, FlagInternalSource,
}
