package core

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/followup"
	"concierge/knowledge/secrets"
)

// fakeClock is the lifecycle's clock in tests: it moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Now().UTC().Truncate(time.Second)} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

// changeLog records the core's changes.
type changeLog struct {
	mu  sync.Mutex
	all []knowledge.Change
}

func (l *changeLog) add(c knowledge.Change) {
	l.mu.Lock()
	l.all = append(l.all, c)
	l.mu.Unlock()
}

func (l *changeLog) topic(topic string) []knowledge.Change {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []knowledge.Change
	for _, c := range l.all {
		if c.Topic == topic {
			out = append(out, c)
		}
	}
	return out
}

// openLife opens a core without the sample, with a fake clock and the
// profile name Robin.
func openLife(t *testing.T, dir string, clk *fakeClock, log *changeLog) *Core {
	t.Helper()
	opts := Options{DataDir: dir, Clock: clk.Now, SkipSample: true}
	if log != nil {
		opts.OnChange = log.add
	}
	c := openTestWith(t, opts)
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.Profile = config.Profile{Name: "Robin", Role: "editor"} }); err != nil {
		t.Fatal(err)
	}
	return c
}

func newCustomerRequest(t *testing.T, c *Core, subject string) knowledge.SupportRequest {
	t.Helper()
	r, err := c.CreateRequest(context.Background(), knowledge.SupportRequest{Subject: subject, Channel: knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "ana@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "My card was charged twice for one visit."}}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func kinds(tl []knowledge.TimelineEvent) string {
	var k []string
	for _, e := range tl {
		k = append(k, string(e.Kind))
	}
	return strings.Join(k, ",")
}

func TestLifecycleTimeline(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	r := newCustomerRequest(t, c, "Charged twice")
	if r.Status != knowledge.RequestNew {
		t.Fatalf("new request status %q", r.Status)
	}
	clk.Add(time.Minute)
	if _, err := c.SetRequestStatus(ctx, r.ID, knowledge.RequestInProgress, "looking"); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if _, err := c.AddDepartment(ctx, r.ID, "Billing"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddDepartment(ctx, r.ID, "billing"); err != nil { // the same department, once
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	due := clk.Now().Add(24 * time.Hour)
	if _, err := c.SetNextStep(ctx, r.ID, "Billing confirms the double charge", due); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	if _, err := c.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorNote, Text: "Asked Billing on chat"}); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Minute)
	cur, _ := c.GetRequest(ctx, r.ID)
	cur.Status = knowledge.RequestWaitingOnInternal // the request form changes the status too
	if _, err := c.UpdateRequest(ctx, cur); err != nil {
		t.Fatal(err)
	}
	ov, err := c.Overview(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kinds(ov.Timeline), "message,status,department-consulted,next-step,note,status"; got != want {
		t.Fatalf("timeline kinds = %s, want %s", got, want)
	}
	st := ov.Timeline[1]
	if st.From != "new" || st.To != "in-progress" || st.Actor != "Robin" || st.Text != "looking" {
		t.Errorf("status event %+v", st)
	}
	if last := ov.Timeline[5]; last.From != "in-progress" || last.To != "waiting-on-internal" {
		t.Errorf("form status change event %+v", last)
	}
	if ov.State.NextStep != "Billing confirms the double charge" || !ov.State.NextDue.Equal(due) {
		t.Errorf("next step %q due %v", ov.State.NextStep, ov.State.NextDue)
	}
	if len(ov.Departments) != 1 || ov.Departments[0] != "Billing" || ov.Agent != "Robin" {
		t.Errorf("departments %v, agent %q", ov.Departments, ov.Agent)
	}
	if _, err := c.SetNextStep(ctx, r.ID, "", due); err == nil {
		t.Error("a due date without a step was accepted")
	}
	if _, err := c.SetRequestStatus(ctx, r.ID, "on-hold", ""); err == nil {
		t.Error("an unknown status was accepted")
	}
}

func TestRemindersAcrossRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := newFakeClock()
	log := &changeLog{}
	c := openLife(t, dir, clk, log)
	r := newCustomerRequest(t, c, "Call back about the refund")
	rem, err := c.AddReminder(ctx, knowledge.Reminder{RequestID: r.ID, Text: "Call Ana about the refund", Due: clk.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if rem.Agent != "Robin" || rem.Source != knowledge.ReminderManual {
		t.Fatalf("reminder %+v", rem)
	}
	if _, err := c.AddReminder(ctx, knowledge.Reminder{RequestID: r.ID, Text: "Too late", Due: clk.Now().Add(-time.Hour)}); err == nil {
		t.Error("a reminder in the past was accepted")
	}
	chk, err := c.CheckFollowUps(ctx)
	if err != nil || len(chk.NewlyDue) != 0 {
		t.Fatalf("nothing due yet: %+v, %v", chk.NewlyDue, err)
	}
	c.Close()

	// The app stays closed while the reminder falls due.
	clk.Add(3 * time.Hour)
	log2 := &changeLog{}
	c = openLife(t, dir, clk, log2)
	defer c.Close()
	chk, err = c.CheckFollowUps(ctx)
	if err != nil || len(chk.NewlyDue) != 1 || chk.NewlyDue[0].ID != rem.ID {
		t.Fatalf("at the next start the missed reminder is due: %+v, %v", chk.NewlyDue, err)
	}
	if ch := log2.topic(TopicReminders); len(ch) != 1 || ch[0].Kind != KindDue || ch[0].IDs[0] != rem.ID {
		t.Fatalf("reminders change: %+v", ch)
	}
	if chk, _ = c.CheckFollowUps(ctx); len(chk.NewlyDue) != 0 {
		t.Errorf("a reminder is reported due once: %+v", chk.NewlyDue)
	}
	if due, _ := c.DueReminders(ctx); len(due) != 1 {
		t.Errorf("DueReminders still lists it until done: %+v", due)
	}

	snoozed, err := c.SnoozeReminder(ctx, rem.ID, clk.Now().Add(2*time.Hour))
	if err != nil || snoozed.Snoozes != 1 {
		t.Fatalf("snooze: %+v, %v", snoozed, err)
	}
	if due, _ := c.DueReminders(ctx); len(due) != 0 {
		t.Errorf("a snoozed reminder is not due: %+v", due)
	}
	clk.Add(2*time.Hour + time.Minute)
	if chk, _ = c.CheckFollowUps(ctx); len(chk.NewlyDue) != 1 {
		t.Fatalf("the snoozed reminder falls due again: %+v", chk.NewlyDue)
	}
	if _, err := c.CompleteReminder(ctx, rem.ID); err != nil {
		t.Fatal(err)
	}
	if due, _ := c.DueReminders(ctx); len(due) != 0 {
		t.Errorf("a completed reminder is not due: %+v", due)
	}
	tl, _ := c.Timeline(ctx, r.ID)
	if got := kinds(tl); got != "message,reminder-set,reminder-snoozed,reminder-done" {
		t.Errorf("timeline: %s", got)
	}
	if _, err := c.SnoozeReminder(ctx, rem.ID, clk.Now().Add(time.Hour)); err == nil {
		t.Error("a done reminder was snoozed")
	}
}

func TestFollowUpCheckerReportsAlertChanges(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	log := &changeLog{}
	c := openLife(t, t.TempDir(), clk, log)
	defer c.Close()
	r := newCustomerRequest(t, c, "Charged twice")
	chk, err := c.CheckFollowUps(ctx)
	if err != nil || len(chk.Alerts) != 0 || !chk.AlertsChanged {
		t.Fatalf("first check: %+v, %v", chk, err)
	}
	clk.Add(49 * time.Hour)
	chk, _ = c.CheckFollowUps(ctx)
	if !chk.AlertsChanged || len(chk.Alerts) != 1 || chk.Alerts[0].Rule != followup.RuleNoUpdate {
		t.Fatalf("after 49 hours: %+v", chk)
	}
	if ch := log.topic(TopicAlerts); len(ch) != 2 || ch[1].IDs[0] != r.ID {
		t.Fatalf("alerts changes: %+v", ch)
	}
	if chk, _ = c.CheckFollowUps(ctx); chk.AlertsChanged {
		t.Error("the same alerts reported as a change")
	}
	if _, err := c.SetRequestStatus(ctx, r.ID, knowledge.RequestResolved, ""); err != nil {
		t.Fatal(err)
	}
	if chk, _ = c.CheckFollowUps(ctx); !chk.AlertsChanged || len(chk.Alerts) != 0 {
		t.Errorf("resolved: %+v", chk)
	}
	// Thresholds come from the settings.
	if _, err := c.SaveAlertThresholds(followup.Thresholds{NoUpdateHours: 1}); err != nil {
		t.Fatal(err)
	}
	if got := c.AlertThresholds(); got.NoUpdateHours != 1 || got.UnansweredMessages != followup.DefaultUnansweredMessages {
		t.Errorf("thresholds %+v", got)
	}
	if _, err := c.SaveAlertThresholds(followup.Thresholds{NoUpdateHours: -1}); err == nil {
		t.Error("a negative threshold was saved")
	}
}

func TestBackgroundCheckerTicks(t *testing.T) {
	clk := newFakeClock()
	log := &changeLog{}
	c := openLife(t, t.TempDir(), clk, log)
	defer c.Close()
	newCustomerRequest(t, c, "Charged twice")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tick := make(chan time.Time)
	c.StartFollowUps(ctx, tick)
	clk.Add(49 * time.Hour)
	tick <- clk.Now() // the ticker fires: a check runs
	tick <- clk.Now() // the second send waits for the first check to finish
	deadline := time.After(10 * time.Second)
	for {
		if ch := log.topic(TopicAlerts); len(ch) > 0 && len(ch[len(ch)-1].IDs) == 1 {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("no alerts change after a tick: %+v", log.topic(TopicAlerts))
		case tick <- clk.Now():
		}
	}
}

func TestPromiseBecomesReminderAndAlert(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	r := newCustomerRequest(t, c, "Refund")
	props, err := c.ProposeReminders(ctx, r.ID, "Hi Ana,\nI will call you within 2 days with the answer.\nKind regards")
	if err != nil || len(props) != 1 || props[0].Phrase != "within 2 days" || !props[0].Due.Equal(clk.Now().Add(48*time.Hour)) {
		t.Fatalf("proposals: %+v, %v", props, err)
	}
	rem, err := c.AddReminder(ctx, knowledge.Reminder{RequestID: r.ID, Text: props[0].Text, Due: props[0].Due, Source: knowledge.ReminderPromise})
	if err != nil {
		t.Fatal(err)
	}
	ov, _ := c.Overview(ctx, r.ID)
	if !ov.State.PromisedAt.Equal(rem.Due) || len(ov.Reminders) != 1 {
		t.Fatalf("promised date %v, reminders %+v", ov.State.PromisedAt, ov.Reminders)
	}
	clk.Add(49 * time.Hour)
	alerts, err := c.Alerts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range alerts {
		found = found || a.Rule == followup.RulePromisePassed
	}
	if !found {
		t.Errorf("a passed promise raises an alert: %+v", alerts)
	}
	if _, err := c.ProposeReminders(ctx, "req-none", "I will call you tomorrow"); err == nil {
		t.Error("proposals for a missing request")
	}
}

func TestProcedurePlanStepsAndOverrun(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	a, err := c.CreateArticle(ctx, ArticleInput{Title: "Lost card", Department: "Cards",
		Body: "How to replace a card.\n\n## Procedure\n\n- [ ] Verify identity (15m)\n- [ ] Block the card (5m)\n- [ ] Order a new card (1d)\n"})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := c.CreateArticle(ctx, ArticleInput{Title: "Opening hours", Body: "We open at nine."})
	if err != nil {
		t.Fatal(err)
	}
	r := newCustomerRequest(t, c, "Lost my card")
	if _, err := c.AttachProcedure(ctx, r.ID, plain.ID); err == nil || !strings.Contains(err.Error(), "## Procedure") {
		t.Errorf("an article without a procedure: %v", err)
	}
	ov, err := c.AttachProcedure(ctx, r.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := ov.State.Plan
	if p == nil || len(p.Steps) != 3 || !p.Steps[1].Due.Equal(clk.Now().Add(20*time.Minute)) {
		t.Fatalf("plan %+v", p)
	}
	clk.Add(10 * time.Minute)
	if _, err := c.CompleteStep(ctx, r.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompleteStep(ctx, r.ID, 9); err == nil {
		t.Error("step 9 of 3 was completed")
	}
	clk.Add(30 * time.Minute) // step 2 was due 10 minutes ago
	ov, _ = c.Overview(ctx, r.ID)
	if len(ov.Alerts) != 1 || ov.Alerts[0].Rule != followup.RuleStepOverrun || ov.Alerts[0].Ref != "2" {
		t.Fatalf("overrun alert: %+v", ov.Alerts)
	}
	if got := kinds(ov.Timeline); got != "message,procedure-attached,step-done" {
		t.Errorf("timeline %s", got)
	}
	if !ov.State.Plan.Steps[0].Done() || ov.State.Plan.Steps[0].DoneBy != "Robin" {
		t.Errorf("step 1 checked off: %+v", ov.State.Plan.Steps[0])
	}
	q, err := c.TeamQueue(ctx)
	if err != nil || len(q) != 1 || q[0].Reason != "overdue" || !q[0].Due.Equal(ov.State.Plan.Steps[1].Due) {
		t.Errorf("team queue: %+v, %v", q, err)
	}
}

func TestAssignHandOverQueueAndStats(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	a := newCustomerRequest(t, c, "First")
	b := newCustomerRequest(t, c, "Second")
	q, _ := c.TeamQueue(ctx)
	if len(q) != 2 || q[0].Reason != "unassigned" || q[0].Request.ID != a.ID {
		t.Fatalf("queue of two unassigned, oldest first: %+v", q)
	}
	if ov, err := c.Assign(ctx, a.ID, ""); err != nil || ov.State.Assignee != "Robin" {
		t.Fatalf("assign to me: %+v, %v", ov.State, err)
	}
	if _, err := c.HandOver(ctx, b.ID, "Sam", " "); err == nil {
		t.Error("a hand-over without a note")
	}
	ov, err := c.HandOver(ctx, b.ID, "Sam", "Billing confirmed; call Ana back")
	if err != nil || ov.State.Assignee != "Sam" {
		t.Fatalf("hand over: %+v, %v", ov.State, err)
	}
	last := ov.Timeline[len(ov.Timeline)-1]
	if last.Kind != knowledge.EventHandedOver || last.To != "Sam" || last.Text != "Billing confirmed; call Ana back" {
		t.Errorf("hand-over event %+v", last)
	}
	if q, _ = c.TeamQueue(ctx); len(q) != 0 {
		t.Errorf("assigned requests leave the queue: %+v", q)
	}
	// a: resolved by Robin across Billing and Cards; b: handed over.
	c.AddDepartment(ctx, a.ID, "Billing")
	c.AddDepartment(ctx, a.ID, "Cards")
	c.SetRequestStatus(ctx, a.ID, knowledge.RequestResolved, "")
	c.SetRequestStatus(ctx, b.ID, knowledge.RequestResolved, "")
	st, err := c.LifecycleStats(ctx)
	if err != nil || st.Resolved != 1 || st.ResolvedMultiDept != 1 || len(st.ByDepartments) != 1 || st.ByDepartments[0].Departments != 2 {
		t.Errorf("stats %+v, %v", st, err)
	}
}

func TestCustomerRemembered(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	first, err := c.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Invoice", Channel: knowledge.ChannelPhone,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "Ana@Example.org", Preferences: "prefers e-mail",
			PreferredName: "Annie", Tone: knowledge.ToneInformal, PreferredChannel: knowledge.ChannelEmail}})
	if err != nil {
		t.Fatal(err)
	}
	if first.Customer.PreferredName != "Annie" {
		t.Errorf("created request: %+v", first.Customer)
	}
	second, err := c.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Another question", Channel: knowledge.ChannelChat,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "ana@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := c.GetRequest(ctx, second.ID)
	if got.Customer.Preferences != "prefers e-mail" || got.Customer.PreferredName != "Annie" ||
		got.Customer.Tone != knowledge.ToneInformal || got.Customer.PreferredChannel != knowledge.ChannelEmail {
		t.Errorf("the next request remembers the customer: %+v", got.Customer)
	}
	p, err := c.CustomerProfile(ctx, "ANA@example.org")
	if err != nil || p.Version != 1 || p.Preferences != "prefers e-mail" {
		t.Fatalf("profile %+v, %v", p, err)
	}
	if _, err := c.CreateRequest(ctx, knowledge.SupportRequest{Subject: "x", Channel: knowledge.ChannelChat,
		Customer: knowledge.Customer{Contact: "b@example.org", Tone: "rude"}}); err == nil {
		t.Error("an unknown tone was accepted")
	}
	if empty, err := c.CustomerProfile(ctx, "new@example.org"); err != nil || empty.Contact != "new@example.org" || empty.Version != 0 {
		t.Errorf("unknown customer: %+v, %v", empty, err)
	}
}

// greetingOf returns the first line of the first option of a suggestion.
func greetingOf(t *testing.T, c *Core, r knowledge.SupportRequest) string {
	t.Helper()
	res, err := c.Suggest(context.Background(), SuggestInput{Request: r, Agent: "Robin"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestion.Options) == 0 {
		t.Fatalf("no options: %+v", res.Suggestion)
	}
	line, _, _ := strings.Cut(res.Suggestion.Options[0].Reply, "\n")
	return line
}

func TestPreferencesChangeTheDraft(t *testing.T) {
	ctx := context.Background()
	c := openTestWith(t, Options{DataDir: t.TempDir(), Clock: newFakeClock().Now})
	defer c.Close()
	r, err := c.CreateRequest(ctx, refundRequest())
	if err != nil {
		t.Fatal(err)
	}
	if g := greetingOf(t, c, r); g != "Hi Ana," {
		t.Fatalf("default greeting %q", g)
	}
	p, _ := c.CustomerProfile(ctx, r.Customer.Contact)
	p.Tone, p.Title = knowledge.ToneFormal, "Ms"
	if p, err = c.SaveCustomerProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if g := greetingOf(t, c, r); g != "Dear Ms Lima," {
		t.Errorf("formal greeting %q, want \"Dear Ms Lima,\"", g)
	}
	p.Tone, p.PreferredName = knowledge.ToneInformal, "<b>Annie</b> [x](javascript:alert(1))"
	if p, err = c.SaveCustomerProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if g := greetingOf(t, c, r); g != "Hi Annie," {
		t.Errorf("informal greeting by the preferred name %q, want \"Hi Annie,\" (markup never echoed)", g)
	}
	p.PreferredName, p.Language, p.Tone = "Анна", "ru", ""
	if _, err = c.SaveCustomerProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	if g := greetingOf(t, c, r); g != "Здравствуйте, Анна!" {
		t.Errorf("greeting in the customer's language %q", g)
	}
}

func TestProgressUpdateContent(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	r, err := c.CreateRequest(ctx, knowledge.SupportRequest{Subject: "<script>alert(1)</script> *Refund*", Channel: knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "ana@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "Refund please"}}})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)
	c.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, Text: "We are on it."})
	c.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorNote, Text: "INTERNAL: customer was rude"})
	c.AddDepartment(ctx, r.ID, "Billing")
	c.SetRequestStatus(ctx, r.ID, knowledge.RequestWaitingOnInternal, "secret status note")
	c.HandOver(ctx, r.ID, "Sam", "private hand-over note")
	due := time.Date(2030, 3, 8, 15, 0, 0, 0, time.Local)
	c.SetNextStep(ctx, r.ID, "Billing confirms the refund", due)
	up, err := c.ProgressUpdate(ctx, r.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hi Ana,", "What has happened so far", "We received your request.", "We replied to you.",
		"We consulted our Billing team.", "We passed your request to the team concerned.", "What happens next",
		"Billing confirms the refund", "By when:** Friday 8 March at 15:00", "Kind regards,", "Robin"} {
		if !strings.Contains(up.Markdown, want) {
			t.Errorf("the update lacks %q:\n%s", want, up.Markdown)
		}
	}
	for _, secret := range []string{"INTERNAL", "rude", "secret status note", "private hand-over note", "Sam"} {
		if strings.Contains(up.Markdown, secret) || strings.Contains(up.HTML, secret) {
			t.Errorf("internal text %q reached the customer's update", secret)
		}
	}
	if strings.Contains(up.HTML, "<script") || strings.Contains(up.HTML, "<em>Refund") || !strings.Contains(up.HTML, "&lt;script&gt;") {
		t.Errorf("the subject's markup must be shown as text, never rendered:\n%s", up.HTML)
	}
	if !strings.Contains(up.HTML, "<strong>What has happened so far</strong>") || !strings.Contains(up.HTML, "<li>") {
		t.Errorf("HTML rendering:\n%s", up.HTML)
	}
	if up.FromLLM || up.LLMError != "" || len(up.Happened) != 4 || up.Next != "Billing confirms the refund" {
		t.Errorf("update fields %+v", up)
	}
	tl, _ := c.Timeline(ctx, r.ID)
	if tl[len(tl)-1].Kind == knowledge.EventProgressUpdate {
		t.Errorf("producing an update (a suggestion) is not sending it: %s", kinds(tl))
	}
	clk.Add(time.Minute)
	ov, err := c.SendProgressUpdate(ctx, r.ID, up.Markdown)
	if err != nil {
		t.Fatal(err)
	}
	if k := kinds(ov.Timeline); !strings.HasSuffix(k, "message,progress-update") || ov.Request.Messages[len(ov.Request.Messages)-1].Text != up.Markdown {
		t.Errorf("a sent update joins the conversation and the timeline: %s", k)
	}
	if _, err := c.SendProgressUpdate(ctx, r.ID, "  "); err == nil {
		t.Error("an empty update was sent")
	}
	// Resolved: nothing more is needed, no due date.
	c.SetRequestStatus(ctx, r.ID, knowledge.RequestResolved, "")
	up, _ = c.ProgressUpdate(ctx, r.ID, nil)
	if !strings.Contains(up.Markdown, "We resolved your request.") || !strings.Contains(up.Markdown, "Nothing more is needed from you") || up.By != "" {
		t.Errorf("resolved update:\n%s", up.Markdown)
	}
}

func TestProgressUpdateWithLLM(t *testing.T) {
	ctx := context.Background()
	var (
		mu     sync.Mutex // the handler runs on the server's goroutines
		prompt string
	)
	answer := `{"update":"Hi Ana,\n\nGood news: Billing is checking your refund and we will confirm it by Friday.\n\nKind regards,\nRobin"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		mu.Lock()
		prompt = string(raw)
		content, _ := json.Marshal(answer)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"fake","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`, content)
	}))
	defer srv.Close()
	clk := newFakeClock()
	c := openTestWith(t, Options{DataDir: t.TempDir(), Clock: clk.Now, SkipSample: true, Keychain: secrets.Memory{LLMKeychainAccount: "sk-test"}})
	defer c.Close()
	r := newCustomerRequest(t, c, "Refund")
	c.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorNote, AgentName: "Robin", Text: "INTERNAL: VIP"})
	c.AddDepartment(ctx, r.ID, "Billing")
	llm := config.LLM{Provider: "openai", BaseURL: srv.URL + "/v1", Model: "fake", PIIMode: "never"}
	up, err := c.ProgressUpdate(ctx, r.ID, &llm)
	if err != nil {
		t.Fatal(err)
	}
	if !up.FromLLM || !strings.Contains(up.Markdown, "Good news") || !strings.Contains(up.HTML, "Good news") {
		t.Fatalf("the model's version is the suggestion: %+v", up)
	}
	mu.Lock()
	sent := prompt
	mu.Unlock()
	if !strings.Contains(sent, "We consulted our Billing team") || strings.Contains(sent, "INTERNAL") {
		t.Errorf("the prompt holds the facts and no internal note: %s", sent)
	}
	// A model inventing details (a link, a date) is not used.
	mu.Lock()
	answer = `{"update":"Hi Ana,\n\nYour refund arrives on 12 May, see https://evil.example/refund.\n\nKind regards,\nRobin"}`
	mu.Unlock()
	up, err = c.ProgressUpdate(ctx, r.ID, &llm)
	if err != nil || up.FromLLM || !strings.Contains(up.LLMError, "https://evil.example/refund") || strings.Contains(up.Markdown, "evil") {
		t.Errorf("invented details: %+v, %v", up, err)
	}
	// A broken model falls back to the template and says why.
	srv.Close()
	up, err = c.ProgressUpdate(ctx, r.ID, &llm)
	if err != nil || up.FromLLM || up.LLMError == "" || !strings.Contains(up.Markdown, "What has happened so far") {
		t.Errorf("fallback: %+v, %v", up, err)
	}
}

