// Package sqlitestore is the embedded knowledge.Stores: one SQLite file in WAL
// mode, opened through the pure-Go modernc.org/sqlite driver. Several Store
// values (or processes) may open the same file; every write runs in an
// IMMEDIATE transaction so concurrent writers serialise instead of losing
// updates.
package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"concierge/knowledge"

	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeout is how long a connection waits for another writer's lock
// before giving up with "database is locked".
const busyTimeout = 10 * time.Second

// Store implements every store interface of package knowledge over SQLite.
// Use Open to create one.
type Store struct {
	db     *sql.DB
	path   string
	now    func() time.Time
	closed atomic.Bool

	snaps snapshotCodec
}

// Compile-time checks: the SQLite store satisfies each interface and the
// aggregate the wiring hands out.
var (
	_ knowledge.ArticleStore  = (*Store)(nil)
	_ knowledge.AutosaveStore = (*Store)(nil)
	_ knowledge.QueryLogStore = (*Store)(nil)
	_ knowledge.MetaStore     = (*Store)(nil)
	_ knowledge.RequestStore  = (*Store)(nil)
	_ knowledge.Ledger        = (*Store)(nil)
	_ knowledge.RatingStore   = (*Store)(nil)
	_ knowledge.Stores        = (*Store)(nil)
)

// Option configures Open.
type Option func(*Store)

// WithClock replaces time.Now as the source of UpdatedAt and history
// timestamps (tests use a fixed clock).
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. The caller must Close the store.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" {
		return nil, errors.New("open knowledge database: no file path given")
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("open knowledge database %q: the path must not contain '?'; choose another folder", path)
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open knowledge database %q: %w", path, err)
	}
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := setup(ctx, db); err != nil {
		db.Close()
		if f := faultErr(fmt.Sprintf("open knowledge database %q", path), err); f != nil {
			return nil, f
		}
		if cannotWrite(path) { // readonly.go
			return nil, fmt.Errorf("open knowledge database %q: %w: the file or its folder cannot be written (%v)", path, ErrReadOnly, err)
		}
		return nil, fmt.Errorf("open knowledge database %q (is the folder writable and the file a Concierge database?): %w", path, err)
	}
	return s, nil
}

// setup switches the file to WAL (a persistent setting) and migrates it.
// Switching the journal mode needs an exclusive lock and SQLite does not
// wait for it with busy_timeout, so when several processes open a new file
// at once the losers retry until busyTimeout has passed.
func setup(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(busyTimeout)
	for {
		err := func() error {
			var mode string
			if err := db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
				return err
			}
			if !strings.EqualFold(mode, "wal") {
				return fmt.Errorf("the file system does not support SQLite's WAL mode (journal mode is %q); keep the data folder on a local disk", mode)
			}
			if err := migrate(ctx, db, migrations); err != nil {
				return err
			}
			if err := backfillLedgerChain(ctx, db); err != nil {
				return err
			}
			return backfillLedgerReview(ctx, db)
		}()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// isBusy reports whether err is SQLITE_BUSY or SQLITE_LOCKED.
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// dsn builds the driver connection string. The pragmas are applied to every
// pooled connection (WAL, set once by setup, lets readers proceed during
// writes): busy_timeout
// makes a second writer wait instead of failing, synchronous=NORMAL is
// durable across application crashes in WAL mode (a power cut may lose the
// last commits but never corrupts the file), and _txlock=immediate takes the
// write lock at BEGIN so a read-then-write transaction can never deadlock or
// act on stale reads.
func dsn(path string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return path + "?" + q.Encode()
}

// Path returns the database file path.
func (s *Store) Path() string { return s.path }

// Close releases the database. Further calls fail with knowledge.ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.db.Close()
}

func (s *Store) check() error {
	if s.closed.Load() {
		return knowledge.ErrClosed
	}
	return nil
}

// clock returns the current time in UTC without a monotonic reading, so that
// what is returned equals what a later read returns.
func (s *Store) clock() time.Time { return s.now().UTC().Round(0) }

// inTx runs fn in one write transaction and commits it, or rolls back when fn
// fails. A crash before COMMIT leaves the database as it was.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return dbErr("start a write", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return dbErr("commit", err)
	}
	return nil
}

// dbErr wraps a database error with what was being done; a closed database
// becomes knowledge.ErrClosed.
func dbErr(doing string, err error) error {
	if errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "sql: database is closed") {
		return fmt.Errorf("%s: %w", doing, knowledge.ErrClosed)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w", doing, err)
	}
	if f := faultErr(doing, err); f != nil {
		return f // ErrCorrupt, ErrDiskFull or ErrReadOnly (faults.go)
	}
	return fmt.Errorf("%s in the knowledge database: %w", doing, err)
}

// Timestamps are stored as fixed-width UTC text so they sort correctly.
const tsLayout = "2006-01-02T15:04:05.000000000Z"

func formatTS(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(tsLayout)
}

func parseTS(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(tsLayout, s)
}
