// Package pgstore is the team store: every store interface of package
// knowledge on one shared PostgreSQL server, through a pgx v5 connection
// pool. Open applies the numbered migrations in migrations/ under an
// advisory lock. The server enforces who may do what (group roles, grants
// and row-level security; see migrations/0002_roles.sql) and records who
// wrote each ledger entry, rating and version. Every committed change is
// also appended to a change feed that desktops follow (Changes, Follow).
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store implements every store interface of package knowledge over
// PostgreSQL. Use Open to create one; it is safe for concurrent use.
type Store struct {
	pool   *pgxpool.Pool
	cfg    *pgxpool.Config
	now    func() time.Time
	closed atomic.Bool
	// changed wakes the notifier after a committed write (capacity 1: a
	// burst of writes sends one notification); stop ends it and
	// notifierDone closes when it has.
	changed chan struct{}
	stop    chan struct{}
	// unlinked says this store recorded ledger records whose chain links
	// may still be pending (see linkChain).
	unlinked     atomic.Bool
	notifierDone chan struct{}
}

// Compile-time checks: the PostgreSQL store satisfies each interface and the
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
type Option func(*options)

type options struct {
	now      func() time.Time
	maxConns int32
	migrate  bool
	password string
}

// WithClock replaces time.Now as the source of the times the store stamps.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithMaxConns caps the pool (default: pgxpool's, max(4, CPUs)).
func WithMaxConns(n int) Option { return func(o *options) { o.maxConns = int32(n) } }

// WithPassword sets the password (kept out of the URL, which may be logged
// or saved; the app reads it from the OS keychain).
func WithPassword(p string) Option { return func(o *options) { o.password = p } }

// WithoutMigrations opens without applying migrations (people who are not
// the schema owner cannot create tables; the owner migrates). Open then
// fails when the schema is older than this Concierge.
func WithoutMigrations() Option { return func(o *options) { o.migrate = false } }

// Open connects to the database at url (postgres://user@host:port/db),
// checks that it is reachable and brings the schema up to date. The caller
// must Close the store. A server that cannot be reached gives an error
// wrapping knowledge.ErrUnavailable.
func Open(ctx context.Context, url string, opts ...Option) (*Store, error) {
	o := options{now: time.Now, migrate: true}
	for _, f := range opts {
		f(&o)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("team database address %q: %w", redact(url), knowledge.ErrInvalid)
	}
	if o.password != "" {
		cfg.ConnConfig.Password = o.password
	}
	if o.maxConns > 0 {
		cfg.MaxConns = o.maxConns
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "concierge"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, dbErr("connect to the team database", err)
	}
	s := &Store{pool: pool, cfg: cfg, now: o.now, changed: make(chan struct{}, 1),
		stop: make(chan struct{}), notifierDone: make(chan struct{})}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, dbErr(fmt.Sprintf("connect to the team database at %s", redact(url)), err)
	}
	if o.migrate {
		err = migrate(ctx, pool, migrations)
	} else {
		err = checkSchema(ctx, pool, len(migrations))
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	go s.notifier()
	return s, nil
}

// Close releases the pool. Further calls fail with knowledge.ErrClosed.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	close(s.stop)
	<-s.notifierDone
	s.pool.Close()
	return nil
}

func (s *Store) check() error {
	if s.closed.Load() {
		return knowledge.ErrClosed
	}
	return nil
}

// clock returns the current time in UTC at the server's precision
// (microseconds), so that what a write returns equals what a read returns.
func (s *Store) clock() time.Time { return ts(s.now()) }

// ts reduces t to what PostgreSQL keeps: UTC, microseconds.
func ts(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// inTx runs fn in one read-committed transaction and commits it, or rolls
// back when fn fails.
func (s *Store) inTx(ctx context.Context, doing string, fn func(pgx.Tx) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return dbErr(doing, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return dbErr(doing, err)
	}
	s.notifyChange()
	return nil
}

// PostgreSQL error codes the store tells apart.
const (
	codeUniqueViolation          = "23505"
	codeInsufficientPrivilege    = "42501"
	codeInvalidParameter         = "22023"
	codeUndefinedObject          = "42704"
	codeDuplicateObject          = "42710"
	codeCharacterNotInRepertoire = "22021"
	codeUntranslatableCharacter  = "22P05"
	codeInvalidPassword          = "28P01"
	codeInvalidAuthorization     = "28000"
)

// dbErr wraps a database error with what was being done and the sentinel
// that says what it means: ErrForbidden for what the role may not do,
// ErrUnavailable when the server cannot be reached, ErrClosed after Close.
func dbErr(doing string, err error) error {
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &pe):
		switch pe.Code {
		case codeInvalidPassword, codeInvalidAuthorization:
			return fmt.Errorf("%s: the team database refused the sign-in (%s); check the user name and the password in Settings: %w", doing, pe.Message, knowledge.ErrForbidden)
		case "57P01", "57P02", "57P03": // admin shutdown, crash shutdown, cannot connect now
			return fmt.Errorf("%s: %w (%s)", doing, knowledge.ErrUnavailable, pe.Message)
		case codeInsufficientPrivilege:
			return fmt.Errorf("%s: %s: %w", doing, pe.Message, knowledge.ErrForbidden)
		case codeInvalidParameter, codeCharacterNotInRepertoire, codeUntranslatableCharacter:
			return fmt.Errorf("%s: %s: %w", doing, pe.Message, knowledge.ErrInvalid)
		case codeUndefinedObject:
			return fmt.Errorf("%s: %s: %w", doing, pe.Message, knowledge.ErrNotFound)
		case codeDuplicateObject:
			return fmt.Errorf("%s: %s: %w", doing, pe.Message, knowledge.ErrConflict)
		}
		return fmt.Errorf("%s in the team database: %w", doing, err)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %w", doing, err)
	case strings.Contains(err.Error(), "closed pool"):
		return fmt.Errorf("%s: %w", doing, knowledge.ErrClosed)
	case unreachable(err):
		return fmt.Errorf("%s: %w (%v)", doing, knowledge.ErrUnavailable, err)
	}
	return fmt.Errorf("%s in the team database: %w", doing, err)
}

// unreachable reports whether err means the server could not be reached or
// the connection was lost.
func unreachable(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}

// isCode reports whether err is a PostgreSQL error with the given code.
func isCode(err error, code string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == code
}

// redact drops the password from a database URL for messages.
func redact(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "(an address that cannot be read)"
	}
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// noNUL rejects text PostgreSQL cannot store (NUL characters), naming what.
func noNUL(what string, vs ...string) error {
	for _, v := range vs {
		if strings.IndexByte(v, 0) >= 0 {
			return knowledge.Errorf(knowledge.ErrInvalid, "%s contains a NUL character, which the team database cannot store; paste it again as plain text", what)
		}
	}
	return nil
}
