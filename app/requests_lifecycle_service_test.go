package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// When the app starts, the follow-up checker reports reminders that fell
// due while it was closed (reminders:due) and the alerts due
// (alerts:changed), so the window can raise a notification and a badge.
func TestStartReportsMissedRemindersAndAlerts(t *testing.T) {
	clk := &testClock{t: time.Now().UTC()}
	a, rec := openApp(t, t.TempDir(), core.Options{Clock: clk.Now, SkipSample: true})
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Robin", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Call back", Channel: knowledge.ChannelPhone,
		Customer: knowledge.Customer{Name: "Ana", Contact: "ana@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	rem, err := a.Lifecycle.AddReminder(knowledge.Reminder{RequestID: req.ID, Text: "Call Ana", Due: clk.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(50 * time.Hour) // the app was closed meanwhile
	n := rec.count()
	a.Start(context.Background())
	deadline := time.After(20 * time.Second)
	var gotDue, gotAlerts bool
	for !gotDue || !gotAlerts {
		names, data := rec.since(n)
		for i, name := range names {
			ev, _ := data[i].(ChangeEvent)
			switch name {
			case EventRemindersDue:
				gotDue = gotDue || (len(ev.IDs) == 1 && ev.IDs[0] == rem.ID)
			case EventAlertsChanged:
				gotAlerts = gotAlerts || (len(ev.IDs) == 1 && ev.IDs[0] == req.ID)
			}
		}
		select {
		case <-deadline:
			t.Fatalf("after start: reminders:due %v, alerts:changed %v; events %v", gotDue, gotAlerts, names)
		case <-time.After(10 * time.Millisecond):
		}
	}
	due, err := a.Lifecycle.DueReminders()
	if err != nil || len(due) != 1 {
		t.Fatalf("due reminders: %+v, %v", due, err)
	}
	alerts, err := a.Lifecycle.Alerts()
	if err != nil || len(alerts) != 1 || alerts[0].Rule != "no-update" {
		t.Fatalf("alerts: %+v, %v", alerts, err)
	}
}
