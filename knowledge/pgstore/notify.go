package pgstore

import (
	"context"
	"time"
)

// notifyChange tells followers, soon and without delaying the caller, that
// a write committed.
func (s *Store) notifyChange() {
	select {
	case s.changed <- struct{}{}:
	default: // a notification is pending already
	}
}

// notifier sends NOTIFY concierge_changes, in a transaction of its own,
// once per burst of writes, until Close. Followers also re-read on a
// timer, so a notification lost to a network error only delays them.
func (s *Store) notifier() {
	defer close(s.notifierDone)
	for {
		select {
		case <-s.stop:
			return
		case <-s.changed:
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.pool.Exec(ctx, `SELECT pg_notify($1, '')`, notifyChannel)
			cancel()
		}
	}
}
