package core

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/assist"
	"concierge/knowledge/assist/pii"
	"concierge/knowledge/config"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
)

// EnvLLMAPIKey supplies the LLM API key for headless use.
const EnvLLMAPIKey = "CONCIERGE_LLM_API_KEY"

// LLMKeychainAccount is the OS keychain account holding the LLM API key.
const LLMKeychainAccount = "llm"

// ErrCanceled: the suggestion was cancelled (by a newer one, Cancel or
// shutdown).
var ErrCanceled = errors.New("suggestion cancelled")

// maxRelatedQueryRunes bounds the text taken from a request to find related
// knowledge: the subject and the newest customer messages.
const maxRelatedQueryRunes = 2000

// RelatedGroup is one department's articles relevant to a request.
type RelatedGroup struct {
	Department string              `json:"department"`
	Owner      string              `json:"owner"`
	Articles   []search.ArticleHit `json:"articles"`
}

// SuggestInput is one request for suggestion options.
type SuggestInput struct {
	Request    knowledge.SupportRequest
	Agent      string // "": the profile name
	AllowStale bool
	// LLM overrides the configured model (the CLI's flags); nil uses config.
	LLM *config.LLM
}

// SuggestResult is a recorded suggestion set.
type SuggestResult struct {
	SetID      string              `json:"setId"`
	Suggestion assist.Suggestion   `json:"suggestion"`
	Related    []RelatedGroup      `json:"related"`
	Excluded   []assist.PassageRef `json:"excluded"`
}

// RelatedQuery is the query used to look up knowledge for a request: the
// distinct content words of the subject, then of the customer messages
// newest first (see search.Keywords).
func RelatedQuery(req knowledge.SupportRequest) string {
	parts := []string{req.Subject}
	n := len([]rune(req.Subject))
	for i := len(req.Messages) - 1; i >= 0 && n < maxRelatedQueryRunes; i-- {
		m := req.Messages[i]
		if m.Author != knowledge.AuthorCustomer {
			continue
		}
		parts = append(parts, m.Text)
		n += len([]rune(m.Text))
	}
	q := strings.Join(parts, "\n")
	if r := []rune(q); len(r) > maxRelatedQueryRunes {
		q = string(r[:maxRelatedQueryRunes])
	}
	return search.Keywords(q, search.MaxKeywords)
}

// Related finds published knowledge for a request (saved or being typed)
// across every department, grouped by department in rank order of each
// department's best article.
func (c *Core) Related(ctx context.Context, req knowledge.SupportRequest) ([]RelatedGroup, error) {
	groups, _, err := c.related(ctx, req, 12)
	return groups, err
}

func (c *Core) related(ctx context.Context, req knowledge.SupportRequest, limit int) ([]RelatedGroup, []search.ArticleHit, error) {
	q := RelatedQuery(req)
	if strings.TrimSpace(q) == "" {
		return []RelatedGroup{}, nil, nil
	}
	resp, err := c.eng().Search(ctx, search.Request{Query: q, Mode: search.ModeHybrid, Limit: limit, PassagesPerArticle: 2})
	if err != nil {
		return nil, nil, err
	}
	fillEmpty(&resp)
	return GroupByDepartment(resp.Results), resp.Results, nil
}

// GroupByDepartment groups hits by department, keeping rank order.
func GroupByDepartment(hits []search.ArticleHit) []RelatedGroup {
	groups := []RelatedGroup{}
	index := map[string]int{}
	for _, h := range hits {
		i, ok := index[h.Department]
		if !ok {
			i = len(groups)
			index[h.Department] = i
			groups = append(groups, RelatedGroup{Department: h.Department, Owner: h.Owner})
		}
		groups[i].Articles = append(groups[i].Articles, h)
	}
	return groups
}

