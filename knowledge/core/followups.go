package core

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/followup"
)

// Change topics of the follow-up checker (see knowledge.Change).
const (
	// TopicAlerts: the set of due alerts changed (kind "changed"; ids: the
	// requests with alerts).
	TopicAlerts = "alerts"
	// TopicReminders: reminders fell due (kind "due"; ids: the reminders).
	// At the first check after a start this includes every reminder that
	// fell due while the app was closed.
	TopicReminders = "reminders"
	KindChanged    = "changed"
	KindDue        = "due"
)

// followState is what the checker remembers between checks.
type followState struct {
	mu       sync.Mutex
	alerts   map[string]bool // keys of the alerts due at the last check
	checked  bool
	notified map[string]time.Time // reminder id → due time already reported
	poke     chan struct{}
}

func newFollowState() *followState {
	return &followState{alerts: map[string]bool{}, notified: map[string]time.Time{}, poke: make(chan struct{}, 1)}
}

// thresholds are the alert settings in use.
func (c *Core) thresholds() followup.Thresholds {
	a := c.Config().Alerts
	return followup.Thresholds{NoUpdateHours: a.NoUpdateHours, UnansweredMessages: a.UnansweredMessages,
		WaitingInternalHours: a.WaitingInternalHours, CheckMinutes: a.CheckMinutes}.WithDefaults()
}

// AlertThresholds returns the alert settings (defaults filled in).
func (c *Core) AlertThresholds() followup.Thresholds { return c.thresholds() }

// SaveAlertThresholds stores the alert settings; negative values are
// refused, zero means the default.
func (c *Core) SaveAlertThresholds(t followup.Thresholds) (followup.Thresholds, error) {
	if t.NoUpdateHours < 0 || t.UnansweredMessages < 0 || t.WaitingInternalHours < 0 || t.CheckMinutes < 0 {
		return c.thresholds(), knowledge.Errorf(knowledge.ErrInvalid, "alert thresholds cannot be negative; use 0 for the default")
	}
	if t.CheckMinutes > 24*60 || t.NoUpdateHours > 24*365 || t.WaitingInternalHours > 24*365 || t.UnansweredMessages > knowledge.MaxMessages {
		return c.thresholds(), knowledge.Errorf(knowledge.ErrInvalid, "an alert threshold is too large: at most a year of hours, a day of minutes and %d messages", knowledge.MaxMessages)
	}
	if _, err := c.UpdateConfig(func(cfg *config.Config) {
		cfg.Alerts = config.Alerts{NoUpdateHours: t.NoUpdateHours, UnansweredMessages: t.UnansweredMessages,
			WaitingInternalHours: t.WaitingInternalHours, CheckMinutes: t.CheckMinutes}
	}); err != nil {
		return c.thresholds(), err
	}
	c.pokeFollowUps()
	return c.thresholds(), nil
}

// flaggedAt maps article ids to when they were last flagged (ratings of
// their current version); empty when ratings cannot be read.
func (c *Core) flaggedAt(ctx context.Context) map[string]time.Time {
	out := map[string]time.Time{}
	fl, err := c.store.Flagged(ctx)
	if err != nil {
		return out
	}
	for _, f := range fl {
		out[f.ArticleID] = f.LastFlaggedAt
	}
	return out
}

// alertInput gathers what the rules need about one request.
func (c *Core) alertInput(ctx context.Context, r knowledge.SupportRequest, st knowledge.RequestState, events []knowledge.TimelineEvent, flagged map[string]time.Time) (followup.Input, error) {
	in := followup.Input{Request: r, State: st, StatusSince: statusSince(r, events), Articles: map[string]followup.ArticleNow{}}
	for _, cit := range st.Citations {
		if _, done := in.Articles[cit.ArticleID]; done {
			continue
		}
		a, err := c.store.Get(ctx, cit.ArticleID)
		switch {
		case errors.Is(err, knowledge.ErrNotFound):
			in.Articles[cit.ArticleID] = followup.ArticleNow{}
		case err != nil:
			return in, err
		default:
			in.Articles[cit.ArticleID] = followup.ArticleNow{Exists: true, Title: a.Title, Version: a.Version,
				UpdatedAt: a.UpdatedAt, Archived: a.Status == knowledge.StatusArchived, FlaggedAt: flagged[a.ID]}
		}
	}
	return in, nil
}

