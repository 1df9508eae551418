package core

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/followup"
)

// The life of a request (issue 11): its timeline, status, next step,
// departments consulted and the counts built on them. Reminders are in
// reminders.go, alerts and the background checker in followups.go,
// procedures in procedures.go, team work in teamwork.go, the customer's
// profile in customers.go and the progress update in progressupdate.go.

// RequestOverview is everything the request's lifecycle panel shows.
type RequestOverview struct {
	Request  knowledge.SupportRequest  `json:"request"`
	State    knowledge.RequestState    `json:"state"`
	Timeline []knowledge.TimelineEvent `json:"timeline"`
	// Departments consulted: explicit and from cited articles.
	Departments []string `json:"departments"`
	// Reminders are my reminders on this request, open and done.
	Reminders []knowledge.Reminder `json:"reminders"`
	// Alerts due now for this request.
	Alerts []followup.Alert `json:"alerts"`
	// Agent is who I am (the profile or signed-in name).
	Agent string `json:"agent"`
}

// now is the lifecycle's clock, in UTC.
func (c *Core) now() time.Time { return c.clock().UTC().Round(0) }

// Overview returns a request with its state, merged timeline, departments,
// my reminders and its alerts.
func (c *Core) Overview(ctx context.Context, id string) (RequestOverview, error) {
	r, err := c.GetRequest(ctx, id)
	if err != nil {
		return RequestOverview{}, err
	}
	st, err := c.store.RequestState(ctx, id)
	if err != nil {
		return RequestOverview{}, err
	}
	events, err := c.store.Timeline(ctx, id)
	if err != nil {
		return RequestOverview{}, err
	}
	me := c.profile().Name
	rems := []knowledge.Reminder{}
	if me != "" {
		if rems, err = c.store.Reminders(ctx, knowledge.ReminderFilter{Agent: me, RequestID: id, IncludeDone: true}); err != nil {
			return RequestOverview{}, err
		}
	}
	in, err := c.alertInput(ctx, r, st, events, c.flaggedAt(ctx))
	if err != nil {
		return RequestOverview{}, err
	}
	out := RequestOverview{Request: r, State: st, Timeline: mergeTimeline(r, events),
		Departments: st.DepartmentsConsulted(), Reminders: rems, Agent: me,
		Alerts: followup.Evaluate([]followup.Input{in}, c.now(), c.thresholds())}
	fillEmpty(&out)
	return out, nil
}

// Timeline returns a request's timeline: the stored events and the
// conversation's messages and notes, oldest first.
func (c *Core) Timeline(ctx context.Context, id string) ([]knowledge.TimelineEvent, error) {
	r, err := c.store.GetRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	events, err := c.store.Timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	return mergeTimeline(r, events), nil
}

// mergeTimeline interleaves the messages of r with the stored events by
// time (a message before an event of the same instant).
func mergeTimeline(r knowledge.SupportRequest, events []knowledge.TimelineEvent) []knowledge.TimelineEvent {
	out := make([]knowledge.TimelineEvent, 0, len(r.Messages)+len(events))
	for _, m := range r.Messages {
		e := knowledge.TimelineEvent{RequestID: r.ID, Kind: knowledge.EventMessage, At: m.At, Actor: m.AgentName, Text: m.Text, From: string(m.Author)}
		if m.Author == knowledge.AuthorNote {
			e.Kind = knowledge.EventNote
		}
		if m.Author == knowledge.AuthorCustomer {
			e.Actor = r.Customer.Name
		}
		out = append(out, e)
	}
	out = append(out, events...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// statusSince is when the request entered its current status: the last
// status event, else its creation.
func statusSince(r knowledge.SupportRequest, events []knowledge.TimelineEvent) time.Time {
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].Kind == knowledge.EventStatus {
			return events[i].At
		}
	}
	return r.CreatedAt
}