// Suggest retrieves knowledge for the request, drafts options (with the
// configured LLM, or extractively without one), records the set and a
// "shown" event in the ledger, and returns it. Tokens stream to onToken.
func (c *Core) Suggest(ctx context.Context, in SuggestInput, onToken func(string)) (SuggestResult, error) {
	cur := c.Config()
	llm := cur.LLM
	if in.LLM != nil {
		llm = *in.LLM
	}
	eng, err := assist.New(c.AssistConfig(llm))
	if err != nil {
		return SuggestResult{}, err
	}
	groups, _, err := c.related(ctx, in.Request, 8)
	if err != nil {
		return SuggestResult{}, err
	}
	flagged := c.flaggedIDs(ctx)
	now := c.clock()
	stale := map[string]bool{}
	meta := func(id string) assist.PassageMeta {
		if _, seen := stale[id]; !seen {
			a, err := c.store.Get(ctx, id)
			stale[id] = err == nil && a.Stale(now)
		}
		return assist.PassageMeta{Stale: stale[id], Flagged: flagged[id]}
	}
	// Every passage any question retrieved, so that stale or flagged ones
	// left out of the options can be listed as excluded.
	var passages []assist.Passage
	seen := map[string]bool{}
	retrieve := assist.RetrieverFunc(func(ctx context.Context, q string) ([]assist.Passage, error) {
		resp, err := c.eng().Search(ctx, search.Request{Query: q, Mode: search.ModeHybrid, Limit: 6, PassagesPerArticle: 2})
		if err != nil {
			return nil, err
		}
		ps := assist.PassagesFromHits(resp.Results, meta)
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				passages = append(passages, p)
			}
		}
		return ps, nil
	})
	in.Request = c.withProfile(ctx, in.Request) // the customer remembered: name, tone, language
	areq := assistRequest(in.Request)
	areq.AgentName = cur.Profile.Name
	if in.Agent != "" {
		areq.AgentName = in.Agent
	}
	areq.History = c.pastRequests(ctx, in.Request)
	sug, err := eng.SuggestFor(ctx, areq, retrieve, assist.Options{AllowStale: in.AllowStale}, onToken)
	if errors.Is(err, assist.ErrCanceled) || errors.Is(err, context.Canceled) {
		return SuggestResult{}, ErrCanceled
	}
	if err != nil {
		return SuggestResult{}, err
	}
	agent := in.Agent
	if agent == "" {
		agent = cur.Profile.Name
	}
	entry, err := c.store.RecordSuggestionSet(ctx, ledgerEntry(in.Request.ID, agent, sug))
	if err != nil {
		return SuggestResult{}, fmt.Errorf("record the suggestion in the ledger: %w", err)
	}
	if _, err := c.store.RecordEvent(ctx, knowledge.LedgerEvent{SetID: entry.SetID, Agent: agent, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		return SuggestResult{}, fmt.Errorf("record the suggestion in the ledger: %w", err)
	}
	c.changed(knowledge.TopicLedger, knowledge.KindSet, entry.SetID)
	res := SuggestResult{SetID: entry.SetID, Suggestion: sug, Related: groups, Excluded: []assist.PassageRef{}}
	used := map[string]bool{}
	for _, p := range sug.Passages {
		used[p.PassageID] = true
	}
	// Excluded lists what the stale rule left out; with AllowStale nothing
	// was left out for being stale or reported, only not chosen.
	for _, p := range passages {
		if !in.AllowStale && !used[p.ID] && (p.Stale || p.Flagged) {
			res.Excluded = append(res.Excluded, assist.PassageRef{PassageID: p.ID, ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion})
		}
	}
	fillEmpty(&res)
	return res, nil
}

// AssistConfig turns LLM settings into the suggestion engine's config,
// reading the API key from the environment or the keychain.
func (c *Core) AssistConfig(llm config.LLM) assist.Config {
	cfg := assist.Config{
		Provider: llm.Provider, BaseURL: llm.BaseURL, Model: llm.Model,
		PII: pii.Config{Mode: pii.Mode(llm.PIIMode)},
	}
	if llm.TimeoutSeconds > 0 {
		cfg.Timeout = time.Duration(llm.TimeoutSeconds) * time.Second
	}
	for name, expr := range llm.PIIPatterns {
		cfg.PII.Patterns = append(cfg.PII.Patterns, pii.Pattern{Name: name, Expr: expr})
	}
	if llm.Provider == assist.ProviderOpenAI {
		// No key, or no keychain on this machine: local OpenAI-compatible
		// servers need none, and one that does answers 401, reported as
		// "the API key was refused" (set it in Settings or the environment).
		key, _ := secrets.Lookup(c.keychain, LLMKeychainAccount, EnvLLMAPIKey)
		cfg.APIKey = key
	}
	return cfg
}

func assistRequest(r knowledge.SupportRequest) assist.Request {
	out := assist.Request{
		Subject: r.Subject,
		Customer: assist.Customer{Name: r.Customer.Name, Contact: r.Customer.Contact, Notes: strings.TrimSpace(r.Customer.Preferences + "\n" + r.Customer.Notes),
			PreferredName: r.Customer.PreferredName, Language: r.Customer.Language, Tone: string(r.Customer.Tone), Title: r.Customer.Title},
	}
	for _, m := range r.Messages {
		switch m.Author {
		case knowledge.AuthorCustomer:
			out.Messages = append(out.Messages, assist.Message{Author: assist.AuthorCustomer, At: m.At, Text: m.Text})
		case knowledge.AuthorAgent:
			out.Messages = append(out.Messages, assist.Message{Author: assist.AuthorAgent, At: m.At, Text: m.Text})
		}
	}
	return out
}

// pastRequests is the customer's earlier requests (same contact), newest
// first, without the request being answered; drafts may mention them.
func (c *Core) pastRequests(ctx context.Context, r knowledge.SupportRequest) []assist.PastRequest {
	out := []assist.PastRequest{}
	if strings.TrimSpace(r.Customer.Contact) == "" {
		return out
	}
	hist, err := c.store.CustomerHistory(ctx, r.Customer.Contact)
	if err != nil {
		c.log.Warn("customer history unavailable for the draft", "err", err)
		return out
	}
	for _, h := range hist {
		if h.ID == r.ID {
			continue
		}
		out = append(out, assist.PastRequest{Subject: h.Subject, Status: string(h.Status), At: h.UpdatedAt})
	}
	return out
}

func ledgerEntry(requestID, agent string, sug assist.Suggestion) knowledge.LedgerEntry {
	e := knowledge.LedgerEntry{
		RequestID: requestID, Agent: agent, Provider: sug.Provider, Model: sug.Model, PromptHash: sug.PromptHash,
		Passages: []knowledge.LedgerPassage{}, Options: []knowledge.LedgerOption{},
	}
	for _, p := range sug.Passages {
		e.Passages = append(e.Passages, knowledge.LedgerPassage{PassageID: p.PassageID, ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion})
	}
	for i, o := range sug.Options {
		lo := knowledge.LedgerOption{Index: i, Title: o.Title, Reply: o.Reply, Kind: o.Kind, Citations: []string{}, Flags: o.Flags}
		for _, ci := range o.Citations {
			lo.Citations = append(lo.Citations, ci.PassageID)
		}
		e.Options = append(e.Options, lo)
	}
	return e
}
