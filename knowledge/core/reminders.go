package core

import (
	"context"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/followup"
)

// Follow-ups: an agent's reminders on requests, set by hand or confirmed
// from a promise found in a reply.

// me is the agent the lifecycle acts for; reminders need a name.
func (c *Core) me() (string, error) {
	name := strings.TrimSpace(c.profile().Name)
	if name == "" {
		return "", knowledge.Errorf(knowledge.ErrInvalid, "set your name in Settings → Profile first: reminders belong to their agent")
	}
	return name, nil
}

// AddReminder sets a reminder for me on a request and records it in the
// timeline. A reminder confirmed from a promise (source "promise") also
// becomes the request's promised date.
func (c *Core) AddReminder(ctx context.Context, r knowledge.Reminder) (knowledge.Reminder, error) {
	me, err := c.me()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	r.Agent = me
	if r.Source == "" {
		r.Source = knowledge.ReminderManual
	}
	if !r.Due.IsZero() && !r.Due.After(c.now().Add(-time.Minute)) {
		return knowledge.Reminder{}, knowledge.Errorf(knowledge.ErrInvalid, "the reminder's time has passed: choose a time in the future")
	}
	out, err := c.store.AddReminder(ctx, r)
	if err != nil {
		return out, err
	}
	_, err = c.changeStateOnly(ctx, r.RequestID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		if out.Source == knowledge.ReminderPromise && out.Due.After(st.PromisedAt) {
			st.PromisedAt = out.Due
		}
		return []knowledge.TimelineEvent{{Kind: knowledge.EventReminderSet, Text: out.Text, Due: out.Due, Ref: out.ID}}, nil
	})
	return out, err
}

// SnoozeReminder moves one of my reminders to until (which must be in the
// future) and records it.
func (c *Core) SnoozeReminder(ctx context.Context, id string, until time.Time) (knowledge.Reminder, error) {
	r, err := c.myReminder(ctx, id)
	if err != nil {
		return r, err
	}
	if !until.After(c.now()) {
		return r, knowledge.Errorf(knowledge.ErrInvalid, "snooze the reminder to a time in the future")
	}
	if !r.DoneAt.IsZero() {
		return r, knowledge.Errorf(knowledge.ErrInvalid, "the reminder is already done")
	}
	r.Due, r.Snoozes = until.UTC(), r.Snoozes+1
	out, err := c.store.UpdateReminder(ctx, r)
	if err != nil {
		return out, err
	}
	_, err = c.changeStateOnly(ctx, r.RequestID, func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		return []knowledge.TimelineEvent{{Kind: knowledge.EventReminderSnoozed, Text: out.Text, Due: out.Due, Ref: out.ID}}, nil
	})
	return out, err
}

// CompleteReminder marks one of my reminders done and records it.
func (c *Core) CompleteReminder(ctx context.Context, id string) (knowledge.Reminder, error) {
	r, err := c.myReminder(ctx, id)
	if err != nil {
		return r, err
	}
	if !r.DoneAt.IsZero() {
		return r, nil
	}
	r.DoneAt = c.now()
	out, err := c.store.UpdateReminder(ctx, r)
	if err != nil {
		return out, err
	}
	_, err = c.changeStateOnly(ctx, r.RequestID, func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		return []knowledge.TimelineEvent{{Kind: knowledge.EventReminderDone, Text: out.Text, Due: out.Due, Ref: out.ID}}, nil
	})
	return out, err
}

func (c *Core) myReminder(ctx context.Context, id string) (knowledge.Reminder, error) {
	me, err := c.me()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	r, err := c.store.Reminder(ctx, id)
	if err != nil {
		return r, err
	}
	if r.Agent != me {
		return knowledge.Reminder{}, knowledge.Errorf(knowledge.ErrForbidden, "this reminder belongs to %s; only they can change it", r.Agent)
	}
	return r, nil
}

// DueReminders returns my open reminders due now, earliest first — also
// those that fell due while the app was closed.
func (c *Core) DueReminders(ctx context.Context) ([]knowledge.Reminder, error) {
	me := strings.TrimSpace(c.profile().Name)
	if me == "" {
		return []knowledge.Reminder{}, nil
	}
	out, err := c.store.Reminders(ctx, knowledge.ReminderFilter{Agent: me, DueBy: c.now()})
	return nonNil(out), err
}

// Reminders returns my reminders on a request ("" = on every request),
// open and done, earliest due first.
func (c *Core) Reminders(ctx context.Context, requestID string) ([]knowledge.Reminder, error) {
	me := strings.TrimSpace(c.profile().Name)
	if me == "" {
		return []knowledge.Reminder{}, nil
	}
	out, err := c.store.Reminders(ctx, knowledge.ReminderFilter{Agent: me, RequestID: requestID, IncludeDone: requestID != ""})
	return nonNil(out), err
}

// PromiseProposal is a reminder Concierge proposes from a promise in a
// reply; the agent confirms it with AddReminder (source "promise").
type PromiseProposal struct {
	RequestID string    `json:"requestId"`
	Text      string    `json:"text"`   // the reminder text: the promise
	Phrase    string    `json:"phrase"` // the time words found
	Due       time.Time `json:"due"`
}

// ProposeReminders reads the promises in a reply to request requestID
// ("I will call you on Friday") and proposes a reminder for each, in the
// computer's time zone.
func (c *Core) ProposeReminders(ctx context.Context, requestID, reply string) ([]PromiseProposal, error) {
	if _, err := c.requireRequest(ctx, requestID); err != nil {
		return nil, err
	}
	out := []PromiseProposal{}
	for _, p := range followup.DetectPromises(reply, c.clock(), time.Local) {
		text := p.Text
		if r := []rune(text); len(r) > knowledge.MaxReminderTextLen {
			text = string(r[:knowledge.MaxReminderTextLen-1]) + "…"
		}
		out = append(out, PromiseProposal{RequestID: requestID, Text: text, Phrase: p.Phrase, Due: p.Due.UTC()})
	}
	return out, nil
}
