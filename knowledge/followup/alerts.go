// Package followup keeps requests moving: pattern alerts over requests
// (Evaluate, a pure function of the requests and a time) and the promises
// an agent makes in a reply (DetectPromises), from which reminders are
// proposed.
package followup

import (
	"fmt"
	"sort"
	"time"

	"concierge/knowledge"
)

// Rule names an alert rule.
type Rule string

const (
	// RuleNoUpdate: an active request (not waiting on the customer) had no
	// update for NoUpdateHours.
	RuleNoUpdate Rule = "no-update"
	// RuleUnanswered: the customer wrote UnansweredMessages times or more
	// since the last agent reply.
	RuleUnanswered Rule = "unanswered"
	// RulePromisePassed: the date promised to the customer passed with no
	// agent reply since.
	RulePromisePassed Rule = "promise-passed"
	// RuleWaitingInternal: the request has waited on an internal team for
	// more than WaitingInternalHours.
	RuleWaitingInternal Rule = "waiting-internal"
	// RuleArticleChanged: an article cited in the request changed, was
	// archived or deleted, or was flagged (rated outdated or wrong) after
	// it was cited.
	RuleArticleChanged Rule = "article-changed"
	// RuleStepOverrun: a step of the attached procedure is past its due
	// time and not done.
	RuleStepOverrun Rule = "step-overrun"
)

// Rules lists every rule.
var Rules = []Rule{RuleNoUpdate, RuleUnanswered, RulePromisePassed, RuleWaitingInternal, RuleArticleChanged, RuleStepOverrun}

// Thresholds configure the rules; zero values take the defaults.
type Thresholds struct {
	NoUpdateHours        int `json:"noUpdateHours"`        // default 48
	UnansweredMessages   int `json:"unansweredMessages"`   // default 2
	WaitingInternalHours int `json:"waitingInternalHours"` // default 24
	// CheckMinutes is how often the app re-evaluates (default 5).
	CheckMinutes int `json:"checkMinutes"`
}

// Defaults of Thresholds.
const (
	DefaultNoUpdateHours        = 48
	DefaultUnansweredMessages   = 2
	DefaultWaitingInternalHours = 24
	DefaultCheckMinutes         = 5
)

// WithDefaults fills zero (or negative) thresholds with the defaults.
func (t Thresholds) WithDefaults() Thresholds {
	if t.NoUpdateHours <= 0 {
		t.NoUpdateHours = DefaultNoUpdateHours
	}
	if t.UnansweredMessages <= 0 {
		t.UnansweredMessages = DefaultUnansweredMessages
	}
	if t.WaitingInternalHours <= 0 {
		t.WaitingInternalHours = DefaultWaitingInternalHours
	}
	if t.CheckMinutes <= 0 {
		t.CheckMinutes = DefaultCheckMinutes
	}
	return t
}

// ArticleNow is a cited article as it is now.
type ArticleNow struct {
	Exists    bool
	Title     string
	Version   int
	UpdatedAt time.Time
	Archived  bool
	// FlaggedAt is when it was last rated outdated or wrong (zero: never,
	// or not since its last change).
	FlaggedAt time.Time
}

// Input is one request as the rules see it.
type Input struct {
	Request knowledge.SupportRequest
	State   knowledge.RequestState
	// StatusSince is when the request entered its current status (its
	// creation when the timeline records no status change).
	StatusSince time.Time
	// Articles holds the cited articles as they are now, by id.
	Articles map[string]ArticleNow
}

// Alert is one rule firing for one request.
type Alert struct {
	Rule      Rule   `json:"rule"`
	RequestID string `json:"requestId"`
	Subject   string `json:"subject"`
	// Reason says, in a sentence, why the rule fired.
	Reason string `json:"reason"`
	// Since is when the condition started to hold (e.g. the promised date).
	Since time.Time `json:"since"`
	// Owner is the request's assignee ("" = the team).
	Owner string `json:"owner"`
	// Ref is what the alert is about within the request: an article id or
	// a step number ("" for request-wide rules).
	Ref string `json:"ref"`
}

// Key identifies an alert across evaluations.
func (a Alert) Key() string { return string(a.Rule) + "|" + a.RequestID + "|" + a.Ref }

// Evaluate returns the alerts due at now, ordered by request and rule.
// Resolved and closed requests raise none. It reads nothing but its
// arguments.
func Evaluate(in []Input, now time.Time, t Thresholds) []Alert {
	t = t.WithDefaults()
	out := []Alert{}
	for _, r := range in {
		out = append(out, evaluateOne(r, now, t)...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].RequestID != out[j].RequestID {
			return out[i].RequestID < out[j].RequestID
		}
		return ruleIndex(out[i].Rule) < ruleIndex(out[j].Rule)
	})
	return out
}

