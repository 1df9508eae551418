package assist

import (
	"regexp"
	"strings"
)

// FlagInternalSource: an extractive reply quotes an internal article, because
// no customer-facing passage was found; rewrite it before sending.
const FlagInternalSource = "internal-source"

// maxExtractiveSteps caps the steps taken from an internal passage.
const maxExtractiveSteps = 6

// Extractive builds options from the passages alone, without a model: the
// default when no provider is configured. It is deterministic.
//
// Options are made per department, in the order departments first appear in
// the (ranked) passages, at most three: the reply quotes the customer-facing
// passages of the department's top article (or, failing that, of another
// article of the department; failing that, the top passage, flagged
// FlagInternalSource), and the steps are the paragraphs (list items) of the
// department's first internal passage. When the passages come from a single
// department, options are made per article instead. Stale and flagged
// passages are skipped unless opts.AllowStale; passages with injection
// signals are never quoted. With nothing usable the result is NotInKB with
// a clarifying question.
func Extractive(req Request, passages []Passage, opts Options) Suggestion {
	usable := selectPassages(passages, opts)
	var clean []Passage
	for _, p := range usable {
		if len(InjectionSignals(p.ArticleTitle+"\n"+strings.Join(p.Headings, "\n")+"\n"+p.Text)) == 0 {
			clean = append(clean, p)
		}
	}
	sug := Suggestion{Provider: ProviderNone, PassageIDs: passageIDs(usable), Passages: passageRefs(usable)}
	if len(clean) == 0 {
		return notInKB(sug, req, clarifyingQuestion(req))
	}

	groupKey := func(p Passage) string { return p.Department }
	if len(distinct(clean, groupKey)) < 2 {
		groupKey = func(p Passage) string { return p.ArticleID }
	}
	chk := newChecker(req, usable)
	for _, key := range distinct(clean, groupKey) {
		if len(sug.Options) == 3 {
			break
		}
		var group []Passage
		for _, p := range clean {
			if groupKey(p) == key {
				group = append(group, p)
			}
		}
		sug.Options = append(sug.Options, extractiveOption(req, group, chk))
	}
	return sug
}

// extractiveOption builds one option from a group of ranked passages.
func extractiveOption(req Request, group []Passage, chk *checker) Option {
	top := group[0]
	var reply []Passage
	for _, p := range group {
		if p.ArticleID == top.ArticleID && isCustomerFacing(p) && len(reply) < 2 {
			reply = append(reply, p)
		}
	}
	if len(reply) == 0 {
		for _, p := range group {
			if isCustomerFacing(p) {
				reply = append(reply, p)
				break
			}
		}
	}
	o := Option{Kind: KindExtractive}
	if len(reply) == 0 {
		reply = []Passage{top}
		o.Flags = append(o.Flags, FlagInternalSource)
	}
	var stepSrc *Passage
	for i := range group {
		if !isCustomerFacing(group[i]) && !containsPassage(reply, group[i].ID) {
			stepSrc = &group[i]
			break
		}
	}
	title := reply[0].ArticleTitle
	if reply[0].Department != "" {
		title = reply[0].Department + ": " + title
	}
	o.Title = title
	var b strings.Builder
	b.WriteString(greeting(req.Customer))
	for i, p := range reply {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.TrimSpace(p.Text))
	}
	o.Reply = b.String()
	ids := passageIDs(reply)
	if stepSrc != nil {
		o.Steps = stepsFrom(stepSrc.Text)
		ids = append(ids, stepSrc.ID)
	}
	o.Citations, _ = chk.citations(ids)
	chk.check(&o)
	return o
}

var stepNumberRE = regexp.MustCompile(`^\s*(?:\d{1,2}[.)]|[-*•]|step \d+:?)\s*`)

// stepsFrom turns a passage's paragraphs (list items become paragraphs when
// passages are split) into steps.
func stepsFrom(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimSpace(stepNumberRE.ReplaceAllString(para, ""))
		if para == "" {
			continue
		}
		out = append(out, para)
		if len(out) == maxExtractiveSteps {
			break
		}
	}
	return out
}

func isCustomerFacing(p Passage) bool { return p.Audience == "customer-facing" }

func containsPassage(ps []Passage, id string) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// distinct returns the distinct keys of ps in order of first appearance.
func distinct(ps []Passage, key func(Passage) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range ps {
		if k := key(p); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// greeting opens a reply: "Hi Anna,\n\n" or "Hello,\n\n".
func greeting(c Customer) string {
	if f := strings.Fields(c.Name); len(f) > 0 {
		return "Hi " + f[0] + ",\n\n"
	}
	return "Hello,\n\n"
}

// clarifyingQuestion is the deterministic question asked when the knowledge
// base has no answer. It states no facts.
func clarifyingQuestion(req Request) string {
	if s := strings.TrimSpace(req.Subject); s != "" {
		return "Could you tell us a little more about \u201c" + s + "\u201d: what exactly happened, when, and what you have tried so far?"
	}
	return "Could you describe the problem in a little more detail: what exactly happened, when, and what you have tried so far?"
}

// notInKB completes sug as a "not in the knowledge base" answer: a single
// option that only asks the clarifying question.
func notInKB(sug Suggestion, req Request, question string) Suggestion {
	return notInKBChecked(sug, req, question, newChecker(req, nil))
}

// notInKBChecked is notInKB with the checks of a prompt's passages, so that
// a clarifying question from a model is checked for injected content too.
func notInKBChecked(sug Suggestion, req Request, question string, chk *checker) Suggestion {
	sug.NotInKB = true
	sug.ClarifyingQuestion = question
	o := Option{
		Kind:  KindNotInKB,
		Title: "Not in the knowledge base: ask a clarifying question",
		Reply: greeting(req.Customer) + "Thank you for your message. " + question,
		Steps: []string{
			"No knowledge base article answers this request: send the question, or check with the department concerned before answering.",
		},
	}
	chk.check(&o)
	sug.Options = []Option{o}
	return sug
}
