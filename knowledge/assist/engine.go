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

// Suggest produces options for req from the retrieved passages (ranked best
// first). With ProviderNone it returns Extractive options and sends nothing.
// Otherwise it sends one prompt (plus at most one repair) to the model,
// passes the raw streamed text to onToken as it arrives (with customer data
// placeholders already restored; onToken may be nil; after a repair starts,
// the text starts again), and returns the validated, grounded options.
// Cancel ctx to stop; each model call is also bounded by Config.Timeout.
// Errors wrap ErrUnauthorized, ErrRateLimited, ErrServer, ErrRejected,
// ErrUnreachable, ErrTimeout, ErrCanceled, ErrBadOutput or ErrEmptyOutput.
func (e *Engine) Suggest(ctx context.Context, req Request, passages []Passage, opts Options, onToken func(string)) (Suggestion, error) {
	if e.cfg.Provider == ProviderNone {
		return Extractive(req, passages, opts), nil
	}
	usable := selectPassages(passages, opts)
	sug := Suggestion{Provider: e.cfg.Provider, Model: e.cfg.Model, PassageIDs: passageIDs(usable), Passages: passageRefs(usable)}
	if len(usable) == 0 {
		// Nothing to ground an answer on: do not ask the model to invent one.
		return notInKB(sug, req, clarifyingQuestion(req)), nil
	}

	var sess *pii.Session
	sent := req
	if e.Redacts() {
		sess = e.redactor.NewSession()
		sent = redactRequest(sess, req)
	}
	pr := BuildPrompt(sent, usable)
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
	if ans.NotInKB {
		return notInKBChecked(sug, req, strings.TrimSpace(ans.ClarifyingQuestion), chk), nil
	}
	for _, ro := range ans.Options {
		o := Option{Kind: KindLLM, Title: strings.TrimSpace(ro.Title), Reply: strings.TrimSpace(ro.Reply)}
		for _, s := range ro.Steps {
			o.Steps = append(o.Steps, strings.TrimSpace(s))
		}
		var dropped bool
		o.Citations, dropped = chk.citations(ro.Citations)
		if dropped {
			o.Flags = append(o.Flags, FlagDroppedUnknownCitation)
		}
		chk.check(&o)
		sug.Options = append(sug.Options, o)
	}
	return sug, nil
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
