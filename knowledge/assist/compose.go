package assist

import (
	"sort"
	"strings"

	"concierge/knowledge/assist/textscan"
)

// Extractive drafting, the default when no model is configured: options are
// built from passage text alone, deterministically.
//
// For every question the knowledge base answers, the reply paragraph quotes
// the most relevant customer-facing passage (in the customer's language when
// one exists), cut to its sentences about the question when it is long;
// internal passages only ever feed the agent's steps. A question answered
// only by internal text gets "I am checking this with our <department>
// team…" in the reply and the internal steps for the agent; a question the
// knowledge base does not answer gets a short clarifying question. Three
// genuinely different options are made:
//
//   - LabelResolve: resolve now with what the knowledge base says;
//   - LabelNextStep: the key sentence of each answer plus a next step and a
//     follow-up date, left as a gap for the agent to fill;
//   - LabelAskFact: ask the customer for the one missing detail.

// Option labels: what an option does.
const (
	LabelResolve  = "resolve"
	LabelNextStep = "next-step"
	LabelAskFact  = "ask-missing-fact"
	LabelClarify  = "clarify"
)

var labelTitles = map[string]string{
	LabelResolve:  "Resolve now",
	LabelNextStep: "Next step and follow-up",
	LabelAskFact:  "Ask for the missing detail",
	LabelClarify:  "Not in the knowledge base: ask a clarifying question",
}

var labelPurposes = map[string]string{
	LabelResolve:  "Answers every question now with what the knowledge base says.",
	LabelNextStep: "Gives the key answer, says what happens next and promises a follow-up by a date you choose.",
	LabelAskFact:  "Asks the customer for the one detail needed before the problem can be solved.",
	LabelClarify:  "The knowledge base does not answer this request: asks the customer to say more.",
}

// maxExtractiveSteps caps the steps taken per question from its two most
// relevant internal passages.
const maxExtractiveSteps = 4

// maxAnswerRunes: a longer passage is cut to its sentences about the question.
const maxAnswerRunes = 500

// Extractive builds options from passages retrieved once for the whole
// request, without a model (see compose).
func Extractive(req Request, passages []Passage, opts Options) Suggestion {
	qs := questionsFor(req, passages, opts)
	usable := promptPassages(qs, opts)
	sug := Suggestion{Provider: ProviderNone, PassageIDs: passageIDs(usable), Passages: passageRefs(usable),
		Questions: questionResults(qs), PossiblyRelated: possiblyRelated(qs)}
	for _, q := range qs {
		if q.answered() {
			return compose(sug, req, qs, usable)
		}
	}
	return notInKB(sug, req, clarifyingQuestion(req))
}

// answerPlan is what the options say about one question.
type answerPlan struct {
	q          int
	reply      []Passage // customer-facing passages quoted (at most one)
	text       string    // the paragraph of the resolve option
	key        string    // its key sentence, for the next-step option
	department string
	steps      []string
	stepSrc    []Passage
	asks       []string // "Ask …" steps of internal passages
}

func planAnswer(i int, q question, lang string) answerPlan {
	pl := answerPlan{q: i}
	if !q.answered() {
		return pl
	}
	pl.department = q.relevant[0].Department
	var cf, internal []Passage
	for _, p := range q.relevant {
		if isCustomerFacing(p) {
			cf = append(cf, p)
		} else {
			internal = append(internal, p)
		}
	}
	if best, ok := preferLanguage(cf, lang); ok {
		pl.reply = []Passage{best}
		pl.text, pl.key = answerText(q.text, best.Text)
		pl.department = best.Department
	}
	for _, p := range internal[:min(2, len(internal))] {
		if len(pl.steps) >= maxExtractiveSteps {
			break
		}
		st := stepsFrom(p.Text)
		if len(st) == 0 {
			continue
		}
		pl.stepSrc = append(pl.stepSrc, p)
		for _, s := range st {
			if len(pl.steps) < maxExtractiveSteps {
				pl.steps = append(pl.steps, s)
			}
			if strings.HasPrefix(strings.ToLower(s), "ask ") {
				pl.asks = append(pl.asks, s)
			}
		}
	}
	return pl
}

