package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

type fakeNotifier struct {
	mu    sync.Mutex
	calls [][2]string
}

func (f *fakeNotifier) Notify(_ context.Context, title, body string) error {
	f.mu.Lock()
	f.calls = append(f.calls, [2]string{title, body})
	f.mu.Unlock()
	return nil
}

func (f *fakeNotifier) got() [][2]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][2]string(nil), f.calls...)
}

// A reminder that fell due while the app was closed raises a desktop
// notification at the next start, with the reminder's text.
func TestDueReminderRaisesADesktopNotification(t *testing.T) {
	clk := &testClock{t: time.Now().UTC()}
	a, _ := openApp(t, t.TempDir(), core.Options{Clock: clk.Now, SkipSample: true})
	n := &fakeNotifier{}
	a.SetNotifier(n)
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Robin", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Call back", Channel: knowledge.ChannelPhone,
		Customer: knowledge.Customer{Name: "Ana", Contact: "ana@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lifecycle.AddReminder(knowledge.Reminder{RequestID: req.ID, Text: "Call Ana\nabout the refund", Due: clk.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	clk.Add(2 * time.Hour)
	a.Start(context.Background())
	deadline := time.After(20 * time.Second)
	for len(n.got()) == 0 {
		select {
		case <-deadline:
			t.Fatal("no desktop notification for the due reminder")
		case <-time.After(10 * time.Millisecond):
		}
	}
	if c := n.got()[0]; c[0] != "Follow-up due" || c[1] != "Call Ana about the refund" {
		t.Fatalf("notification: %q", c)
	}
}

func TestDueNotificationText(t *testing.T) {
	rs := []knowledge.Reminder{{Text: "Call Ana"}, {Text: "Email Bo"}, {Text: "Check lab"}}
	if ti, b := dueNotification(rs); ti != "3 follow-ups due" || b != "Call Ana (and 2 more)" {
		t.Fatalf("%q %q", ti, b)
	}
	long := strings.Repeat("x", 300)
	if _, b := dueNotification([]knowledge.Reminder{{Text: long}}); len([]rune(b)) != 160 || !strings.HasSuffix(b, "…") {
		t.Fatalf("not bounded: %d", len([]rune(b)))
	}
}

// Customer-provided text never becomes code: an argument on Linux, an
// escaped string on macOS, an environment variable on Windows.
func TestNotifyCommandKeepsTextAsData(t *testing.T) {
	title, body := `Follow-up "due"`, `Ana \ "; do shell script "rm -rf ~" --`
	cmd, err := notifyCommand(context.Background(), "darwin", title, body)
	if err != nil {
		t.Fatal(err)
	}
	script := cmd.Args[2]
	if want := `display notification "Ana \\ \"; do shell script \"rm -rf ~\" --" with title "Follow-up \"due\""`; script != want {
		t.Fatalf("script:\n%s\nwant\n%s", script, want)
	}
	cmd, err = notifyCommand(context.Background(), "windows", title, body)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(cmd.Args, " "), "rm -rf") {
		t.Fatal("the body reached the PowerShell command line")
	}
	env := strings.Join(cmd.Env, "\n")
	if !strings.Contains(env, "CONCIERGE_NOTIFY_BODY="+body) || !strings.Contains(env, "CONCIERGE_NOTIFY_TITLE="+title) {
		t.Fatal("title and body not passed in the environment")
	}
	if cmd, err := notifyCommand(context.Background(), "linux", title, body); err == nil {
		if n := len(cmd.Args); cmd.Args[n-3] != "--" || cmd.Args[n-2] != title || cmd.Args[n-1] != body {
			t.Fatalf("linux args: %q", cmd.Args)
		}
	} else if !strings.Contains(err.Error(), "notify-send") {
		t.Fatalf("linux without notify-send: %v", err)
	}
	if _, err := notifyCommand(context.Background(), "plan9", title, body); err == nil {
		t.Fatal("plan9 has no notifier")
	}
}