// SetRequestStatus moves a request to status and records it (with the
// agent's note) in the timeline.
func (c *Core) SetRequestStatus(ctx context.Context, id string, status knowledge.RequestStatus, note string) (RequestOverview, error) {
	_, ev, err := c.store.ChangeStatus(ctx, id, status, knowledge.TimelineEvent{Actor: c.profile().Name, Text: note, At: c.now()})
	if err != nil {
		return RequestOverview{}, err
	}
	if ev.Seq > 0 {
		c.changed(knowledge.TopicRequests, knowledge.KindUpdated, id)
	}
	return c.Overview(ctx, id)
}

// SetNextStep sets what happens next on a request and by when (a zero due
// clears the date).
func (c *Core) SetNextStep(ctx context.Context, id, step string, due time.Time) (RequestOverview, error) {
	step = strings.TrimSpace(step)
	if step == "" && !due.IsZero() {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "say what the next step is before giving it a due date")
	}
	return c.changeState(ctx, id, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.NextStep, st.NextDue = step, due.UTC()
		return []knowledge.TimelineEvent{{Kind: knowledge.EventNextStep, Text: step, Due: due.UTC()}}, nil
	})
}

// AddDepartment records that a department was consulted on the request.
func (c *Core) AddDepartment(ctx context.Context, id, department string) (RequestOverview, error) {
	department = strings.TrimSpace(department)
	if department == "" {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "name the department you consulted")
	}
	return c.changeState(ctx, id, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		for _, d := range st.Departments {
			if strings.EqualFold(d, department) {
				return nil, nil
			}
		}
		st.Departments = append(st.Departments, department)
		return []knowledge.TimelineEvent{{Kind: knowledge.EventDepartment, Department: department}}, nil
	})
}

// changeState applies change to the request's state, stamps its events
// with me and now, reports the change and returns the new overview.
func (c *Core) changeState(ctx context.Context, id string, change func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error)) (RequestOverview, error) {
	if _, err := c.changeStateOnly(ctx, id, change); err != nil {
		return RequestOverview{}, err
	}
	return c.Overview(ctx, id)
}

func (c *Core) changeStateOnly(ctx context.Context, id string, change func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error)) (knowledge.RequestState, error) {
	me, now := c.profile().Name, c.now()
	st, _, err := c.store.ChangeRequestState(ctx, id, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		evs, err := change(st)
		for i := range evs {
			if evs[i].Actor == "" {
				evs[i].Actor = me
			}
			if evs[i].At.IsZero() {
				evs[i].At = now
			}
		}
		return evs, err
	})
	if err != nil {
		return st, err
	}
	c.changed(knowledge.TopicRequests, knowledge.KindUpdated, id)
	return st, nil
}

// recordStatusEdit records a status changed through UpdateRequest (the
// request form) in the timeline.
func (c *Core) recordStatusEdit(ctx context.Context, id string, from, to knowledge.RequestStatus) {
	if from.Canonical() == to.Canonical() {
		return
	}
	_, err := c.store.AppendTimeline(ctx, id, knowledge.TimelineEvent{Kind: knowledge.EventStatus,
		From: string(from.Canonical()), To: string(to.Canonical()), Actor: c.profile().Name, At: c.now()})
	if err != nil {
		c.log.Warn("could not record the status change in the timeline", "request", id, "err", err)
	}
}