// preferLanguage returns the first passage in lang, else the first in
// English or of unknown language, else the first.
func preferLanguage(ps []Passage, lang string) (Passage, bool) {
	if len(ps) == 0 {
		return Passage{}, false
	}
	for _, want := range []string{lang, LangEnglish, ""} {
		for _, p := range ps {
			if p.Language == want {
				return p, true
			}
		}
	}
	return ps[0], true
}

// answerText returns the paragraph quoting passage text for question q
// (the whole text when short, else its sentences sharing most words with q,
// in order, at most three) and its key sentence.
func answerText(q, text string) (para, key string) {
	var sents []string
	for _, s := range splitSentences(textscan.StripHidden(text)) {
		if len(queryTerms(s)) > 0 || len(factTokens(s)) > 0 {
			sents = append(sents, s)
		}
	}
	if len(sents) == 0 {
		return "", ""
	}
	type scored struct {
		i int
		c float64
	}
	ss := make([]scored, len(sents))
	for i, s := range sents {
		ss[i] = scored{i, coverage(q, s)}
	}
	sort.SliceStable(ss, func(a, b int) bool { return ss[a].c > ss[b].c })
	key = sents[ss[0].i]
	for _, s := range ss {
		// A key sentence is a sentence, not a heading or a table row.
		if t := sents[s.i]; strings.ContainsAny(t[len(t)-1:], ".!?") && len(strings.Fields(t)) >= 5 {
			key = t
			break
		}
	}
	if len([]rune(strings.Join(sents, " "))) <= maxAnswerRunes {
		return strings.Join(sents, " "), key
	}
	keep := map[int]bool{}
	for _, s := range ss[:min(3, len(ss))] {
		keep[s.i] = true
	}
	var out []string
	for i, s := range sents {
		if keep[i] {
			out = append(out, s)
		}
	}
	return strings.Join(out, " "), key
}

// compose completes sug with the three extractive options.
func compose(sug Suggestion, req Request, qs []question, usable []Passage) Suggestion {
	lang := replyLanguage(req)
	ph := phrasesFor(lang)
	plans := make([]answerPlan, len(qs))
	for i, q := range qs {
		plans[i] = planAnswer(i, q, lang)
	}
	chk := newChecker(req, usable)
	var memory *Paragraph
	for _, q := range qs {
		if h, ok := relatedHistory(req, q.text); ok {
			memory = &Paragraph{Text: historySentence(h, lang), Question: -1}
			break
		}
	}
	build := func(label string, body func(pl answerPlan, q question) (string, []Passage)) Option {
		o := Option{Kind: KindExtractive, Label: label, Purpose: labelPurposes[label]}
		o.Paragraphs = append(o.Paragraphs, Paragraph{Text: greetingLine(req, lang), Question: -1})
		if memory != nil {
			o.Paragraphs = append(o.Paragraphs, *memory)
		}
		var cited []string
		var titles []string
		for i, pl := range plans {
			text, ps := body(pl, qs[i])
			if text == "" {
				continue
			}
			o.Paragraphs = append(o.Paragraphs, Paragraph{Text: text, Question: i, PassageIDs: passageIDs(ps)})
			cited = append(cited, passageIDs(ps)...)
			for _, p := range ps {
				if !containsString(titles, p.ArticleTitle) {
					titles = append(titles, p.ArticleTitle)
				}
			}
		}
		o.Paragraphs = append(o.Paragraphs, Paragraph{Text: closingLines(req, lang), Question: -1})
		for _, pl := range plans {
			if label == LabelAskFact {
				o.Steps = append(o.Steps, pl.asks...)
			} else {
				o.Steps = append(o.Steps, pl.steps...)
			}
			cited = append(cited, passageIDs(pl.stepSrc)...)
			if len(pl.reply) == 0 && pl.department != "" && label != LabelAskFact {
				o.Steps = append(o.Steps, strings.Replace(stepTemplates[0], "%s", pl.department, 1))
			}
		}
		switch label {
		case LabelNextStep:
			o.Steps = append(o.Steps, stepTemplates[1])
		case LabelAskFact:
			o.Steps = append(o.Steps, stepTemplates[4])
		}
		o.Title = labelTitles[label]
		if len(titles) > 0 && label != LabelAskFact {
			o.Title += ": " + strings.Join(titles[:min(2, len(titles))], "; ")
		}
		o.Reply = joinParagraphs(o.Paragraphs)
		o.Citations, _ = chk.citations(cited)
		chk.check(&o)
		return o
	}
	unanswered := func(q question) string {
		excerpt := strings.Trim(strings.Map(func(r rune) rune {
			if strings.ContainsRune(".!?\n", r) {
				return ' '
			}
			return r
		}, cleanInline(clipRunes(q.text, 70))), " ")
		return strings.Replace(ph.more, "%s", excerpt, 1)
	}
	resolve := build(LabelResolve, func(pl answerPlan, q question) (string, []Passage) {
		switch {
		case !q.answered():
			return unanswered(q), nil
		case len(pl.reply) > 0:
			return pl.text, pl.reply
		}
		return strings.Replace(ph.checking, "%s", pl.department, 1), nil
	})
	next := build(LabelNextStep, func(pl answerPlan, q question) (string, []Passage) {
		switch {
		case !q.answered():
			return unanswered(q), nil
		case len(pl.reply) > 0:
			return pl.key + "\n" + strings.Replace(ph.followUp, "%s", pl.department, 1), pl.reply
		}
		return strings.Replace(ph.followUp, "%s", pl.department, 1), nil
	})
	asked := false
	ask := build(LabelAskFact, func(pl answerPlan, q question) (string, []Passage) {
		if asked {
			return "", nil
		}
		asked = true
		return ph.thanks + " " + ph.askFact, nil
	})
	sug.Options = []Option{resolve, next, ask}
	return sug
}

