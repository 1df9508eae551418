package pipeline

import (
	"context"
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

// maxRelatedQueryRunes bounds the text taken from a request to find related
// knowledge: the subject and the newest customer messages.
const maxRelatedQueryRunes = 2000

// RelatedGroup is one department's articles relevant to a request.
type RelatedGroup struct {
	Department string              `json:"department"`
	Owner      string              `json:"owner"`
	Articles   []search.ArticleHit `json:"articles"`
}

// Requests returns the support-request store.
func (s *Service) Requests() knowledge.RequestStore { return s.store }

// Ledger returns the append-only suggestion ledger.
func (s *Service) Ledger() knowledge.Ledger { return s.store }

// Ratings returns the article rating store.
func (s *Service) Ratings() knowledge.RatingStore { return s.store }

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

// Related finds published knowledge for a request across every department,
// grouped by department in rank order of each department's best article.
func (s *Service) Related(ctx context.Context, req knowledge.SupportRequest, limit int) ([]RelatedGroup, []search.ArticleHit, error) {
	if limit <= 0 {
		limit = 12
	}
	q := RelatedQuery(req)
	if strings.TrimSpace(q) == "" {
		return []RelatedGroup{}, nil, nil
	}
	resp, err := s.engine.Search(ctx, search.Request{Query: q, Mode: search.ModeHybrid, Limit: limit, PassagesPerArticle: 2})
	if err != nil {
		return nil, nil, err
	}
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

// SuggestInput is one request for suggestion options.
type SuggestInput struct {
	Request    knowledge.SupportRequest
	Agent      string
	AllowStale bool
	// LLM overrides the configured model (the CLI's flags); nil uses config.
	LLM *config.LLM
	// Keychain overrides the OS keychain (tests).
	Keychain secrets.Keychain
}

// SuggestResult is a recorded suggestion set.
type SuggestResult struct {
	SetID      string              `json:"setId"`
	Suggestion assist.Suggestion   `json:"suggestion"`
	Related    []RelatedGroup      `json:"related"`
	Excluded   []assist.PassageRef `json:"excluded,omitempty"`
}

// Suggest retrieves knowledge for the request, drafts options (with the
// configured LLM, or extractively without one), records the set and a
// "shown" event in the ledger, and returns it. Tokens stream to onToken.
func (s *Service) Suggest(ctx context.Context, in SuggestInput, onToken func(string)) (SuggestResult, error) {
	cur := s.Config()
	llm := cur.LLM
	if in.LLM != nil {
		llm = *in.LLM
	}
	kc := in.Keychain
	if kc == nil {
		kc = secrets.OS()
	}
	eng, err := assist.New(AssistConfig(llm, kc))
	if err != nil {
		return SuggestResult{}, err
	}
	groups, hits, err := s.Related(ctx, in.Request, 8)
	if err != nil {
		return SuggestResult{}, err
	}
	flagged, err := s.flaggedArticles(ctx)
	if err != nil {
		return SuggestResult{}, err
	}
	now := time.Now()
	stale := map[string]bool{}
	for _, h := range hits {
		if a, err := s.store.Get(ctx, h.ArticleID); err == nil && a.Stale(now) {
			stale[h.ArticleID] = true
		}
	}
	passages := assist.PassagesFromHits(hits, func(id string) assist.PassageMeta {
		return assist.PassageMeta{Stale: stale[id], Flagged: flagged[id]}
	})
	sug, err := eng.Suggest(ctx, assistRequest(in.Request), passages, assist.Options{AllowStale: in.AllowStale}, onToken)
	if err != nil {
		return SuggestResult{}, err
	}
	agent := in.Agent
	if agent == "" {
		agent = cur.Profile.Name
	}
	entry, err := s.Ledger().RecordSuggestionSet(ctx, ledgerEntry(in.Request.ID, agent, sug))
	if err != nil {
		return SuggestResult{}, fmt.Errorf("record the suggestion in the ledger: %w", err)
	}
	if _, err := s.Ledger().RecordEvent(ctx, knowledge.LedgerEvent{SetID: entry.SetID, Agent: agent, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		return SuggestResult{}, fmt.Errorf("record the suggestion in the ledger: %w", err)
	}
	res := SuggestResult{SetID: entry.SetID, Suggestion: sug, Related: groups}
	used := map[string]bool{}
	for _, p := range sug.Passages {
		used[p.PassageID] = true
	}
	for _, p := range passages {
		if !used[p.ID] && (p.Stale || p.Flagged) {
			res.Excluded = append(res.Excluded, assist.PassageRef{PassageID: p.ID, ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion})
		}
	}
	return res, nil
}

func (s *Service) flaggedArticles(ctx context.Context) (map[string]bool, error) {
	list, err := s.Ratings().Flagged(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(list))
	for _, f := range list {
		out[f.ArticleID] = true
	}
	return out, nil
}

// AssistConfig turns the settings into the suggestion engine's config,
// reading the API key from the environment or the keychain.
func AssistConfig(llm config.LLM, kc secrets.Keychain) assist.Config {
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
		key, _ := secrets.Lookup(kc, LLMKeychainAccount, EnvLLMAPIKey)
		cfg.APIKey = key
	}
	return cfg
}

func assistRequest(r knowledge.SupportRequest) assist.Request {
	out := assist.Request{
		Subject:  r.Subject,
		Customer: assist.Customer{Name: r.Customer.Name, Contact: r.Customer.Contact, Notes: strings.TrimSpace(r.Customer.Preferences + "\n" + r.Customer.Notes)},
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
		for _, c := range o.Citations {
			lo.Citations = append(lo.Citations, c.PassageID)
		}
		e.Options = append(e.Options, lo)
	}
	return e
}
