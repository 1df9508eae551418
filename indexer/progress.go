package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"concierge/knowledge/core"
)

// bar draws a progress bar per phase on a terminal, with the phase's step
// ("reading files", then "indexing") and an estimate of the time left; off a
// terminal (CI, pipes) it stays silent so output remains machine-readable.
// One bar serves a whole command, so phases reported by the import and by
// the service's background work replace each other instead of drawing on
// top of each other.
type bar struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	throttle time.Duration
	now      func() time.Time
	phase    core.Phase
	started  time.Time
	pb       *progressbar.ProgressBar
}

func newBar(w io.Writer) *bar {
	return &bar{w: w, tty: isTerminal(w), throttle: 65 * time.Millisecond, now: time.Now}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// phaseLabel names what a phase does, for people.
func phaseLabel(p core.Phase) string {
	switch p {
	case core.PhaseImport:
		return "reading files"
	case core.PhaseIndex:
		return "indexing"
	case core.PhaseRepair:
		return "repairing the index"
	case core.PhaseReembed:
		return "re-embedding"
	}
	return string(p)
}

// estimate returns the time left at the average rate so far, or false
// while there is too little to go on (under 1 % done or under a second).
func estimate(elapsed time.Duration, done, total int) (time.Duration, bool) {
	if done <= 0 || total <= 0 || done*100 < total || elapsed < time.Second {
		return 0, false
	}
	left := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
	return left.Round(time.Second), true
}

func formatLeft(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	if d < time.Hour {
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

func (b *bar) update(p core.Progress) {
	if !b.tty || p.Total <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pb == nil || b.phase != p.Phase {
		if b.pb != nil {
			b.pb.Finish()
		}
		b.phase, b.started = p.Phase, b.now()
		b.pb = progressbar.NewOptions(p.Total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(phaseLabel(p.Phase)),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(false),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(b.throttle),
			progressbar.OptionClearOnFinish(),
		)
	}
	desc := phaseLabel(p.Phase)
	if left, ok := estimate(b.now().Sub(b.started), p.Done, p.Total); ok {
		desc += " · about " + formatLeft(left) + " left"
	}
	b.pb.ChangeMax(p.Total)
	_ = b.pb.Set(p.Done)
	b.pb.Describe(desc) // last: its redraw shows both

}

func (b *bar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pb != nil {
		b.pb.Finish()
		b.pb = nil
	}
}
