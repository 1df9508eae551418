package pgstore

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"concierge/knowledge/pgstore/pgtest"
)

func TestMigrationsAreNumberedWithoutGaps(t *testing.T) {
	if len(migrations) < 3 || migrations[0].Version != 1 {
		t.Fatalf("embedded migrations: %+v", migrations)
	}
	_, err := loadMigrations(fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("SELECT 1")},
		"migrations/0003_c.sql": {Data: []byte("SELECT 1")},
	})
	if err == nil || !strings.Contains(err.Error(), "0002") {
		t.Errorf("a gap in the numbering: %v", err)
	}
}

func TestReopenAndConcurrentFirstOpen(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	// Desktops starting together on a new database: each step runs once.
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			s, err := Open(ctx, url)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent first Open: %v", err)
		}
	}
	s, err := Open(ctx, url, WithoutMigrations())
	if err != nil {
		t.Fatalf("Open without migrations of an up-to-date database: %v", err)
	}
	defer s.Close()
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, len(migrations))
	}
	if n := rawCount(t, url, `SELECT count(*) FROM schema_migrations`); n != len(migrations) {
		t.Errorf("%d migrations recorded, want %d", n, len(migrations))
	}
}

func TestOpenWithoutMigrationsRefusesAnEmptyDatabase(t *testing.T) {
	url := pgtest.NewDatabase(t)
	if _, err := Open(context.Background(), url, WithoutMigrations()); err == nil || !strings.Contains(err.Error(), "no Concierge schema") {
		t.Errorf("Open without migrations of an empty database: %v", err)
	}
}
