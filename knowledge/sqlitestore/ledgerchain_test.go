package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/storetest"
)

// sqlTamper edits the database file directly, as someone with the file
// could: it drops the append-only triggers first.
type sqlTamper struct{ db *sql.DB }

func (m sqlTamper) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	for _, trg := range []string{"ledger_events_no_update", "ledger_events_no_delete", "ledger_chain_no_delete"} {
		if _, err := m.db.Exec(`DROP TRIGGER IF EXISTS ` + trg); err != nil {
			t.Fatalf("drop trigger: %v", err)
		}
	}
	if _, err := m.db.Exec(q, args...); err != nil {
		t.Fatalf("tamper %q: %v", q, err)
	}
}

func (m sqlTamper) AlterEvent(t *testing.T, id int64, text string) {
	m.exec(t, `UPDATE ledger_events SET final_text = ? WHERE id = ?`, text, id)
}

func (m sqlTamper) DeleteEvent(t *testing.T, id int64, withLink bool) {
	m.exec(t, `DELETE FROM ledger_events WHERE id = ?`, id)
	if withLink {
		m.exec(t, `DELETE FROM ledger_chain WHERE kind = 'event' AND ref = ?`, eventRef(id))
	}
}

func (m sqlTamper) SwapEvents(t *testing.T, a, b int64) {
	m.exec(t, `UPDATE ledger_events SET id = -1 WHERE id = ?`, a)
	m.exec(t, `UPDATE ledger_events SET id = ? WHERE id = ?`, a, b)
	m.exec(t, `UPDATE ledger_events SET id = ? WHERE id = -1`, b)
}

func (m sqlTamper) InsertEvent(t *testing.T, id int64) {
	m.exec(t, `INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment)
		SELECT set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment FROM ledger_events WHERE id = ?`, id)
}

func TestLedgerChain(t *testing.T) {
	storetest.RunChain(t, func(t *testing.T) (knowledge.Stores, storetest.Tamper) {
		path := filepath.Join(t.TempDir(), "kb.db")
		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		db, err := sql.Open("sqlite", dsn(path))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return s, sqlTamper{db}
	})
}

// TestLedgerChainBackfill opens a database written before the chain
// existed: its records are linked on open, oldest first, and new records
// extend the chain.
func TestLedgerChainBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:4]); err != nil {
		t.Fatalf("migrate to 4: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO ledger_sets (id, request_id, agent, at, provider, model, prompt_hash, passages, options) VALUES
			('sug-old', 'req-1', 'Sam', '2026-01-02T03:04:05.000000000Z', 'none', '', '', '[{"passageId":"a#0","articleId":"a","articleVersion":1}]',
			 '[{"index":0,"title":"T","reply":"R","kind":"extractive","citations":["a#0"]}]')`,
		`INSERT INTO ledger_events (set_id, at, agent, type, option_index) VALUES ('sug-old', '2026-01-02T03:04:06.000000000Z', 'Sam', 'shown', -1)`,
		`INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance) VALUES ('sug-old', '2026-01-02T03:04:07.000000000Z', 'Sam', 'edited', 0, 'RR', 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	r, err := knowledge.VerifyChain(ctx, s)
	if err != nil || !r.Intact || r.Checked != 3 {
		t.Fatalf("after back-fill: %+v, %v; want 3 links intact", r, err)
	}
	if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: "sug-old", Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "RR"}); err != nil {
		t.Fatal(err)
	}
	if r, err := knowledge.VerifyChain(ctx, s); err != nil || !r.Intact || r.Checked != 4 {
		t.Fatalf("after a new event: %+v, %v; want 4 links intact", r, err)
	}
	s.Close()
	s2, err := Open(ctx, path) // the back-fill runs once
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if r, err := knowledge.VerifyChain(ctx, s2); err != nil || !r.Intact || r.Checked != 4 {
		t.Fatalf("after reopening: %+v, %v", r, err)
	}
}
