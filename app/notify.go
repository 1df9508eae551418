package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"concierge/knowledge"
)

// Notifier shows a desktop notification (outside the window, so a due
// follow-up is seen while the agent works elsewhere). Wails v2 has no
// notification API; DesktopNotifier uses each system's own tool.
type Notifier interface {
	Notify(ctx context.Context, title, body string) error
}

// SetNotifier makes due reminders raise desktop notifications (nil: none,
// as in the browser harness and tests that do not ask for them).
func (a *App) SetNotifier(n Notifier) {
	a.mu.Lock()
	a.notifier = n
	a.mu.Unlock()
}

// notifyDue raises one notification for the reminders that just fell due
// (ids from the reminders:due change), naming the first and counting the rest.
func (a *App) notifyDue(ids []string) {
	a.mu.RLock()
	n, stopped := a.notifier, a.stopped
	a.mu.RUnlock()
	if n == nil || stopped || len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(a.life, 10*time.Second)
	defer cancel()
	due, err := a.cur().DueReminders(ctx)
	if err != nil {
		return
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var mine []knowledge.Reminder
	for _, r := range due {
		if want[r.ID] {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		return
	}
	title, body := dueNotification(mine)
	_ = n.Notify(ctx, title, body) // best effort: the badge and the in-window notice remain
}

// dueNotification is the title and text of the notification for rs (not empty).
func dueNotification(rs []knowledge.Reminder) (string, string) {
	title := "Follow-up due"
	if len(rs) > 1 {
		title = fmt.Sprintf("%d follow-ups due", len(rs))
	}
	body := oneLine(rs[0].Text, 160)
	if len(rs) > 1 {
		body += fmt.Sprintf(" (and %d more)", len(rs)-1)
	}
	return title, body
}

// oneLine flattens s (customer-provided text may span lines) and bounds it.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// DesktopNotifier returns the system's notifier: notify-send (libnotify) on
// Linux, osascript on macOS, a PowerShell toast on Windows. Title and body
// never pass through a shell: they are arguments (Linux), escaped AppleScript
// strings (macOS) or environment variables XML-escaped by the script
// (Windows). Without the tool, notifications are silently unavailable.
func DesktopNotifier() Notifier { return desktopNotifier{} }

type desktopNotifier struct{}

func (desktopNotifier) Notify(ctx context.Context, title, body string) error {
	cmd, err := notifyCommand(ctx, runtime.GOOS, title, body)
	if err != nil {
		return err
	}
	return cmd.Run()
}

// windowsToast shows a toast with the title and body read from the
// environment (never interpolated into the script).
const windowsToast = `[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null
$t = [Security.SecurityElement]::Escape($env:CONCIERGE_NOTIFY_TITLE)
$b = [Security.SecurityElement]::Escape($env:CONCIERGE_NOTIFY_BODY)
$x = New-Object Windows.Data.Xml.Dom.XmlDocument
$x.LoadXml("<toast><visual><binding template='ToastGeneric'><text>$t</text><text>$b</text></binding></visual></toast>")
[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier('Concierge').Show([Windows.UI.Notifications.ToastNotification]::new($x))`

func notifyCommand(ctx context.Context, goos, title, body string) (*exec.Cmd, error) {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd":
		bin, err := exec.LookPath("notify-send")
		if err != nil {
			return nil, fmt.Errorf("desktop notifications need notify-send (libnotify): %w", err)
		}
		return exec.CommandContext(ctx, bin, "--app-name=Concierge", "--", title, body), nil
	case "darwin":
		script := fmt.Sprintf("display notification %s with title %s", appleString(body), appleString(title))
		return exec.CommandContext(ctx, "osascript", "-e", script), nil
	case "windows":
		cmd := exec.CommandContext(ctx, "powershell", "-NoProfile", "-NonInteractive", "-Command", windowsToast)
		cmd.Env = append(os.Environ(), "CONCIERGE_NOTIFY_TITLE="+title, "CONCIERGE_NOTIFY_BODY="+body)
		return cmd, nil
	}
	return nil, fmt.Errorf("no desktop notifications on %s", goos)
}

// appleString quotes s as an AppleScript string literal.
func appleString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + s + `"`
}
