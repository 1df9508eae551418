package app

import (
	"context"
	"sync"
	"time"
)

// drainTimeout bounds how long Shutdown waits for cancelled calls to
// return before closing the store anyway.
const drainTimeout = 10 * time.Second

// Timeouts of bound calls, by kind of work.
const (
	quickCall   = 5 * time.Second  // reads and single writes
	searchCall  = 10 * time.Second // a search
	networkCall = 30 * time.Second // a model or embedding server must answer
	scanCall    = 2 * time.Minute  // gap and duplicate scans over every article
	bulkCall    = 10 * time.Minute // folder import and export
	suggestCall = 5 * time.Minute  // a streamed draft
)

// call derives a bound call's context from the lifecycle context, with a
// timeout: closing the window cancels every call in flight.
// Shutdown waits (briefly) for calls in flight before closing the store.
func (a *App) call(timeout time.Duration) (context.Context, context.CancelFunc) {
	a.enter() // waits while the database is being switched
	ctx, cancel := a.work(timeout)
	var once sync.Once
	return ctx, func() {
		cancel()
		once.Do(a.leave)
	}
}

// work is call without the switch gate, for the app's own work on behalf
// of the core (events it forwards): that must not wait for a switch, which
// waits for the core to stop.
func (a *App) work(timeout time.Duration) (context.Context, context.CancelFunc) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ctx, cancel := context.WithTimeout(a.life, timeout)
	if a.stopped {
		return ctx, cancel // already cancelled: the window is closing
	}
	a.inflight.Add(1)
	var once sync.Once
	return ctx, func() {
		cancel()
		once.Do(a.inflight.Done)
	}
}

// Start makes ctx (Wails' own context) the parent of the lifecycle
// context and starts the core's background bootstrap (first-run import,
// index repair) under it. Startup calls it with Wails' context; the browser
// harness and tests call it directly.
func (a *App) Start(ctx context.Context) {
	a.mu.Lock()
	prev := a.stopLife
	a.parent = ctx
	a.life, a.stopLife = context.WithCancel(ctx)
	life := a.life
	a.started = true
	c := a.core.Load() // nil while OpenInBackground opens it: it starts the core then
	a.mu.Unlock()
	prev() // nothing runs before the window starts; release the first one
	// Shown closes at the first answer, or backgroundDelay from now.
	go func() {
		t := time.NewTimer(backgroundDelay)
		defer t.Stop()
		select {
		case <-a.answered:
		case <-t.C:
		case <-life.Done():
			return
		}
		a.shownOnce.Do(func() { close(a.shown) })
	}()
	switch {
	case c == nil:
		// OpenInBackground opens it, then starts it (startWhenShown).
	case a.opening != nil:
		a.startWhenShown(c, life) // opened in the background before the window started
	default:
		c.Start(life)
		a.startFollowUps(life)
	}
}

// startFollowUps runs the core's follow-up checker (alerts, due reminders)
// under the lifecycle context, ticking every CheckMinutes; the checker
// reports changes, which OnChange forwards as alerts:changed and
// reminders:due.
func (a *App) startFollowUps(ctx context.Context) {
	t := time.NewTicker(a.cur().FollowUpInterval())
	go func() { <-ctx.Done(); t.Stop() }()
	a.cur().StartFollowUps(ctx, t.C)
}

// Shutdown is Wails' OnShutdown hook: it cancels every bound call in
// flight and the background work (import, re-embedding, suggestion
// streams), waits for it to stop and closes the store. Work cut short is
// taken up at the next start.
func (a *App) Shutdown(context.Context) {
	a.mu.Lock()
	a.stopped = true
	stop := a.stopLife
	a.mu.Unlock()
	stop()
	a.Assist.cancelAll()
	waitAtMost(&a.inflight, drainTimeout)
	a.waitOpened()
	c := a.core.Load()
	if c == nil {
		return // the knowledge base never opened
	}
	if err := c.Close(); err != nil {
		a.emit(EventIndexState, map[string]string{"state": "error", "message": err.Error()})
	}
}

// waitAtMost waits for wg, giving up after d.
func waitAtMost(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}
