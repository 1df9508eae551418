package assist

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"concierge/knowledge/assist/pii"

	"github.com/tmc/langchaingo/llms"
)

// Engine makes suggestions with one provider configuration. It is safe for
// concurrent use.
type Engine struct {
	cfg      Config
	model    llms.Model // nil for ProviderNone
	redactor *pii.Redactor
}

// New checks cfg and returns an engine. No request is made until Suggest.
func New(cfg Config) (*Engine, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	red, err := pii.New(cfg.PII)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	e := &Engine{cfg: cfg, redactor: red}
	if cfg.Provider != ProviderNone {
		if e.model, err = newModel(cfg); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Provider is the configured provider.
func (e *Engine) Provider() string { return e.cfg.Provider }

// Redacts reports whether prompts are redacted before they are sent.
func (e *Engine) Redacts() bool {
	return e.cfg.Provider != ProviderNone && e.redactor.Active(e.cfg.BaseURL)
}

// suggestLLM asks the model for options covering the answered questions,
// from the usable passages, and checks them.
func (e *Engine) suggestLLM(ctx context.Context, sug Suggestion, req Request, qs []question, usable []Passage, onToken func(string)) (Suggestion, error) {
	var sess *pii.Session
	sent := req
	if e.Redacts() {
		sess = e.redactor.NewSession()
		sent = redactRequest(sess, req)
	}
	questions := promptQuestions(qs)
	if sess != nil {
		for i, q := range questions {
			questions[i] = sess.Redact(q)
		}
	}
	pr := BuildPrompt(sent, usable, questions...)
	sug.PromptHash = pr.Hash
	msgs := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, pr.System),
		llms.TextParts(llms.ChatMessageTypeHuman, pr.User),
	}

	text, err := e.generate(ctx, msgs, sess, onToken)
	if err != nil {
		return Suggestion{}, err
	}
	ans, perr := parseAnswer(text)
	if errors.Is(perr, errEmpty) {
		return Suggestion{}, fmt.Errorf("%w: %s sent no text; try again, or choose another model in Settings", ErrEmptyOutput, e.name())
	}
	if perr != nil {
		msgs = append(msgs,
			llms.TextParts(llms.ChatMessageTypeAI, text),
			llms.TextParts(llms.ChatMessageTypeHuman, repairPrompt(perr)),
		)
		text2, err := e.generate(ctx, msgs, sess, onToken)
		if err != nil {
			return Suggestion{}, err
		}
		ans2, perr2 := parseAnswer(text2)
		if perr2 != nil {
			return Suggestion{}, fmt.Errorf("%w: model %s did not return valid options, even when asked to correct its answer (%v); try again, or choose a more capable model in Settings",
				ErrBadOutput, e.cfg.Model, perr2)
		}
		ans = ans2
		sug.Repaired = true
	}
	if sess != nil {
		ans = restoreAnswer(sess, ans)
	}

	chk := newChecker(req, usable)
	for _, q := range qs {
		chk.watch(q.retrieved)
	}
	if ans.NotInKB {
		return notInKBChecked(sug, req, strings.TrimSpace(ans.ClarifyingQuestion), chk), nil
	}
	for _, ro := range ans.Options {
		o := Option{Kind: KindLLM, Title: strings.TrimSpace(ro.Title), Reply: strings.TrimSpace(ro.Reply), Label: normLabel(ro.Label)}
		o.Purpose = labelPurposes[o.Label]
		for _, s := range ro.Steps {
			o.Steps = append(o.Steps, strings.TrimSpace(s))
		}
		var dropped bool
		o.Citations, dropped = chk.citations(ro.Citations)
		if dropped {
			o.Flags = append(o.Flags, FlagDroppedUnknownCitation)
		}
		chk.check(&o)
		markQuestions(&o, qs)
		sug.Options = append(sug.Options, o)
	}
	return sug, nil
}

// promptQuestions are the questions listed in the prompt: the answered
// ones (the others get a clarifying sentence).
func promptQuestions(qs []question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.text)
	}
	return out
}

// normLabel maps a model's label to a known one ("" when unknown).
func normLabel(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	for _, k := range []string{LabelResolve, LabelNextStep, LabelAskFact, LabelClarify} {
		if l == k {
			return k
		}
	}
	return ""
}

// markQuestions ties each paragraph of a model's reply to the question
// whose relevant passages it rests on, and lists in Unanswered the
// answered questions none of whose passages the option cites.
func markQuestions(o *Option, qs []question) {
	cited := map[string]bool{}
	for _, c := range o.Citations {
		cited[c.PassageID] = true
	}
	for i := range o.Paragraphs {
		bestQ, bestN := -1, 0
		for qi, q := range qs {
			n := 0
			for _, id := range o.Paragraphs[i].PassageIDs {
				if containsPassage(q.relevant, id) {
					n++
				}
			}
			if n > bestN {
				bestQ, bestN = qi, n
			}
		}
		o.Paragraphs[i].Question = bestQ
	}
	if o.Label == LabelAskFact {
		return
	}
	for i, q := range qs {
		if !q.answered() {
			continue
		}
		covered := false
		for _, p := range q.relevant {
			covered = covered || cited[p.ID]
		}
		if !covered {
			o.Unanswered = append(o.Unanswered, i)
		}
	}
}

func containsPassage(ps []Passage, id string) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// redactRequest replaces customer data in every field of req.
func redactRequest(s *pii.Session, req Request) Request {
	out := Request{
		Subject:  s.Redact(req.Subject),
		Customer: Customer{Name: req.Customer.Name, Contact: s.Redact(req.Customer.Contact), Notes: s.Redact(req.Customer.Notes)},
	}
	for _, m := range req.Messages {
		m.Text = s.Redact(m.Text)
		out.Messages = append(out.Messages, m)
	}
	for _, h := range req.History {
		h.Subject, h.Outcome = s.Redact(h.Subject), s.Redact(h.Outcome)
		out.History = append(out.History, h)
	}
	out.AgentName = req.AgentName
	out.Customer.PreferredName, out.Customer.Language = req.Customer.PreferredName, req.Customer.Language
	out.Customer.Tone, out.Customer.Title = req.Customer.Tone, req.Customer.Title
	return out
}

// restoreAnswer puts customer data back into the model's answer.
func restoreAnswer(s *pii.Session, a rawAnswer) rawAnswer {
	a.ClarifyingQuestion = s.Restore(a.ClarifyingQuestion)
	opts := make([]rawOption, len(a.Options))
	for i, o := range a.Options {
		o.Title, o.Reply = s.Restore(o.Title), s.Restore(o.Reply)
		steps := make([]string, len(o.Steps))
		for j, st := range o.Steps {
			steps[j] = s.Restore(st)
		}
		o.Steps = steps
		opts[i] = o
	}
	a.Options = opts
	return a
}

// name is how messages refer to the provider.
func (e *Engine) name() string { return providerName(e.cfg) }

func providerName(cfg Config) string {
	if cfg.Provider == ProviderOllama {
		return "Ollama at " + cfg.BaseURL
	}
	return "the model service at " + hostOf(cfg.BaseURL)
}
