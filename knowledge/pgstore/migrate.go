package pgstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL file; Version N brings the schema to N.
type migration struct {
	Version int
	Name    string
	SQL     string
}

// migrations are the embedded steps in order. Never edit a released step:
// add a new file with the next number.
var migrations = mustLoadMigrations(migrationFiles)

func mustLoadMigrations(fsys fs.FS) []migration {
	ms, err := loadMigrations(fsys)
	if err != nil {
		panic(err) // the files are compiled in; a bad name is a build mistake caught by the tests
	}
	return ms
}

// loadMigrations reads migrations/NNNN_name.sql, numbered 1, 2, 3… without gaps.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]migration, 0, len(names))
	for i, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, fmt.Errorf("migration file %q: want the number %04d at the start of its name", base, i+1)
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Version: v, Name: base, SQL: string(b)})
	}
	return out, nil
}

// migrationLock is the advisory lock key every Concierge takes while
// migrating, so that desktops starting together apply each step once.
const migrationLock = 2026113000

// migrate applies the steps the database has not seen yet, each in its own
// transaction, while holding the migration advisory lock on one connection.
func migrate(ctx context.Context, pool *pgxpool.Pool, steps []migration) error {
	// Up to date already (the usual case, and the only one a person who is
	// not the owner can open): no lock, no DDL.
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return dbErr("read the schema version", err)
	}
	if exists {
		if v, err := schemaVersion(ctx, pool); err == nil && v == len(steps) {
			return nil
		}
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return dbErr("connect to migrate the team database", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return dbErr("wait for other Concierge desktops migrating the team database", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    integer PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return dbErr("prepare schema migrations (does this person own the database?)", err)
	}
	current, err := schemaVersion(ctx, conn.Conn())
	if err != nil {
		return err
	}
	if current > len(steps) {
		return fmt.Errorf("the team database has schema version %d but this Concierge only knows up to %d; update Concierge", current, len(steps))
	}
	for _, st := range steps[current:] {
		if err := applyStep(ctx, conn.Conn(), st); err != nil {
			return err
		}
	}
	if current < len(steps) && len(steps) == len(migrations) {
		if err := backfillLedgerChain(ctx, conn.Conn()); err != nil { // ledgerchain.go
			return err
		}
		return backfillLedgerReview(ctx, conn.Conn()) // ledgerreview.go
	}
	return nil
}

// applyStep runs one step and records it. Group roles are shared by every
// database of a server, so a step creating them can race another database
// being migrated; such a step is retried.
func applyStep(ctx context.Context, conn *pgx.Conn, st migration) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, st.SQL); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, st.Version, st.Name)
			return err
		})
		if err == nil || !(isCode(err, codeUniqueViolation) || strings.Contains(err.Error(), "tuple concurrently updated")) {
			break
		}
	}
	if err != nil {
		return dbErr(fmt.Sprintf("apply schema migration %s", st.Name), err)
	}
	return nil
}

func schemaVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (int, error) {
	var v int
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, dbErr("read the schema version", err)
	}
	return v, nil
}

// checkSchema fails unless the schema is exactly at want.
func checkSchema(ctx context.Context, pool *pgxpool.Pool, want int) error {
	v, err := schemaVersion(ctx, pool)
	if err != nil {
		return fmt.Errorf("the team database has no Concierge schema yet; ask an admin to run indexer migrate or open it once as the owner: %w", err)
	}
	switch {
	case v < want:
		return fmt.Errorf("the team database has schema version %d but this Concierge needs %d; ask an admin to open it once as the owner to upgrade it", v, want)
	case v > want:
		return fmt.Errorf("the team database has schema version %d but this Concierge only knows up to %d; update Concierge", v, want)
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return schemaVersion(ctx, s.pool)
}