// recordSent records, after a reply was sent from a suggestion, that the
// suggestion was used and which articles it cited (with their
// departments, which count as consulted), and proposes nothing by itself:
// ProposeReminders reads promises in the reply.
func (c *Core) recordSent(ctx context.Context, requestID string, set knowledge.LedgerEntry, option int) {
	if option < 0 || option >= len(set.Options) {
		return
	}
	byPassage := map[string]knowledge.LedgerPassage{}
	for _, p := range set.Passages {
		byPassage[p.PassageID] = p
	}
	// Read the cited articles' departments before the state transaction.
	now := c.now()
	var cites []knowledge.Citation
	var refs []string
	seen := map[string]bool{}
	for _, pid := range set.Options[option].Citations {
		p, ok := byPassage[pid]
		if !ok || seen[p.ArticleID] {
			continue
		}
		seen[p.ArticleID] = true
		dept := ""
		if a, err := c.store.Get(ctx, p.ArticleID); err == nil {
			dept = a.Department
		}
		cites = append(cites, knowledge.Citation{ArticleID: p.ArticleID, ArticleVersion: p.ArticleVersion, Department: dept, At: now})
		refs = append(refs, pid)
	}
	_, err := c.changeStateOnly(ctx, requestID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		evs := []knowledge.TimelineEvent{{Kind: knowledge.EventSuggestionUsed, Ref: set.SetID, Text: set.Options[option].Title}}
		st.Citations = append(st.Citations, cites...)
		for i, ct := range cites {
			evs = append(evs, knowledge.TimelineEvent{Kind: knowledge.EventArticleCited, ArticleID: ct.ArticleID,
				ArticleVersion: ct.ArticleVersion, Department: ct.Department, Ref: refs[i]})
		}
		return evs, nil
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		c.log.Warn("could not record the sent suggestion in the timeline", "request", requestID, "err", err)
	}
}

// LifecycleStats counts resolved requests by the number of departments
// consulted: "resolved by one agent across N departments".
type LifecycleStats struct {
	Resolved int `json:"resolved"`
	// ResolvedMultiDept were resolved by one agent across two or more
	// departments.
	ResolvedMultiDept int         `json:"resolvedMultiDept"`
	ByDepartments     []DeptCount `json:"byDepartments"`
}

// DeptCount is how many resolved requests consulted Departments departments.
type DeptCount struct {
	Departments int `json:"departments"`
	Requests    int `json:"requests"`
}

// LifecycleStats counts resolved and closed requests by departments
// consulted. A request counts as resolved by one agent when no hand-over
// is recorded on its timeline.
func (c *Core) LifecycleStats(ctx context.Context) (LifecycleStats, error) {
	done := []knowledge.RequestStatus{knowledge.RequestResolved, knowledge.RequestClosed}
	reqs, err := c.store.ListRequests(ctx, knowledge.RequestFilter{Statuses: done})
	if err != nil {
		return LifecycleStats{}, err
	}
	states, err := c.store.RequestStates(ctx, done)
	if err != nil {
		return LifecycleStats{}, err
	}
	byID := map[string]knowledge.RequestState{}
	for _, st := range states {
		byID[st.RequestID] = st
	}
	counts := map[int]int{}
	out := LifecycleStats{ByDepartments: []DeptCount{}}
	for _, r := range reqs {
		events, err := c.store.Timeline(ctx, r.ID)
		if err != nil {
			return LifecycleStats{}, err
		}
		handed := false
		for _, e := range events {
			handed = handed || e.Kind == knowledge.EventHandedOver
		}
		if handed {
			continue
		}
		n := len(byID[r.ID].DepartmentsConsulted())
		out.Resolved++
		if n >= 2 {
			out.ResolvedMultiDept++
		}
		counts[n]++
	}
	for n, k := range counts {
		out.ByDepartments = append(out.ByDepartments, DeptCount{Departments: n, Requests: k})
	}
	sort.Slice(out.ByDepartments, func(i, j int) bool { return out.ByDepartments[i].Departments < out.ByDepartments[j].Departments })
	return out, nil
}

// requireRequest fails with a clear message when id names no request.
func (c *Core) requireRequest(ctx context.Context, id string) (knowledge.SupportRequest, error) {
	r, err := c.store.GetRequest(ctx, id)
	if errors.Is(err, knowledge.ErrNotFound) {
		return r, fmt.Errorf("request %q does not exist (it may have been removed): %w", id, knowledge.ErrNotFound)
	}
	return r, err
}
