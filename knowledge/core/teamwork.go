package core

import (
	"context"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
)

// Requests in team mode: an owner per request, hand-over to a colleague
// with a note (the customer keeps one thread, the request its history) and
// the team queue of unassigned and overdue requests.

// Assign makes agent ("" = me) the owner of a request.
func (c *Core) Assign(ctx context.Context, id, agent string) (RequestOverview, error) {
	agent = strings.TrimSpace(agent)
	if agent == "" {
		me, err := c.me()
		if err != nil {
			return RequestOverview{}, err
		}
		agent = me
	}
	return c.changeState(ctx, id, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		if st.Assignee == agent {
			return nil, nil
		}
		from := st.Assignee
		st.Assignee = agent
		return []knowledge.TimelineEvent{{Kind: knowledge.EventAssigned, From: from, To: agent}}, nil
	})
}

// HandOver passes a request to a colleague with a note saying where it
// stands; the note goes on the timeline.
func (c *Core) HandOver(ctx context.Context, id, to, note string) (RequestOverview, error) {
	to, note = strings.TrimSpace(to), strings.TrimSpace(note)
	if to == "" {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "choose the colleague to hand the request over to")
	}
	if note == "" {
		return RequestOverview{}, knowledge.Errorf(knowledge.ErrInvalid, "write a hand-over note: what was done and what is next, so your colleague need not ask the customer again")
	}
	return c.changeState(ctx, id, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		if st.Assignee == to {
			return nil, knowledge.Errorf(knowledge.ErrInvalid, "the request is already %s's", to)
		}
		from := st.Assignee
		st.Assignee = to
		return []knowledge.TimelineEvent{{Kind: knowledge.EventHandedOver, From: from, To: to, Text: note}}, nil
	})
}

// QueueItem is a request in the team queue and why it is there.
type QueueItem struct {
	Request knowledge.RequestSummary `json:"request"`
	State   knowledge.RequestState   `json:"state"`
	// Reason is "unassigned" or "overdue" (its next step's due date, or a
	// procedure step's, has passed).
	Reason string    `json:"reason"`
	Due    time.Time `json:"due"`
}

// TeamQueue lists the active requests nobody owns and those overdue,
// overdue first (earliest due first), then unassigned (oldest first).
func (c *Core) TeamQueue(ctx context.Context) ([]QueueItem, error) {
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
	now := c.now()
	out := []QueueItem{}
	for _, s := range sums {
		st, ok := byID[s.ID]
		if !ok {
			st = knowledge.RequestState{RequestID: s.ID, Departments: []string{}, Citations: []knowledge.Citation{}}
		}
		if due := overdueSince(st, now); !due.IsZero() {
			out = append(out, QueueItem{Request: s, State: st, Reason: "overdue", Due: due})
		} else if st.Assignee == "" {
			out = append(out, QueueItem{Request: s, State: st, Reason: "unassigned"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Reason != b.Reason {
			return a.Reason == "overdue"
		}
		if a.Reason == "overdue" {
			return a.Due.Before(b.Due)
		}
		return a.Request.CreatedAt.Before(b.Request.CreatedAt)
	})
	return out, nil
}

// overdueSince returns the earliest passed due time of a request (its next
// step, or an open procedure step), or zero.
func overdueSince(st knowledge.RequestState, now time.Time) time.Time {
	var due time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && t.Before(now) && (due.IsZero() || t.Before(due)) {
			due = t
		}
	}
	consider(st.NextDue)
	if st.Plan != nil {
		for _, s := range st.Plan.Steps {
			if !s.Done() {
				consider(s.Due)
			}
		}
	}
	return due
}
