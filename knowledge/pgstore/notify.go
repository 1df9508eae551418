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
//
// The server holds one lock for all NOTIFYing transactions from their
// commit until their commit is flushed, so with a durable commit every
// desktop's notifications would queue behind each other's disk flushes
// (and hold this store's connection meanwhile). A notification needs no
// durability — the change itself is durable and followers re-read from
// their cursor — so the notifying transaction commits asynchronously
// (synchronous_commit off for that transaction only).
func (s *Store) notifier() {
	defer close(s.notifierDone)
	var retry <-chan time.Time
	link := func(wait bool) {
		if !s.unlinked.Swap(false) {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if linked, err := s.linkChain(ctx, wait); err != nil || !linked {
			s.unlinked.Store(true)
			if retry == nil {
				retry = time.After(linkRetry)
			}
		}
	}
	for {
		select {
		case <-s.stop:
			retry = nil
			link(true) // best effort: otherwise the next writer or verification links them
			return
		case <-retry:
			retry = nil
			link(false)
		case <-s.changed:
			link(false)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.pool.Exec(ctx, `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')`, notifyChannel)
			cancel()
		}
	}
}

// linkRetry is how soon the notifier tries again to link this desktop's
// ledger records after finding another desktop linking.
const linkRetry = 20 * time.Millisecond

// notifyLedger is notifyChange after a ledger write: the record's chain
// link is pending until the notifier links it.
func (s *Store) notifyLedger() {
	s.unlinked.Store(true)
	s.notifyChange()
}