func joinParagraphs(ps []Paragraph) string {
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		parts = append(parts, p.Text)
	}
	return strings.Join(parts, "\n\n")
}

// stepsFrom turns a passage's paragraphs (list items become paragraphs
// when passages are split) into steps, each at most its first two
// sentences.
func stepsFrom(text string) []string {
	var out []string
	for _, para := range strings.Split(textscan.StripHidden(text), "\n") {
		para = strings.TrimSpace(listMarkerRE.ReplaceAllString(para, ""))
		if len(queryTerms(para)) == 0 {
			continue
		}
		if ss := splitSentences(para); len(ss) > 2 {
			para = ss[0] + " " + ss[1]
		}
		out = append(out, para)
		if len(out) == maxExtractiveSteps {
			break
		}
	}
	return out
}

func isCustomerFacing(p Passage) bool { return p.Audience == "customer-facing" }

// clarifyingQuestion is the deterministic question asked when the knowledge
// base has no answer. It states no facts.
func clarifyingQuestion(req Request) string {
	if s := cleanInline(req.Subject); s != "" {
		return "Could you tell us a little more about \u201c" + s + "\u201d: what exactly happened, when, and what you have tried so far?"
	}
	return "Could you describe the problem in a little more detail: what exactly happened, when, and what you have tried so far?"
}

// notInKB completes sug as a "not in the knowledge base" answer: a single
// option that only asks the clarifying question, never verified.
func notInKB(sug Suggestion, req Request, question string) Suggestion {
	return notInKBChecked(sug, req, question, newChecker(req, nil))
}

// notInKBChecked is notInKB with the checks of a prompt's passages, so that
// a clarifying question from a model is checked for injected content too.
func notInKBChecked(sug Suggestion, req Request, question string, chk *checker) Suggestion {
	lang := replyLanguage(req)
	sug.NotInKB = true
	sug.ClarifyingQuestion = question
	o := Option{
		Kind:    KindNotInKB,
		Label:   LabelClarify,
		Purpose: labelPurposes[LabelClarify],
		Title:   labelTitles[LabelClarify],
		Reply:   greetingLine(req, lang) + "\n\n" + phrasesFor(lang).thanks + " " + question + "\n\n" + closingLines(req, lang),
		Steps:   []string{stepTemplates[3]},
	}
	if len(sug.PossiblyRelated) > 0 {
		var ts []string
		for _, a := range sug.PossiblyRelated {
			ts = append(ts, a.Title)
		}
		o.Steps = append(o.Steps, strings.Replace(stepTemplates[5], "%s", strings.Join(ts, "; "), 1))
	}
	chk.check(&o)
	sug.Options = []Option{o}
	return sug
}