// Alerts returns the alerts due at at (zero: now) over every active
// request, ordered by request and rule.
func (c *Core) Alerts(ctx context.Context, at time.Time) ([]followup.Alert, error) {
	if at.IsZero() {
		at = c.now()
	}
	active := []knowledge.RequestStatus{knowledge.RequestNew, knowledge.RequestInProgress,
		knowledge.RequestWaitingOnCustomer, knowledge.RequestWaitingOnInternal}
	sums, err := c.store.ListRequests(ctx, knowledge.RequestFilter{Statuses: active})
	if err != nil {
		return nil, err
	}
	states, err := c.store.RequestStates(ctx, active)
	if err != nil {
		return nil, err
	}
	byID := map[string]knowledge.RequestState{}
	for _, st := range states {
		byID[st.RequestID] = st
	}
	flagged := c.flaggedAt(ctx)
	inputs := make([]followup.Input, 0, len(sums))
	for _, s := range sums {
		r, err := c.store.GetRequest(ctx, s.ID)
		if errors.Is(err, knowledge.ErrNotFound) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		events, err := c.store.Timeline(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		st, ok := byID[s.ID]
		if !ok {
			st = knowledge.RequestState{RequestID: s.ID, Departments: []string{}, Citations: []knowledge.Citation{}}
		}
		in, err := c.alertInput(ctx, r, st, events, flagged)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return followup.Evaluate(inputs, at.UTC(), c.thresholds()), nil
}

// MyAlerts returns the alerts due now that reach me: those of requests I
// own and of requests nobody owns (the team's). In single-user mode that is
// every alert but those of requests handed over to someone else.
func (c *Core) MyAlerts(ctx context.Context) ([]followup.Alert, error) {
	all, err := c.Alerts(ctx, time.Time{})
	if err != nil {
		return nil, err
	}
	me := strings.TrimSpace(c.profile().Name)
	out := []followup.Alert{}
	for _, a := range all {
		if a.Owner == "" || a.Owner == me {
			out = append(out, a)
		}
	}
	return out, nil
}

// FollowUpCheck is the result of one check.
type FollowUpCheck struct {
	Alerts        []followup.Alert     `json:"alerts"`
	AlertsChanged bool                 `json:"alertsChanged"`
	NewlyDue      []knowledge.Reminder `json:"newlyDue"`
}

// CheckFollowUps evaluates my alerts (MyAlerts) and my due reminders once,
// at the core's clock. When the set of due alerts differs from the last check it
// reports a change of TopicAlerts; reminders that fell due since the last
// check (at the first check: every reminder due, including those that fell
// due while the app was closed) are reported as TopicReminders. The
// background checker (StartFollowUps) calls it; tests call it directly.
func (c *Core) CheckFollowUps(ctx context.Context) (FollowUpCheck, error) {
	alerts, err := c.MyAlerts(ctx)
	if err != nil {
		return FollowUpCheck{}, err
	}
	due, err := c.DueReminders(ctx)
	if err != nil {
		return FollowUpCheck{}, err
	}
	f := c.followUps
	f.mu.Lock()
	keys := map[string]bool{}
	for _, a := range alerts {
		keys[a.Key()] = true
	}
	changed := !f.checked || len(keys) != len(f.alerts)
	for k := range keys {
		changed = changed || !f.alerts[k]
	}
	f.alerts, f.checked = keys, true
	out := FollowUpCheck{Alerts: alerts, AlertsChanged: changed, NewlyDue: []knowledge.Reminder{}}
	for _, r := range due {
		if at, seen := f.notified[r.ID]; seen && at.Equal(r.Due) {
			continue // already reported at this due time (a snooze re-arms it)
		}
		f.notified[r.ID] = r.Due
		out.NewlyDue = append(out.NewlyDue, r)
	}
	f.mu.Unlock()
	if changed {
		ids := map[string]bool{}
		list := []string{}
		for _, a := range alerts {
			if !ids[a.RequestID] {
				ids[a.RequestID] = true
				list = append(list, a.RequestID)
			}
		}
		sort.Strings(list)
		c.changed(TopicAlerts, KindChanged, list...)
	}
	if len(out.NewlyDue) > 0 {
		ids := make([]string, len(out.NewlyDue))
		for i, r := range out.NewlyDue {
			ids[i] = r.ID
		}
		c.changed(TopicReminders, KindDue, ids...)
	}
	return out, nil
}

// StartFollowUps runs CheckFollowUps now, then every CheckMinutes (the
// ticks come from tick, a time.Ticker's channel in the app) and whenever a
// request changes, until ctx ends or the core closes. The app starts it
// under its lifecycle context.
func (c *Core) StartFollowUps(ctx context.Context, tick <-chan time.Time) {
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		check := func() {
			if _, err := c.CheckFollowUps(ctx); err != nil && ctx.Err() == nil && c.bgCtx.Err() == nil &&
				!errors.Is(err, knowledge.ErrClosed) {
				c.log.Warn("checking follow-ups failed", "err", err)
			}
		}
		check()
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.bgCtx.Done():
				return
			case <-tick:
				check()
			case <-c.followUps.poke:
				check()
			}
		}
	}()
}

// FollowUpInterval is how often the app should tick StartFollowUps.
func (c *Core) FollowUpInterval() time.Duration {
	return time.Duration(c.thresholds().CheckMinutes) * time.Minute
}

// pokeFollowUps asks the checker to run soon (a request changed).
func (c *Core) pokeFollowUps() {
	select {
	case c.followUps.poke <- struct{}{}:
	default:
	}
}

// isFollowUpTopic reports whether a change should wake the checker: a
// request changed, or an article (a cited one may have changed or been
// rated outdated or wrong).
func isFollowUpTopic(topic, kind string) bool {
	return topic == knowledge.TopicRequests || topic == knowledge.TopicArticles ||
		(topic == knowledge.TopicLedger && kind == knowledge.KindRating)
}
