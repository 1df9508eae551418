package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
)

// TestArticleBodyIsStoredOnceInItsVersion: a put stores the body in the
// version snapshot only (the articles row holds bodyRef), and Get, List,
// an update and Salvage all read the body back from that snapshot.
func TestArticleBodyIsStoredOnceInItsVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "k.db")
	s := openTest(t, path)
	body := strings.Repeat("Refunds for a cancelled appointment go to the card that paid. ", 30)
	if _, err := s.Put(ctx, knowledge.Article{ID: "refunds", Title: "Refunds", Body: body}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	var typ string
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT typeof(body), length(body) FROM articles WHERE id = 'refunds'`).Scan(&typ, &n); err != nil {
		t.Fatal(err)
	}
	if typ != "blob" || n != len(bodyRef) {
		t.Fatalf("articles row holds a %s of %d bytes, want the %d-byte reference", typ, n, len(bodyRef))
	}
	if a, err := s.Get(ctx, "refunds"); err != nil || a.Body != body {
		t.Fatalf("get: %q %v", a.Body, err)
	}
	edited := body + "\n\nCash refunds are made at the desk."
	if _, err := s.Put(ctx, knowledge.Article{ID: "refunds", Title: "Refunds", Body: edited}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx, knowledge.ListFilter{})
	if err != nil || len(list) != 1 || list[0].Body != edited || list[0].Version != 2 {
		t.Fatalf("list after an edit: %+v %v", list, err)
	}
	if v, err := s.GetVersion(ctx, "refunds", 1); err != nil || v.Article.Body != body {
		t.Fatalf("version 1 after an edit: %q %v", v.Article.Body, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := Salvage(ctx, path)
	if err != nil || len(rep.Articles) != 1 || rep.Articles[0].Body != edited || len(rep.FromHistory) != 0 {
		t.Fatalf("salvage: %+v %v", rep, err)
	}
}

// TestTextBodiesStillRead: rows written before bodies were stored by
// reference hold the body as TEXT; they read as they are, even when the
// history disagrees with them, and are replaced by a reference when the
// article is next saved.
func TestTextBodiesStillRead(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "k.db"))
	if _, err := s.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "From the history."}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE articles SET body = 'From the row.' WHERE id = 'fees'`); err != nil {
		t.Fatal(err)
	}
	if a, err := s.Get(ctx, "fees"); err != nil || a.Body != "From the row." {
		t.Fatalf("get of a TEXT body: %q %v", a.Body, err)
	}
	if list, err := s.List(ctx, knowledge.ListFilter{}); err != nil || len(list) != 1 || list[0].Body != "From the row." {
		t.Fatalf("list of a TEXT body: %+v %v", list, err)
	}
	if _, err := s.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "Edited."}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	var typ string
	if err := s.db.QueryRowContext(ctx, `SELECT typeof(body) FROM articles WHERE id = 'fees'`).Scan(&typ); err != nil || typ != "blob" {
		t.Fatalf("after an edit the row holds a %s (%v), want the reference", typ, err)
	}
	if a, err := s.Get(ctx, "fees"); err != nil || a.Body != "Edited." || a.Version != 2 {
		t.Fatalf("get after an edit: %+v %v", a, err)
	}
}

// TestBodyReferenceThatDoesNotResolveIsAnError: a reference whose
// snapshot is missing, of other content or in an unknown format is
// reported, never read as an empty or wrong body.
func TestBodyReferenceThatDoesNotResolveIsAnError(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "k.db"))
	for _, id := range []string{"missing", "other", "unknown"} {
		if _, err := s.Put(ctx, knowledge.Article{ID: id, Title: id, Body: "Body of " + id}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`DELETE FROM article_versions WHERE article_id = 'missing'`,
		`UPDATE articles SET content_hash = 'x' WHERE id = 'other'`,
		`UPDATE articles SET body = X'00563939' WHERE id = 'unknown'`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for id, want := range map[string]string{"missing": "missing", "other": "not its current content", "unknown": "unknown format"} {
		if a, err := s.Get(ctx, id); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("get %s: body %q, error %v; want an error saying %q", id, a.Body, err, want)
		}
	}
	if _, err := s.List(ctx, knowledge.ListFilter{}); err == nil {
		t.Error("list with unresolvable bodies: no error")
	}
}

// TestReadOnlyOpensDatabasesFromBeforeBodyReferences: migration 9 only
// marks that bodies may be stored by reference, so a database written
// before it (TEXT bodies) still opens read-only, as it is; one from before
// migration 8 still cannot.
func TestReadOnlyOpensDatabasesFromBeforeBodyReferences(t *testing.T) {
	ctx := context.Background()
	for _, schema := range []int{readableSchema, readableSchema - 1} {
		path := filepath.Join(t.TempDir(), "kb.db")
		db, err := sql.Open("sqlite", dsn(path))
		if err != nil {
			t.Fatal(err)
		}
		if err := migrate(ctx, db, migrations[:schema]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO articles (id, title, body, language, audience, status, updated_at, version, content_hash)
			VALUES ('old', 'Old', 'Text body.', 'en', 'internal', 'published', '2025-01-01T00:00:00.000000000Z', 1, 'h')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		s, err := OpenReadOnly(ctx, path)
		if schema < readableSchema {
			if !errors.Is(err, ErrReadOnly) {
				t.Errorf("schema %d read-only: %v, want ErrReadOnly", schema, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("schema %d read-only: %v", schema, err)
		}
		if a, err := s.Get(ctx, "old"); err != nil || a.Body != "Text body." {
			t.Errorf("schema %d read-only: %q %v", schema, a.Body, err)
		}
		s.Close()
	}
}
