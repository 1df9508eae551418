package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/core"
)

// CoreOpener opens the core at start and returns the check of its store
// that can wait until the window is up (wiring.OpenForAppCheckLater's),
// or nil.
type CoreOpener func(ctx context.Context) (*core.Core, func(context.Context) error, error)

// OpenInBackground opens the core with open while the window starts, so a
// large knowledge base (its store and indexes take a second or more to
// open at 100k articles) does not keep the window from appearing. Until
// the core is open, bound calls wait at the gate, as during a database
// switch; the core's background work starts once both it and the window
// (Start) are there, after open's check of the store passed. A check that
// finds the store damaged (knowledge.ErrCorrupt) replaces the core with
// the reopener's (SetReopener: it opens the salvaged copy, read-only), as
// a database switch does. When open, or that replacement, fails, fail is
// given the error and bound calls keep waiting: fail is expected to tell
// the user and end the app (main.go shows it with Fatal). Call it instead
// of passing a core to New.
func (a *App) OpenInBackground(ctx context.Context, open CoreOpener, fail func(error)) {
	a.gate.Lock()
	a.switching = true
	a.gate.Unlock()
	a.opening = make(chan struct{})
	go func() {
		defer close(a.opening)
		c, check, err := open(ctx)
		if err != nil {
			fail(fmt.Errorf("open the knowledge base: %w", err))
			return
		}
		a.mu.Lock()
		a.core.Store(c)
		a.check, a.fail = check, fail
		started, life := a.started, a.life
		a.mu.Unlock()
		if started {
			a.startWhenShown(c, life)
		}
		a.gate.Lock()
		a.switching = false
		a.gateC.Broadcast()
		a.gate.Unlock()
		// A window that was told the knowledge base is opening hears that
		// it is open (a window not up yet asks when it is).
		a.emitState()
	}()
}

// backgroundDelay bounds how long a core opened in the background waits
// for the window's first answer before starting its background work.
const backgroundDelay = 2 * time.Second

// startWhenShown runs the check of c's store and starts c's background
// work (the start-up reconcile, which at 100k articles lists every article
// and compares it with the indexes, and the follow-up checks) once the
// window has had its first answer, or backgroundDelay after it started
// (Shown): started at once, it slowed that first answer from 0.1 to
// 0.5–0.7 s at 100k articles.
func (a *App) startWhenShown(c *core.Core, life context.Context) {
	go func() {
		select {
		case <-a.shown:
		case <-life.Done():
			return // the window closed first: Shutdown closes the core
		}
		a.mu.Lock()
		check, fail, parent := a.check, a.fail, a.parent
		a.check = nil
		a.mu.Unlock()
		if check != nil {
			if err := check(life); errors.Is(err, knowledge.ErrCorrupt) {
				// Replaced before its background work touches the indexes.
				if err := a.switchStore(parent, nil); err != nil && fail != nil {
					fail(fmt.Errorf("open what can be read of the damaged knowledge base: %w", err))
				}
				return
			}
		}
		c.Start(life)
		a.startFollowUps(life)
	}()
}

// waitOpened waits for OpenInBackground's open to end, if one runs.
func (a *App) waitOpened() {
	if a.opening != nil {
		<-a.opening
	}
}

// Shown returns a channel closed once the window has had its first
// answer, or backgroundDelay after it started, whichever comes first. Work
// that would take the CPU the window needs to start waits for it: main.go
// holds back reading the stored vectors until then (core.Options.
// VectorsAfter; at 100k articles the read is seconds of both cores).
func (a *App) Shown() <-chan struct{} { return a.shown }

// stillOpening reports whether the core is still being opened in the
// background (OpenInBackground) and is not there yet.
func (a *App) stillOpening() bool {
	if a.opening == nil || a.core.Load() != nil {
		return false
	}
	select {
	case <-a.opening:
		return false // it failed: callers wait at the gate for the end
	default:
		return true
	}
}
