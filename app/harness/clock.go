//go:build harness

package main

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"concierge/knowledge/core"
)

// shiftedClock is the lifecycle's clock in the harness: the real time plus
// an offset browser tests move forward (POST /__harness/advance), so that
// reminders fall due and alerts fire without waiting.
type shiftedClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *shiftedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// serveAdvance moves the clock forward by ?minutes=N (1 to 525600) and runs
// the follow-up check at once, so the window gets reminders:due and
// alerts:changed as it would after that time.
func (c *shiftedClock) serveAdvance(kc *core.Core) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("minutes"))
		if err != nil || n < 1 || n > 525600 {
			http.Error(w, "give ?minutes=N, 1 to 525600", http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.offset += time.Duration(n) * time.Minute
		c.mu.Unlock()
		ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
		defer cancel()
		chk, err := kc.CheckFollowUps(ctx)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, chk)
	}
}