func ruleIndex(r Rule) int {
	for i, x := range Rules {
		if x == r {
			return i
		}
	}
	return len(Rules)
}

func evaluateOne(in Input, now time.Time, t Thresholds) []Alert {
	req, st := in.Request, in.State
	status := req.Status.Canonical()
	if status.Done() {
		return nil
	}
	var out []Alert
	add := func(rule Rule, since time.Time, ref, reason string, args ...any) {
		out = append(out, Alert{Rule: rule, RequestID: req.ID, Subject: req.Subject, Since: since,
			Owner: st.Assignee, Ref: ref, Reason: fmt.Sprintf(reason, args...)})
	}

	last := req.UpdatedAt
	if st.UpdatedAt.After(last) {
		last = st.UpdatedAt
	}
	if status != knowledge.RequestWaitingOnCustomer && !last.IsZero() &&
		now.Sub(last) > time.Duration(t.NoUpdateHours)*time.Hour {
		add(RuleNoUpdate, last, "", "No update for %s (the limit is %d hours).", span(now.Sub(last)), t.NoUpdateHours)
	}

	unanswered, firstUnanswered, lastAgent := 0, time.Time{}, time.Time{}
	for _, m := range req.Messages {
		switch m.Author {
		case knowledge.AuthorAgent:
			unanswered, firstUnanswered, lastAgent = 0, time.Time{}, m.At
		case knowledge.AuthorCustomer:
			if unanswered == 0 {
				firstUnanswered = m.At
			}
			unanswered++
		}
	}
	if unanswered >= t.UnansweredMessages {
		add(RuleUnanswered, firstUnanswered, "", "The customer wrote %d times without a reply (the limit is %d).", unanswered, t.UnansweredMessages)
	}

	if p := st.PromisedAt; !p.IsZero() && now.After(p) && !lastAgent.After(p) {
		add(RulePromisePassed, p, "", "The date promised to the customer, %s, passed %s ago with no reply since.",
			p.UTC().Format("Mon 2 Jan 15:04 MST"), span(now.Sub(p)))
	}

	if status == knowledge.RequestWaitingOnInternal && !in.StatusSince.IsZero() &&
		now.Sub(in.StatusSince) > time.Duration(t.WaitingInternalHours)*time.Hour {
		add(RuleWaitingInternal, in.StatusSince, "", "Waiting on an internal team for %s (the limit is %d hours).",
			span(now.Sub(in.StatusSince)), t.WaitingInternalHours)
	}

	seen := map[string]bool{}
	for i := len(st.Citations) - 1; i >= 0; i-- { // the latest citation of each article counts
		c := st.Citations[i]
		if seen[c.ArticleID] {
			continue
		}
		seen[c.ArticleID] = true
		a, ok := in.Articles[c.ArticleID]
		switch {
		case !ok || !a.Exists:
			add(RuleArticleChanged, c.At, c.ArticleID, "The article %q cited on %s was deleted.", c.ArticleID, day(c.At))
		case a.Archived:
			add(RuleArticleChanged, c.At, c.ArticleID, "The article %q cited on %s was archived since.", title(a, c), day(c.At))
		case a.Version > c.ArticleVersion && a.UpdatedAt.After(c.At):
			add(RuleArticleChanged, a.UpdatedAt, c.ArticleID, "The article %q changed on %s, after it was cited (version %d then, %d now): check what you told the customer.",
				title(a, c), day(a.UpdatedAt), c.ArticleVersion, a.Version)
		case a.FlaggedAt.After(c.At):
			add(RuleArticleChanged, a.FlaggedAt, c.ArticleID, "The article %q was flagged as outdated or wrong on %s, after it was cited.", title(a, c), day(a.FlaggedAt))
		}
	}

	if p := st.Plan; p != nil {
		for i, s := range p.Steps {
			if s.Done() || s.Due.IsZero() || !now.After(s.Due) {
				continue
			}
			add(RuleStepOverrun, s.Due, fmt.Sprint(i+1), "Step %d of %q, %q, was due %s ago.", i+1, p.Title, s.Title, span(now.Sub(s.Due)))
		}
	}
	return out
}

func title(a ArticleNow, c knowledge.Citation) string {
	if a.Title != "" {
		return a.Title
	}
	return c.ArticleID
}

func day(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// span says how long d is, roughly: "3 days", "5 hours", "20 minutes".
func span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= time.Hour:
		return "1 hour"
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return "a minute"
}
