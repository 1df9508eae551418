package pgstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"

	"github.com/jackc/pgx/v5/pgxpool"
)

// A reminder belongs to its agent: the server records the signed-in
// person, and other agents neither see nor change it. Timelines and states
// are shared by everyone who reads requests, and nobody but the owner of
// the tables rewrites the timeline.
func TestRemindersBelongToTheirAgent(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	r, err := tm.annS.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Lost card", Channel: knowledge.ChannelPhone,
		Customer: knowledge.Customer{Name: "Ada", Contact: "ada@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(time.Hour)
	rem, err := tm.annS.AddReminder(ctx, knowledge.Reminder{RequestID: r.ID, Agent: "Someone Else", Text: "Call back", Due: due})
	if err != nil {
		t.Fatal(err)
	}
	if rem.Agent != tm.ann {
		t.Errorf("an agent set a reminder under the name %q; the server must record %q", rem.Agent, tm.ann)
	}
	if got, err := tm.bobS.Reminders(ctx, knowledge.ReminderFilter{}); err != nil || len(got) != 0 {
		t.Errorf("another agent sees %d reminders (%v); want none", len(got), err)
	}
	if got, err := tm.sueS.Reminders(ctx, knowledge.ReminderFilter{}); err != nil || len(got) != 0 {
		t.Errorf("a supervisor sees %d of an agent's reminders (%v); reminders are private", len(got), err)
	}
	if _, err := tm.bobS.Reminder(ctx, rem.ID); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("another agent reading the reminder: %v, want ErrNotFound", err)
	}
	rem.DoneAt = time.Now()
	if _, err := tm.bobS.UpdateReminder(ctx, rem); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("another agent completing the reminder: %v, want ErrNotFound", err)
	}
	if got, err := tm.annS.Reminders(ctx, knowledge.ReminderFilter{Agent: tm.ann}); err != nil || len(got) != 1 || !got[0].DoneAt.IsZero() {
		t.Errorf("the agent's own reminders: %+v, %v", got, err)
	}
	if done, err := tm.annS.UpdateReminder(ctx, rem); err != nil || done.DoneAt.IsZero() {
		t.Errorf("the agent completing its reminder: %+v, %v", done, err)
	}

	// Shared timeline and state: Bob hands over Ann's request and Ann sees it.
	if _, _, err := tm.bobS.ChangeRequestState(ctx, r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.Assignee = tm.ann
		return []knowledge.TimelineEvent{{Kind: knowledge.EventHandedOver, From: tm.bob, To: tm.ann, Text: "Cards confirmed the block", Actor: tm.bob}}, nil
	}); err != nil {
		t.Fatalf("an agent changing a request's state: %v", err)
	}
	if st, err := tm.annS.RequestState(ctx, r.ID); err != nil || st.Assignee != tm.ann {
		t.Errorf("state seen by the other agent: %+v, %v", st, err)
	}
	if tl, err := tm.eveS.Timeline(ctx, r.ID); err != nil || len(tl) != 1 {
		t.Errorf("an editor reading the timeline: %d events, %v", len(tl), err)
	}
	if err := rawSQL(t, pgtest.AsUser(t, tm.url, tm.bob, testPassword), `DELETE FROM request_events WHERE request_id = $1`, r.ID); err == nil {
		t.Error("an agent deleted timeline events")
	}
	if err := rawSQL(t, pgtest.AsUser(t, tm.url, tm.bob, testPassword), `UPDATE request_events SET kind = 'status' WHERE request_id = $1`, r.ID); err == nil {
		t.Error("an agent rewrote timeline events")
	}
	if _, _, err := tm.eveS.ChangeStatus(ctx, r.ID, knowledge.RequestResolved, knowledge.TimelineEvent{Actor: tm.eve}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an editor changing a request's status: %v, want ErrForbidden", err)
	}
}

// Migration 0004 keeps the meaning of requests stored before it: "open"
// becomes "new" (or "in-progress" when an agent replied) and
// "waiting-on-department" becomes "waiting-on-internal".
func TestUpgradeMapsOldRequestStatuses(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, pool, migrations[:3]); err != nil {
		pool.Close()
		t.Fatalf("migrations 1-3: %v", err)
	}
	for _, row := range [][2]string{{"req-a", "open"}, {"req-b", "open"}, {"req-c", "waiting-on-department"}, {"req-d", "resolved"}} {
		if _, err := pool.Exec(ctx, `INSERT INTO requests (id, subject, channel, status, created_at, updated_at, version)
			VALUES ($1, 'S', 'email', $2, now(), now(), 1)`, row[0], row[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO request_messages (request_id, seq, author, agent_name, at, text)
		VALUES ('req-b', 0, 'agent', 'robin', now(), 'On it')`); err != nil {
		t.Fatal(err)
	}
	pool.Close()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string]knowledge.RequestStatus{"req-a": knowledge.RequestNew, "req-b": knowledge.RequestInProgress,
		"req-c": knowledge.RequestWaitingOnInternal, "req-d": knowledge.RequestResolved}
	for id, st := range want {
		if r, err := s.GetRequest(ctx, id); err != nil || r.Status != st {
			t.Errorf("%s: status %q (%v), want %q", id, r.Status, err, st)
		}
	}
}
