package storetest

import (
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
)

var lifecycleTests = map[string]func(*testing.T, knowledge.Stores){
	"ChangeStatus":          testChangeStatus,
	"TimelineAppendOnly":    testTimelineAppend,
	"StateChange":           testStateChange,
	"StatesByStatus":        testStatesByStatus,
	"Reminders":             testReminders,
	"CustomerProfile":       testCustomerProfile,
	"LegacyStatusesMapped":  testLegacyStatuses,
	"MissingRequestIsError": testLifecycleMissingRequest,
}

func testChangeStatus(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Card blocked", "ada@example.org", "My card is blocked."))
	if r.Status != knowledge.RequestNew {
		t.Fatalf("a new request's status = %q, want %q", r.Status, knowledge.RequestNew)
	}
	got, ev, err := s.ChangeStatus(ctx(t), r.ID, knowledge.RequestWaitingOnInternal, knowledge.TimelineEvent{Actor: "Robin", Text: "asked Cards"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != knowledge.RequestWaitingOnInternal || got.Version != r.Version+1 {
		t.Errorf("after ChangeStatus: status %q version %d, want waiting-on-internal and %d", got.Status, got.Version, r.Version+1)
	}
	if ev.Seq != 1 || ev.Kind != knowledge.EventStatus || ev.From != "new" || ev.To != "waiting-on-internal" || ev.Actor != "Robin" || ev.At.IsZero() {
		t.Errorf("status event = %+v", ev)
	}
	again, err := s.GetRequest(ctx(t), r.ID)
	if err != nil || again.Status != knowledge.RequestWaitingOnInternal || again.Version != got.Version {
		t.Fatalf("stored request: %+v, %v", again, err)
	}
	// The same status again changes nothing.
	same, ev2, err := s.ChangeStatus(ctx(t), r.ID, knowledge.RequestWaitingOnInternal, knowledge.TimelineEvent{Actor: "Robin"})
	if err != nil || ev2.Seq != 0 || same.Version != got.Version {
		t.Errorf("unchanged status: event %+v version %d err %v", ev2, same.Version, err)
	}
	if _, _, err := s.ChangeStatus(ctx(t), r.ID, "on-hold", knowledge.TimelineEvent{}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("unknown status: %v, want ErrInvalid", err)
	}
	tl, err := s.Timeline(ctx(t), r.ID)
	if err != nil || len(tl) != 1 {
		t.Fatalf("timeline after one change: %+v, %v", tl, err)
	}
}

func testTimelineAppend(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Refund", "ada@example.org", "Refund please."))
	at := base.Add(time.Hour)
	evs, err := s.AppendTimeline(ctx(t), r.ID,
		knowledge.TimelineEvent{Kind: knowledge.EventDepartment, Department: "Billing", Actor: "Robin", At: at},
		knowledge.TimelineEvent{Kind: knowledge.EventArticleCited, ArticleID: "billing-refunds", ArticleVersion: 3, Actor: "Robin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Seq != 1 || evs[1].Seq != 2 || !evs[0].At.Equal(at) || evs[1].At.IsZero() || evs[0].RequestID != r.ID {
		t.Fatalf("appended: %+v", evs)
	}
	more, err := s.AppendTimeline(ctx(t), r.ID, knowledge.TimelineEvent{Kind: knowledge.EventNextStep, Text: "Call back", Due: at.Add(24 * time.Hour)})
	if err != nil || more[0].Seq != 3 {
		t.Fatalf("third event: %+v, %v", more, err)
	}
	got, err := s.Timeline(ctx(t), r.ID)
	if err != nil || len(got) != 3 {
		t.Fatalf("Timeline: %+v, %v", got, err)
	}
	if got[0].Department != "Billing" || got[1].ArticleID != "billing-refunds" || got[1].ArticleVersion != 3 ||
		got[2].Text != "Call back" || !got[2].Due.Equal(at.Add(24*time.Hour)) {
		t.Errorf("read back: %+v", got)
	}
	if _, err := s.AppendTimeline(ctx(t), r.ID, knowledge.TimelineEvent{Kind: "deleted"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("unknown kind: %v, want ErrInvalid", err)
	}
	if got, _ := s.Timeline(ctx(t), r.ID); len(got) != 3 {
		t.Errorf("a refused append wrote something: %d events", len(got))
	}
	if empty, err := s.Timeline(ctx(t), "req-none"); err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("timeline of an unknown request: %v, %v (want empty, not nil)", empty, err)
	}
}

func testStateChange(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Refund", "ada@example.org", "Refund please."))
	st, err := s.RequestState(ctx(t), r.ID)
	if err != nil || st.Version != 0 || st.RequestID != r.ID || st.Departments == nil || st.Citations == nil {
		t.Fatalf("initial state: %+v, %v", st, err)
	}
	due := base.Add(48 * time.Hour)
	got, evs, err := s.ChangeRequestState(ctx(t), r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.Assignee, st.NextStep, st.NextDue = "robin", "Ask Billing", due
		st.Departments = append(st.Departments, "Billing")
		st.Citations = append(st.Citations, knowledge.Citation{ArticleID: "cards-lost", ArticleVersion: 2, Department: "Cards", At: base})
		st.Plan = &knowledge.Plan{ArticleID: "cards-lost", Title: "Lost card", StartedAt: base,
			Steps: []knowledge.PlanStep{{Title: "Verify", Minutes: 15, Due: base.Add(15 * time.Minute)}}}
		return []knowledge.TimelineEvent{{Kind: knowledge.EventAssigned, To: "robin", Actor: "robin"}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || len(evs) != 1 || evs[0].Seq != 1 || got.UpdatedAt.IsZero() {
		t.Fatalf("after change: %+v, events %+v", got, evs)
	}
	read, err := s.RequestState(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.Assignee != "robin" || read.NextStep != "Ask Billing" || !read.NextDue.Equal(due) || read.Version != 1 ||
		read.Plan == nil || len(read.Plan.Steps) != 1 || read.Plan.Steps[0].Minutes != 15 {
		t.Errorf("read back: %+v", read)
	}
	if d := read.DepartmentsConsulted(); len(d) != 2 || d[0] != "Billing" || d[1] != "Cards" {
		t.Errorf("departments consulted = %v, want [Billing Cards]", d)
	}
	// An error from change aborts: nothing is written.
	boom := errors.New("boom")
	if _, _, err := s.ChangeRequestState(ctx(t), r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.Assignee = "sam"
		return nil, boom
	}); !errors.Is(err, boom) {
		t.Errorf("change error: %v, want it returned", err)
	}
	// An invalid event aborts the state change too.
	if _, _, err := s.ChangeRequestState(ctx(t), r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
		st.Assignee = "sam"
		return []knowledge.TimelineEvent{{Kind: "bogus"}}, nil
	}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("invalid event: %v, want ErrInvalid", err)
	}
	if read, _ := s.RequestState(ctx(t), r.ID); read.Assignee != "robin" || read.Version != 1 {
		t.Errorf("an aborted change was written: %+v", read)
	}
	if tl, _ := s.Timeline(ctx(t), r.ID); len(tl) != 1 {
		t.Errorf("an aborted change appended events: %d", len(tl))
	}
}

func testStatesByStatus(t *testing.T, s knowledge.Stores) {
	a := mustCreate(t, s, newRequest("A", "a@example.org", "a"))
	b := mustCreate(t, s, newRequest("B", "b@example.org", "b"))
	mustCreate(t, s, newRequest("C", "c@example.org", "c")) // no state stored
	for _, r := range []knowledge.SupportRequest{a, b} {
		if _, _, err := s.ChangeRequestState(ctx(t), r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
			st.NextStep = "x"
			return nil, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.ChangeStatus(ctx(t), b.ID, knowledge.RequestResolved, knowledge.TimelineEvent{Actor: "robin"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.RequestStates(ctx(t), nil)
	if err != nil || len(all) != 2 {
		t.Fatalf("all states: %+v, %v", all, err)
	}
	open, err := s.RequestStates(ctx(t), []knowledge.RequestStatus{knowledge.RequestNew, knowledge.RequestInProgress})
	if err != nil || len(open) != 1 || open[0].RequestID != a.ID {
		t.Fatalf("active states: %+v, %v", open, err)
	}
}

func testReminders(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Refund", "ada@example.org", "Refund please."))
	const who = "robin"
	if _, err := s.AddReminder(ctx(t), knowledge.Reminder{RequestID: r.ID, Agent: who, Due: base}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("reminder without text: %v, want ErrInvalid", err)
	}
	if _, err := s.AddReminder(ctx(t), knowledge.Reminder{RequestID: "req-none", Agent: who, Text: "x", Due: base}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("reminder on a missing request: %v, want ErrNotFound", err)
	}
	late, err := s.AddReminder(ctx(t), knowledge.Reminder{RequestID: r.ID, Agent: who, Text: "Call on Friday", Due: base.Add(72 * time.Hour), Source: knowledge.ReminderPromise})
	if err != nil {
		t.Fatal(err)
	}
	early, err := s.AddReminder(ctx(t), knowledge.Reminder{RequestID: r.ID, Agent: who, Text: "Check Billing", Due: base.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if early.ID == "" || early.ID == late.ID || early.Version != 1 || early.Source != knowledge.ReminderManual || early.CreatedAt.IsZero() || early.Agent != who {
		t.Fatalf("added: %+v", early)
	}
	due, err := s.Reminders(ctx(t), knowledge.ReminderFilter{Agent: who, DueBy: base.Add(2 * time.Hour)})
	if err != nil || len(due) != 1 || due[0].ID != early.ID {
		t.Fatalf("due by base+2h: %+v, %v", due, err)
	}
	all, err := s.Reminders(ctx(t), knowledge.ReminderFilter{Agent: who})
	if err != nil || len(all) != 2 || all[0].ID != early.ID || all[1].ID != late.ID {
		t.Fatalf("all, earliest first: %+v, %v", all, err)
	}
	// Snooze, then complete.
	early.Due, early.Snoozes = base.Add(5*time.Hour), 1
	snoozed, err := s.UpdateReminder(ctx(t), early)
	if err != nil || snoozed.Version != 2 || !snoozed.Due.Equal(base.Add(5*time.Hour)) || snoozed.Snoozes != 1 {
		t.Fatalf("snoozed: %+v, %v", snoozed, err)
	}
	if _, err := s.UpdateReminder(ctx(t), early); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("stale version: %v, want ErrConflict", err)
	}
	snoozed.DoneAt = base.Add(6 * time.Hour)
	done, err := s.UpdateReminder(ctx(t), snoozed)
	if err != nil || done.DoneAt.IsZero() {
		t.Fatalf("done: %+v, %v", done, err)
	}
	open, _ := s.Reminders(ctx(t), knowledge.ReminderFilter{Agent: who})
	withDone, _ := s.Reminders(ctx(t), knowledge.ReminderFilter{Agent: who, RequestID: r.ID, IncludeDone: true})
	if len(open) != 1 || len(withDone) != 2 {
		t.Errorf("open %d (want 1), with done %d (want 2)", len(open), len(withDone))
	}
	got, err := s.Reminder(ctx(t), done.ID)
	if err != nil || !got.DoneAt.Equal(done.DoneAt) || got.Text != "Check Billing" {
		t.Errorf("Reminder: %+v, %v", got, err)
	}
	if _, err := s.Reminder(ctx(t), "rem-none"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("missing reminder: %v, want ErrNotFound", err)
	}
}

func testCustomerProfile(t *testing.T, s knowledge.Stores) {
	if _, err := s.CustomerProfile(ctx(t), "ada@example.org"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("no profile yet: %v, want ErrNotFound", err)
	}
	p, err := s.PutCustomerProfile(ctx(t), knowledge.CustomerProfile{Contact: " Ada@Example.org ", Name: "Ada Lovelace",
		PreferredName: "Ada", Title: "Ms", Language: "en", Tone: knowledge.ToneFormal, PreferredChannel: knowledge.ChannelEmail,
		Preferences: "prefers e-mail"})
	if err != nil || p.Version != 1 || p.UpdatedAt.IsZero() {
		t.Fatalf("put: %+v, %v", p, err)
	}
	got, err := s.CustomerProfile(ctx(t), "ada@example.org") // the same contact, normalised
	if err != nil || got.PreferredName != "Ada" || got.Tone != knowledge.ToneFormal || got.Preferences != "prefers e-mail" || got.Version != 1 {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if _, err := s.PutCustomerProfile(ctx(t), knowledge.CustomerProfile{Contact: "ada@example.org", PreferredName: "A."}); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("stale (version 0) put over version 1: %v, want ErrConflict", err)
	}
	got.Tone = knowledge.ToneInformal
	if next, err := s.PutCustomerProfile(ctx(t), got); err != nil || next.Version != 2 || next.Tone != knowledge.ToneInformal {
		t.Errorf("update: %+v, %v", next, err)
	}
	if _, err := s.PutCustomerProfile(ctx(t), knowledge.CustomerProfile{Contact: "x@example.org", Tone: "rude"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("bad tone: %v, want ErrInvalid", err)
	}
	if _, err := s.PutCustomerProfile(ctx(t), knowledge.CustomerProfile{Name: "No contact"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("no contact: %v, want ErrInvalid", err)
	}
}

func testLegacyStatuses(t *testing.T, s knowledge.Stores) {
	in := newRequest("Old client", "old@example.org", "hello")
	in.Status = "waiting-on-department"
	r := mustCreate(t, s, in)
	if r.Status != knowledge.RequestWaitingOnInternal {
		t.Errorf("legacy waiting-on-department stored as %q", r.Status)
	}
	in = newRequest("Old client 2", "old@example.org", "hello")
	in.Status = "open"
	in.Messages = append(in.Messages, knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "Robin", Text: "On it"})
	if r := mustCreate(t, s, in); r.Status != knowledge.RequestInProgress {
		t.Errorf("legacy open with an agent reply stored as %q, want in-progress", r.Status)
	}
	got, err := s.ListRequests(ctx(t), knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{"waiting-on-department"}})
	if err != nil || len(got) != 1 {
		t.Errorf("filter by a legacy status: %d, %v", len(got), err)
	}
}

func testLifecycleMissingRequest(t *testing.T, s knowledge.Stores) {
	if _, err := s.RequestState(ctx(t), "req-none"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("RequestState: %v", err)
	}
	if _, err := s.AppendTimeline(ctx(t), "req-none", knowledge.TimelineEvent{Kind: knowledge.EventNextStep}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("AppendTimeline: %v", err)
	}
	if _, _, err := s.ChangeStatus(ctx(t), "req-none", knowledge.RequestResolved, knowledge.TimelineEvent{}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("ChangeStatus: %v", err)
	}
	if _, _, err := s.ChangeRequestState(ctx(t), "req-none", func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error) { return nil, nil }); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("ChangeRequestState: %v", err)
	}
}
