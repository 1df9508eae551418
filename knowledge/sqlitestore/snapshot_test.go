package sqlitestore

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
)

// TestVersionSnapshotsAreStoredCompressed: a version's snapshot is stored
// compressed (well under its JSON size for ordinary text) and reads back
// exactly through Versions and GetVersion, and a row written before
// compression (plain JSON text) still reads.
func TestVersionSnapshotsAreStoredCompressed(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := strings.Repeat("Refunds for a cancelled appointment are made to the card that paid, within five working days. ", 40)
	if _, err := s.Put(ctx, knowledge.Article{ID: "refunds", Title: "Refunds", Body: body, Department: "Billing"}, knowledge.PutOptions{Author: "Ann"}); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := s.db.QueryRowContext(ctx, `SELECT snapshot FROM article_versions WHERE article_id = 'refunds'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, snapshotMagic) || len(raw) > len(body)/3 {
		t.Fatalf("snapshot stored as %d bytes (prefix %q) for a %d-byte body", len(raw), raw[:min(3, len(raw))], len(body))
	}
	vs, err := s.Versions(ctx, "refunds")
	if err != nil || len(vs) != 1 || vs[0].Article.Body != body || vs[0].Author != "Ann" {
		t.Fatalf("versions: %+v %v", vs, err)
	}
	v, err := s.GetVersion(ctx, "refunds", 1)
	if err != nil || v.Article.Body != body || v.Article.Department != "Billing" {
		t.Fatalf("version 1: %+v %v", v, err)
	}

	// A row from before compression: plain JSON text.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO article_versions (article_id, version, snapshot, author, message, at)
		VALUES ('refunds', 2, '{"id":"refunds","title":"Refunds (old row)","body":"plain","version":2}', 'Bo', '', '2026-01-02T03:04:05.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	v, err = s.GetVersion(ctx, "refunds", 2)
	if err != nil || v.Article.Title != "Refunds (old row)" || v.Article.Body != "plain" {
		t.Fatalf("legacy version 2: %+v %v", v, err)
	}
	if vs, err := s.Versions(ctx, "refunds"); err != nil || len(vs) != 2 || vs[0].Article.Body != "plain" || vs[1].Article.Body != body {
		t.Fatalf("versions with a legacy row: %+v %v", vs, err)
	}

	// A damaged compressed snapshot is reported as damaged, not returned.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO article_versions (article_id, version, snapshot, author, message, at)
		VALUES ('refunds', 3, ?, 'Bo', '', '2026-01-02T03:04:05.000000000Z')`, append(append([]byte{}, snapshotMagic...), 0xff, 0x00, 0x13)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetVersion(ctx, "refunds", 3); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged snapshot: %v", err)
	}
}
