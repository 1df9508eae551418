package core

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/feedback"
)

// Learning from use. Agents' searches followed by opening an article
// (RecordOpen), and suggestion sets citing articles and options inserted or
// sent (the ledger), are evidence that an article answers a query and
// queries like it. The click model (knowledge/feedback) turns the evidence
// into boosts for hybrid search with a half-life, a cap per user and query
// and article, and a quorum of users, so one agent cannot move rankings.
// Editors list what was learned and reset it (LearnedBoosts, ResetLearned).
//
// Opens are kept in the meta store (the newest maxUses, one JSON value);
// resets too, so a model rebuilt from the evidence at the next start
// forgets the same things.
const (
	metaUses   = "feedback.uses"
	metaResets = "feedback.resets"
	maxUses    = 4000
	// ledgerSets bounds the suggestion sets read per refresh, and
	// ledgerLookback how far before the last refresh a set may lie and
	// still have options inserted or sent since.
	ledgerSets     = 2000
	ledgerLookback = 14 * 24 * time.Hour
)

// storedUse is one open in the meta store.
type storedUse struct {
	Q  string    `json:"q"`
	A  string    `json:"a"`
	U  string    `json:"u"`
	At time.Time `json:"at"`
}

// LearnedBoost is one learned association (query, article), for editors.
type LearnedBoost = feedback.Learned

// useSource is the model's Source over the meta store and the ledger.
type useSource struct{ c *Core }

func (s useSource) Events(ctx context.Context, since time.Time) ([]feedback.Event, error) {
	uses, err := s.c.storedUses(ctx)
	if err != nil {
		return nil, err
	}
	var out []feedback.Event
	for _, u := range uses {
		if u.At.After(since) {
			out = append(out, feedback.Event{Query: u.Q, ArticleID: u.A, User: u.U, Kind: feedback.Open, At: u.At})
		}
	}
	f := knowledge.LedgerFilter{Limit: ledgerSets}
	if !since.IsZero() {
		f.Since = since.Add(-ledgerLookback)
	}
	sets, err := s.c.store.ListSets(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, set := range sets {
		q := s.c.requestQuery(ctx, set.RequestID)
		if q == "" {
			continue
		}
		arts := map[string]string{} // passage → article
		for _, p := range set.Passages {
			arts[p.PassageID] = p.ArticleID
		}
		cited := func(opt int) []string {
			var ids []string
			for _, o := range set.Options {
				if o.Index != opt {
					continue
				}
				for _, pid := range o.Citations {
					if a := arts[pid]; a != "" && !slices.Contains(ids, a) {
						ids = append(ids, a)
					}
				}
			}
			return ids
		}
		if set.At.After(since) {
			for _, o := range set.Options {
				for _, a := range cited(o.Index) {
					out = append(out, feedback.Event{Query: q, ArticleID: a, User: set.Agent, Kind: feedback.Cite, At: set.At})
				}
			}
		}
		evs, err := s.c.store.Events(ctx, set.SetID)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			if (ev.Type != knowledge.EventInserted && ev.Type != knowledge.EventSent) || !ev.At.After(since) {
				continue
			}
			for _, a := range cited(ev.OptionIndex) {
				out = append(out, feedback.Event{Query: q, ArticleID: a, User: ev.Agent, Kind: feedback.Insert, At: ev.At})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b feedback.Event) int { return a.At.Compare(b.At) })
	return out, nil
}

// requestQuery is what a suggestion set answered: the request's subject and
// first customer message.
func (c *Core) requestQuery(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	r, err := c.store.GetRequest(ctx, id)
	if err != nil {
		return ""
	}
	q := r.Subject
	for _, m := range r.Messages {
		if m.Author == knowledge.AuthorCustomer {
			q += "\n" + m.Text
			break
		}
	}
	return strings.TrimSpace(q)
}

func (c *Core) storedUses(ctx context.Context) ([]storedUse, error) {
	raw, ok, err := c.store.Meta(ctx, metaUses)
	if err != nil || !ok {
		return nil, err
	}
	var uses []storedUse
	if err := json.Unmarshal([]byte(raw), &uses); err != nil {
		// A damaged value loses what was learned from opens, nothing else.
		c.log.Warn("learned uses unreadable; starting over", "err", err)
		return nil, nil
	}
	return uses, nil
}

// newFeedback builds the click model from the stored evidence and resets.
func (c *Core) newFeedback(ctx context.Context, now func() time.Time) *feedback.Model {
	m := feedback.New(useSource{c}, feedback.Options{Now: now})
	if raw, ok, err := c.store.Meta(ctx, metaResets); err == nil && ok {
		var r feedback.Resets
		if json.Unmarshal([]byte(raw), &r) == nil {
			m.Restore(r)
		}
	}
	if err := m.Refresh(ctx); err != nil {
		c.log.Warn("learned boosts unavailable", "err", err)
	}
	return m
}

// RecordOpen records that the agent opened article articleID from the
// results of query (the app calls it when a result is opened). It is
// evidence for the click model, which boosts the article for like queries
// once enough different agents agree.
func (c *Core) RecordOpen(ctx context.Context, query, articleID string) error {
	query = strings.TrimSpace(query)
	if query == "" || articleID == "" {
		return nil
	}
	if !knowledge.ValidID(articleID) {
		return fmt.Errorf("%w: article id %q", knowledge.ErrInvalid, articleID)
	}
	user := strings.TrimSpace(c.profile().Name)
	if user == "" {
		user = "local"
	}
	u := storedUse{Q: clipQuery(query), A: articleID, U: user, At: c.clock().UTC()}
	c.fbMu.Lock()
	defer c.fbMu.Unlock()
	uses, err := c.storedUses(ctx)
	if err != nil {
		return err
	}
	uses = append(uses, u)
	if len(uses) > maxUses {
		uses = uses[len(uses)-maxUses:]
	}
	raw, err := json.Marshal(uses)
	if err != nil {
		return err
	}
	if err := c.store.SetMeta(ctx, metaUses, string(raw)); err != nil {
		return err
	}
	c.fb.Record(feedback.Event{Query: u.Q, ArticleID: u.A, User: u.U, Kind: feedback.Open, At: u.At})
	return nil
}

// clipQuery bounds a stored query.
func clipQuery(q string) string {
	const maxRunes = 300
	if r := []rune(q); len(r) > maxRunes {
		return string(r[:maxRunes])
	}
	return q
}

// RefreshLearned reads evidence recorded since the last refresh (new
// ledger events; opens are recorded as they happen).
func (c *Core) RefreshLearned(ctx context.Context) error { return c.fb.Refresh(ctx) }

// LearnedBoosts lists what was learned from use, strongest first (editors
// and supervisors).
func (c *Core) LearnedBoosts(ctx context.Context) ([]LearnedBoost, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	if err := c.fb.Refresh(ctx); err != nil {
		return nil, err
	}
	out := c.fb.List()
	if out == nil {
		out = []LearnedBoost{}
	}
	return out, nil
}

// ResetLearned forgets what was learned for the articles (none: all) and
// remembers the reset, so evidence from before it never counts again
// (editors).
func (c *Core) ResetLearned(ctx context.Context, articleIDs []string) error {
	if _, err := c.editor(); err != nil {
		return err
	}
	c.fbMu.Lock()
	defer c.fbMu.Unlock()
	c.fb.Reset(articleIDs...)
	raw, err := json.Marshal(c.fb.Resets())
	if err != nil {
		return err
	}
	return c.store.SetMeta(ctx, metaResets, string(raw))
}