func TestSentSuggestionRecordsCitationsAndFlaggedArticleAlerts(t *testing.T) {
	ctx := context.Background()
	c := openTestWith(t, Options{DataDir: t.TempDir(), Clock: newFakeClock().Now})
	defer c.Close()
	c.UpdateConfig(func(cfg *config.Config) { cfg.Profile = config.Profile{Name: "Robin", Role: "agent"} })
	r, err := c.CreateRequest(ctx, refundRequest())
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Suggest(ctx, SuggestInput{Request: r, Agent: "Robin"}, nil)
	if err != nil || len(res.Suggestion.Options) == 0 {
		t.Fatalf("suggest: %v", err)
	}
	opt := res.Suggestion.Options[0]
	if _, err := c.MarkSent(ctx, SentInput{RequestID: r.ID, SetID: res.SetID, OptionIndex: 0, FinalText: opt.Reply, Via: "clipboard"}); err != nil {
		t.Fatal(err)
	}
	ov, err := c.Overview(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ov.State.Citations) == 0 || len(ov.Departments) == 0 {
		t.Fatalf("citations %+v, departments %v", ov.State.Citations, ov.Departments)
	}
	k := kinds(ov.Timeline)
	if !strings.Contains(k, "message,suggestion-used,article-cited") {
		t.Errorf("timeline after sending: %s", k)
	}
	if len(ov.Alerts) != 0 {
		t.Fatalf("no alerts yet: %+v", ov.Alerts)
	}
	cited := ov.State.Citations[0].ArticleID
	if _, err := c.Rate(ctx, knowledge.ArticleRating{ArticleID: cited, Verdict: knowledge.VerdictWrong, Comment: "fee changed"}); err != nil {
		t.Fatal(err)
	}
	ov, _ = c.Overview(ctx, r.ID)
	if len(ov.Alerts) != 1 || ov.Alerts[0].Rule != followup.RuleArticleChanged || ov.Alerts[0].Ref != cited {
		t.Errorf("a cited article flagged after citing raises an alert: %+v", ov.Alerts)
	}
}

