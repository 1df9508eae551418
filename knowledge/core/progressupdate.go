package core

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/assist"
	"concierge/knowledge/config"
)

// ProgressUpdate is a customer-facing status summary of a request: what
// has happened, what is next and by when. It is a suggestion: the agent
// edits it, copies it or exports it before sending.
type ProgressUpdate struct {
	RequestID string `json:"requestId"`
	// Markdown is the update's text (customer-provided words escaped);
	// HTML is it rendered and sanitised.
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	// FromLLM is true when the configured model rewrote the template.
	FromLLM bool `json:"fromLLM"`
	// LLMError says why the model's version is not used (empty when it is,
	// or when no model is configured).
	LLMError string   `json:"llmError"`
	Happened []string `json:"happened"`
	Next     string   `json:"next"`
	By       string   `json:"by"`
}

// ProgressUpdate writes the progress update of a request from its
// timeline: from a template, rewritten by the language model when one is
// configured (llm overrides the settings when non-nil, for tests).
func (c *Core) ProgressUpdate(ctx context.Context, id string, llm *config.LLM) (ProgressUpdate, error) {
	ov, err := c.Overview(ctx, id)
	if err != nil {
		return ProgressUpdate{}, err
	}
	happened, next, by := progressFacts(ov)
	md := progressMarkdown(ov, happened, next, by, c.profile().Name)
	out := ProgressUpdate{RequestID: id, Markdown: md, Happened: happened, Next: next, By: by}
	cfg := c.Config().LLM
	if llm != nil {
		cfg = *llm
	}
	if cfg.Provider != "" && cfg.Provider != assist.ProviderNone {
		eng, err := assist.New(c.AssistConfig(cfg))
		if err == nil {
			var text string
			text, err = eng.ProgressUpdate(ctx, assist.ProgressFacts{Subject: ov.Request.Subject, Happened: happened, Next: next, By: by, Language: ov.Request.Customer.Language}, md)
			if err == nil {
				if extra := untrustedDetails(text, md); len(extra) > 0 {
					err = fmt.Errorf("it added details the timeline does not hold: %s", strings.Join(extra, ", "))
				} else {
					out.Markdown, out.FromLLM = text, true
				}
			}
		}
		if err != nil {
			out.LLMError = "The language model could not rewrite the update (" + err.Error() + "); this is the template version."
		}
	}
	res, err := c.renderer.Render([]byte(out.Markdown))
	if err != nil {
		return ProgressUpdate{}, fmt.Errorf("render the progress update: %w", err)
	}
	out.HTML = res.HTML
	fillEmpty(&out)
	return out, nil
}

// SendProgressUpdate records that the agent sent a progress update (text,
// as edited): it joins the conversation as the agent's reply and the
// timeline notes it. Delivery is the agent's (copy or mail), as for
// suggestions.
func (c *Core) SendProgressUpdate(ctx context.Context, id, text string) (RequestOverview, error) {
	if strings.TrimSpace(text) == "" {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "the progress update is empty: write it or produce it again")
	}
	if _, err := c.AppendMessage(ctx, id, knowledge.RequestMessage{Author: knowledge.AuthorAgent, Text: text}); err != nil {
		return RequestOverview{}, err
	}
	return c.changeState(ctx, id, func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		return []knowledge.TimelineEvent{{Kind: knowledge.EventProgressUpdate, Text: firstLine(strings.TrimSpace(text))}}, nil
	})
}

// detailRE finds what a model must not invent in an update: links, e-mail
// addresses and numbers (dates, times, amounts, phone and reference
// numbers).
var detailRE = regexp.MustCompile(`(?i)https?://\S+|www\.\S+|mailto:\S+|[\w.+-]+@[\w-]+\.[\w.]+|\d+`)

