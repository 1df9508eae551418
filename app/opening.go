package app

import (
	"context"
	"fmt"
)

// OpenInBackground opens the core with open while the window starts, so a
// large knowledge base (its store and indexes take a second or more to
// open at 100k articles) does not keep the window from appearing. Until
// the core is open, bound calls wait at the gate, as during a database
// switch; the core's background work starts once both it and the window
// (Start) are there. When open fails, fail is given the error and bound
// calls keep waiting: fail is expected to tell the user and end the app
// (main.go shows it with Fatal). Call it instead of passing a core to New.
func (a *App) OpenInBackground(ctx context.Context, open Reopener, fail func(error)) {
	a.gate.Lock()
	a.switching = true
	a.gate.Unlock()
	a.opening = make(chan struct{})
	go func() {
		defer close(a.opening)
		c, err := open(ctx)
		if err != nil {
			fail(fmt.Errorf("open the knowledge base: %w", err))
			return
		}
		a.mu.Lock()
		a.core.Store(c)
		started, life := a.started, a.life
		a.mu.Unlock()
		if started {
			c.Start(life)
			a.startFollowUps(life)
		}
		a.gate.Lock()
		a.switching = false
		a.gateC.Broadcast()
		a.gate.Unlock()
	}()
}

// waitOpened waits for OpenInBackground's open to end, if one runs.
func (a *App) waitOpened() {
	if a.opening != nil {
		<-a.opening
	}
}