func TestAlertsReachTheOwnerOrTheTeam(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	mine := newCustomerRequest(t, c, "Mine")
	sams := newCustomerRequest(t, c, "Sam's")
	team := newCustomerRequest(t, c, "Nobody's")
	c.Assign(ctx, mine.ID, "")
	c.HandOver(ctx, sams.ID, "Sam", "Sam knows the customer")
	clk.Add(49 * time.Hour)
	all, _ := c.Alerts(ctx, time.Time{})
	my, err := c.MyAlerts(ctx)
	if err != nil || len(all) != 3 || len(my) != 2 {
		t.Fatalf("all %d, mine %d (%v); want 3 and 2", len(all), len(my), err)
	}
	for _, a := range my {
		if a.RequestID == sams.ID {
			t.Errorf("an alert of Sam's request reached me: %+v", a)
		}
		if a.RequestID == team.ID && a.Owner != "" {
			t.Errorf("the team's alert has an owner: %+v", a)
		}
	}
}

func TestExportProgressUpdate(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	c := openLife(t, t.TempDir(), clk, nil)
	defer c.Close()
	r := newCustomerRequest(t, c, "Refund")
	dir := t.TempDir()
	md := "Hi Ana,\n\n**What happens next**\n\n<script>alert(1)</script> Billing confirms."
	f, err := c.ExportProgressUpdate(ctx, r.ID, md, "html", dir)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(f.Path)
	if !strings.Contains(string(page), "<strong>What happens next</strong>") || strings.Contains(string(page), "<script>") ||
		!strings.Contains(string(page), "default-src 'none'") {
		t.Errorf("exported page:\n%s", page)
	}
	g, err := c.ExportProgressUpdate(ctx, r.ID, md, "md", dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.ExportProgressUpdate(ctx, r.ID, "changed", "md", dir)
	if err != nil || h.Path == g.Path {
		t.Fatalf("a second export of the day gets its own name: %v, %v", h, err)
	}
	if got, _ := os.ReadFile(g.Path); string(got) != md {
		t.Errorf("the first export was replaced: %q", got)
	}
	if _, err := c.ExportProgressUpdate(ctx, r.ID, md, "pdf", dir); err == nil {
		t.Error("an unknown format was accepted")
	}
	if _, err := c.ExportProgressUpdate(ctx, r.ID, " ", "md", dir); err == nil {
		t.Error("an empty update was exported")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("%d files in the folder, want 3 (no temporary files left)", len(entries))
	}
}
