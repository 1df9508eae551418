package main

import (
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"concierge/knowledge/core"
)

// bar draws a progress bar per phase on a terminal; elsewhere (CI, pipes)
// it stays silent so output remains machine-readable.
type bar struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	phase core.Phase
	pb    *progressbar.ProgressBar
}

func newBar(w io.Writer) *bar {
	return &bar{w: w, tty: isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
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
		b.phase = p.Phase
		b.pb = progressbar.NewOptions(p.Total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(string(p.Phase)),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionThrottle(65_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	b.pb.ChangeMax(p.Total)
	b.pb.Set(p.Done)
}

func (b *bar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.pb != nil {
		b.pb.Finish()
		b.pb = nil
	}
}
