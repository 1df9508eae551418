package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

// EventStoreSwitched tells the window that the knowledge base it shows was
// replaced (another database is in use): every view reloads.
const EventStoreSwitched = "store:switched"

// StoreSwitched is the payload of store:switched.
type StoreSwitched struct {
	Team bool   `json:"team"` // the team database is now in use
	URL  string `json:"url"`  // its address, without a password
}

// Reopener opens a new core over the store config.json selects now, with
// the same options as the one the app started with (main.go supplies it).
type Reopener func(ctx context.Context) (*core.Core, error)

// SetReopener lets "Use this database" and "Use this computer's database"
// take effect at once. Without one they take effect at the next start.
func (a *App) SetReopener(r Reopener) {
	a.gate.Lock()
	a.reopen = r
	a.gate.Unlock()
}

// enter admits a bound call, waiting while the core is being replaced.
func (a *App) enter() {
	a.gate.Lock()
	for a.switching {
		a.gateC.Wait()
	}
	a.active++
	a.gate.Unlock()
}

// leave ends a bound call admitted by enter.
func (a *App) leave() {
	a.gate.Lock()
	a.active--
	a.gateC.Broadcast()
	a.gate.Unlock()
}

// ErrSwitching: a second switch while one runs.
var ErrSwitching = errors.New("the database is already being switched: wait for it to finish")

// switchStore replaces the core with one over the store config.json selects
// now: it stops the calls and background work in flight (new calls wait),
// closes the current core, opens the new one (the local indexes then catch
// up with it in the background, as at a start) and tells the window. When
// the new store cannot be opened, restore puts the previous choice back
// and the previous store is opened again.
func (a *App) switchStore(ctx context.Context, restore func() error) error {
	a.gate.Lock()
	if a.reopen == nil {
		a.gate.Unlock()
		return nil // takes effect at the next start
	}
	if a.switching {
		a.gate.Unlock()
		return ErrSwitching
	}
	a.switching = true
	reopen := a.reopen
	a.gate.Unlock()
	defer func() {
		a.gate.Lock()
		a.switching = false
		a.gateC.Broadcast()
		a.gate.Unlock()
	}()

	// Stop what runs on the current core and wait (briefly) for it.
	a.mu.Lock()
	stop, parent := a.stopLife, a.parent
	a.mu.Unlock()
	stop()
	a.Assist.cancelAll()
	a.drain(drainTimeout)

	old := a.cur()
	if err := old.Close(); err != nil {
		a.emit(EventIndexState, map[string]string{"state": "error", "message": err.Error()})
	}
	next, err := reopen(ctx)
	if err != nil {
		openErr := err
		if restore != nil {
			if rerr := restore(); rerr != nil {
				return fmt.Errorf("%w; putting the previous choice back also failed: %v — restart Concierge", openErr, rerr)
			}
		}
		if next, err = reopen(ctx); err != nil {
			return fmt.Errorf("%w; the previous database could not be opened again either: %v — restart Concierge", openErr, err)
		}
		a.install(parent, next)
		return fmt.Errorf("not switched: %w", openErr)
	}
	a.install(parent, next)
	v := next.TeamDatabase()
	a.emit(EventStoreSwitched, StoreSwitched{Team: v.Active, URL: v.URL})
	return nil
}

// switchAndView switches to the store config.json now selects and returns
// the team database view of the core in use; prev is the store choice to
// put back if the new one cannot be opened.
func (a *App) switchAndView(prev config.Store) (core.TeamDatabaseView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), networkCall)
	defer cancel()
	err := a.switchStore(ctx, func() error {
		_, err := a.cur().UpdateConfig(func(cfg *config.Config) { cfg.Store = prev })
		return err
	})
	return a.cur().TeamDatabase(), err
}

// install makes c the core in use and starts its background work under a
// new lifecycle context.
func (a *App) install(parent context.Context, c *core.Core) {
	a.mu.Lock()
	a.life, a.stopLife = context.WithCancel(parent)
	life := a.life
	a.mu.Unlock()
	a.core.Store(c)
	c.Start(life)
	a.startFollowUps(life)
}

// drain waits until no admitted call is in flight, or d has passed.
func (a *App) drain(d time.Duration) {
	deadline := time.Now().Add(d)
	wake := time.AfterFunc(d, func() {
		a.gate.Lock()
		a.gateC.Broadcast()
		a.gate.Unlock()
	})
	defer wake.Stop()
	a.gate.Lock()
	for a.active > 0 && time.Now().Before(deadline) {
		a.gateC.Wait()
	}
	a.gate.Unlock()
}
