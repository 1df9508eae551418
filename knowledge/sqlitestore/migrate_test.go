package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
)

func migrationRows(t *testing.T, db *sql.DB) map[int]string {
	t.Helper()
	rows, err := db.Query(`SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var v int
		var at string
		if err := rows.Scan(&v, &at); err != nil {
			t.Fatal(err)
		}
		out[v] = at
	}
	return out
}

func TestReopenIsNoOp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openTest(t, path)
	ctx := context.Background()
	if _, err := s.Put(ctx, knowledge.Article{ID: "a", Title: "A"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	before := migrationRows(t, s.db)
	if len(before) != len(migrations) {
		t.Fatalf("applied %d migrations, want %d", len(before), len(migrations))
	}
	s.Close()

	s2 := openTest(t, path)
	after := migrationRows(t, s2.db)
	if len(after) != len(before) {
		t.Fatalf("reopen changed migrations: %v → %v", before, after)
	}
	for v, at := range before {
		if after[v] != at {
			t.Errorf("migration %d re-applied: %q → %q", v, at, after[v])
		}
	}
	if _, err := s2.Get(ctx, "a"); err != nil {
		t.Errorf("article lost after reopen: %v", err)
	}
}

func TestUpgradeFromMigration1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:1]); err != nil {
		t.Fatalf("migration 1: %v", err)
	}
	// An article written by a version-1 binary.
	if _, err := db.Exec(`INSERT INTO articles (id, title, body, language, audience, status, updated_at, version, content_hash)
		VALUES ('old', 'Old', 'body', 'en', 'internal', 'published', '2025-01-01T00:00:00.000000000Z', 3, 'h')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`SELECT 1 FROM query_log`); err == nil {
		t.Fatal("query_log exists after migration 1 only; the test no longer exercises an upgrade")
	}
	db.Close()

	s := openTest(t, path)
	v, err := s.SchemaVersion(ctx)
	if err != nil || v != len(migrations) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(migrations))
	}
	a, err := s.Get(ctx, "old")
	if err != nil || a.Version != 3 || a.Status != knowledge.StatusPublished {
		t.Fatalf("old article after upgrade = %+v, %v", a, err)
	}
	if err := s.LogQuery(ctx, knowledge.QueryLogEntry{Query: "refund"}); err != nil {
		t.Errorf("query log after upgrade: %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	s := openTest(t, path)
	if _, err := s.db.Exec(`INSERT INTO schema_migrations(version) VALUES (?)`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "update Concierge") {
		t.Fatalf("Open of a newer database: %v, want an 'update Concierge' error", err)
	}
}

func TestConcurrentFirstOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := Open(context.Background(), path)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
	s := openTest(t, path)
	if got := migrationRows(t, s.db); len(got) != len(migrations) {
		t.Errorf("migrations = %v, want %d rows", got, len(migrations))
	}
}
