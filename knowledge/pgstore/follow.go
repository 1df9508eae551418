package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// notifyChannel is the channel writers NOTIFY after a commit.
const notifyChannel = "concierge_changes"

// FollowOptions tunes Follow; see knowledge.FollowOptions.
type FollowOptions = knowledge.FollowOptions

func withDefaults(o FollowOptions) FollowOptions {
	if o.Batch <= 0 {
		o.Batch = DefaultChangeBatch
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 200 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(10*time.Second, o.MinBackoff)
	}
	if o.Poll <= 0 {
		o.Poll = 2 * time.Second
	}
	if o.OnState == nil {
		o.OnState = func(bool, error) {}
	}
	return o
}

// Follow delivers, in order, every change after seq after to handle, then
// waits for more. It listens on its own connection (LISTEN
// concierge_changes) and, whenever notified, after Poll without
// notification, or after reconnecting, reads the feed from its cursor — the
// seq of the last change handle accepted — so nothing is missed across
// disconnects. The caller persists the cursor (the last Seq of a batch
// handle returned nil for) and passes it as after on the next start, so
// nothing is missed while the app was closed either.
//
// Follow returns when ctx ends (ctx.Err()), when the store is closed, or
// when handle fails (its error, wrapped; the batch counts as not applied) —
// unless handle lost the server (ErrUnavailable): that is a disconnect, and
// the batch is handed again after reconnecting.
// Losing the server is not an error: Follow reports it through OnState and
// reconnects with backoff.
func (s *Store) Follow(ctx context.Context, after int64, handle func(ctx context.Context, batch []Change) error, opts FollowOptions) error {
	o := withDefaults(opts)
	backoff := o.MinBackoff
	cursor := after
	for {
		if err := s.check(); err != nil {
			return err
		}
		connected, err := s.followOnce(ctx, &cursor, handle, o)
		var he handlerError
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.As(err, &he) && errors.Is(he.err, knowledge.ErrUnavailable):
			// The handler lost the server while applying a batch (it reads
			// the changed articles back): that is losing the server, not a
			// failure — the batch is not applied, the cursor stays, and the
			// follower reconnects like after any disconnect.
			err = he.err
		case errors.As(err, &he):
			return he.err
		}
		if connected {
			backoff = o.MinBackoff
		}
		o.OnState(false, err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, o.MaxBackoff)
	}
}

// handlerError marks a failure of the caller's handler, which ends Follow.
type handlerError struct{ err error }

func (h handlerError) Error() string { return h.err.Error() }

// followOnce connects, listens and delivers until the connection fails. It
// reports whether it got as far as listening.
func (s *Store) followOnce(ctx context.Context, cursor *int64, handle func(context.Context, []Change) error, o FollowOptions) (bool, error) {
	cfg := s.cfg.ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "concierge-follow"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, dbErr("connect to follow the team database", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	// Listen first, then read: a change committed in between is both read
	// and notified, never neither.
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return false, dbErr("listen for changes", err)
	}
	o.OnState(true, nil)
	gapWait := time.Duration(0)
	for {
		blocked, err := s.drain(ctx, conn, cursor, handle, o.Batch)
		if err != nil {
			return true, err
		}
		// Stopped before a change a running transaction may still commit:
		// look again soon (a rollback notifies nobody), backing off.
		wait := o.Poll
		if blocked {
			gapWait = min(max(2*gapWait, 5*time.Millisecond), time.Second)
			wait = gapWait
		} else {
			gapWait = 0
		}
		wctx, cancel := context.WithTimeout(ctx, wait)
		_, err = conn.WaitForNotification(wctx)
		cancel()
		if err != nil && ctx.Err() != nil {
			return true, ctx.Err()
		}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return true, dbErr("wait for changes", err)
		}
		if conn.IsClosed() {
			return true, dbErr("wait for changes", errors.New("conn closed"))
		}
	}
}

// drain hands every change after *cursor to handle, batch by batch,
// advancing *cursor after each accepted batch. It reports whether it
// stopped before a change that may still be committed.
func (s *Store) drain(ctx context.Context, conn *pgx.Conn, cursor *int64, handle func(context.Context, []Change) error, batch int) (bool, error) {
	for {
		cs, blocked, err := readChanges(ctx, conn, *cursor, batch)
		if err != nil {
			return false, err
		}
		if len(cs) > 0 {
			if err := handle(ctx, cs); err != nil {
				return false, handlerError{fmt.Errorf("apply changes %d–%d: %w", cs[0].Seq, cs[len(cs)-1].Seq, err)}
			}
			*cursor = cs[len(cs)-1].Seq
		}
		if blocked || len(cs) < batch {
			return blocked, nil
		}
	}
}