// untrustedDetails lists the links, addresses and numbers of text that the
// template (made from the timeline alone) does not hold.
func untrustedDetails(text, trusted string) []string {
	have := map[string]bool{}
	for _, d := range detailRE.FindAllString(trusted, -1) {
		have[strings.ToLower(d)] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range detailRE.FindAllString(text, -1) {
		k := strings.ToLower(d)
		if !have[k] && !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// customerStatus says a status in the customer's terms.
var customerStatus = map[knowledge.RequestStatus]string{
	knowledge.RequestNew:               "We received your request.",
	knowledge.RequestInProgress:        "We started working on your request.",
	knowledge.RequestWaitingOnCustomer: "We asked you for some information.",
	knowledge.RequestWaitingOnInternal: "We passed your request to the team concerned.",
	knowledge.RequestResolved:          "We resolved your request.",
	knowledge.RequestClosed:            "We closed your request.",
}

// progressFacts reads the customer-facing facts from the timeline: never
// notes, hand-overs, reminders or internal names — only what the customer
// may know. Customer-provided text is kept as data (escaped later).
func progressFacts(ov RequestOverview) (happened []string, next, by string) {
	day := func(t time.Time) string { return t.Local().Format("Monday 2 January") }
	happened = []string{day(ov.Request.CreatedAt) + ": We received your request."}
	replies := 0
	for _, e := range ov.Timeline {
		switch e.Kind {
		case knowledge.EventMessage:
			if e.From == string(knowledge.AuthorAgent) {
				replies++
				happened = append(happened, day(e.At)+": We replied to you.")
			}
		case knowledge.EventStatus:
			if s, ok := customerStatus[knowledge.RequestStatus(e.To)]; ok && e.To != string(knowledge.RequestNew) {
				happened = append(happened, day(e.At)+": "+s)
			}
		case knowledge.EventDepartment:
			happened = append(happened, day(e.At)+": We consulted our "+e.Department+" team.")
		case knowledge.EventStepDone:
			happened = append(happened, day(e.At)+": We completed a step of the process: "+e.Text+".")
		}
	}
	happened = dedupeAdjacent(happened)
	st := ov.State
	status := ov.Request.Status.Canonical()
	switch {
	case status.Done():
		next = "Nothing more is needed from you. If anything is still unclear, just reply to this message."
	case strings.TrimSpace(st.NextStep) != "":
		next = strings.TrimSpace(st.NextStep)
	case status == knowledge.RequestWaitingOnCustomer:
		next = "We are waiting for your reply to continue."
	case st.Plan != nil:
		for _, s := range st.Plan.Steps {
			if !s.Done() {
				next = s.Title
				if !s.Due.IsZero() && st.NextDue.IsZero() {
					st.NextDue = s.Due
				}
				break
			}
		}
	}
	if next == "" && !status.Done() {
		next = "We are working on your request and will update you as soon as there is news."
	}
	due := st.NextDue
	if due.IsZero() && !st.PromisedAt.IsZero() {
		due = st.PromisedAt
	}
	if !due.IsZero() && !status.Done() {
		by = due.Local().Format("Monday 2 January at 15:04")
	}
	return happened, next, by
}

func dedupeAdjacent(xs []string) []string {
	out := xs[:0:0]
	for i, x := range xs {
		if i > 0 && x == xs[i-1] {
			continue
		}
		out = append(out, x)
	}
	return out
}

// progressMarkdown is the template update.
func progressMarkdown(ov RequestOverview, happened []string, next, by, agent string) string {
	cust := ov.Request.Customer
	lang := assist.LangEnglish // the template is English; the model writes in the customer's language
	var b strings.Builder
	b.WriteString(escapeMD(assist.Greeting(assist.Customer{Name: cust.Name, PreferredName: cust.PreferredName,
		Tone: string(cust.Tone), Title: cust.Title}, lang)))
	b.WriteString("\n\n")
	b.WriteString("Here is where your request \u201c" + escapeMD(oneLine(ov.Request.Subject)) + "\u201d stands.\n\n")
	b.WriteString("**What has happened so far**\n\n")
	for _, h := range happened {
		b.WriteString("- " + escapeMD(oneLine(h)) + "\n")
	}
	b.WriteString("\n**What happens next**\n\n")
	b.WriteString(escapeMD(oneLine(next)))
	if by != "" {
		b.WriteString("\n\n**By when:** " + escapeMD(by))
	}
	b.WriteString("\n\nKind regards,")
	if n := assist.DisplayName(assist.Customer{PreferredName: agent}); n != "" {
		b.WriteString("  \n" + escapeMD(n))
	}
	b.WriteString("\n")
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// escapeMD makes text literal in Markdown: characters that could start
// inline markup (emphasis, links, HTML, code, tables) are backslash-escaped,
// and so is a leading character that would start a block (heading, list,
// quote), so customer-provided words are never rendered as markup.
func escapeMD(s string) string {
	var b strings.Builder
	for i, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~&", r) || (i == 0 && strings.ContainsRune("#-+=>", r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. text" at the start would become an ordered list.
	if j := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && (out[j] == '.' || out[j] == ')') {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}
