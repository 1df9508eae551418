package pgstore

import (
	"context"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/storetest"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgTamper edits the team database directly as its owner, as a database
// administrator could: the append-only triggers are disabled for the
// statement's session (session_replication_role = replica).
type pgTamper struct{ url string }

func (m pgTamper) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, m.url)
	if err != nil {
		t.Fatalf("connect to tamper: %v", err)
	}
	defer conn.Close(ctx)
	// The tampering is of a chained ledger: links still pending (the
	// desktop's background linker may not have run yet) are appended
	// first, or a link deleted here could be written after it.
	if _, err := conn.Exec(ctx, `SELECT concierge_ledger_chain_link(true)`); err != nil {
		t.Fatalf("link the pending records: %v", err)
	}
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatalf("disable triggers: %v", err)
	}
	if _, err := conn.Exec(ctx, q, args...); err != nil {
		t.Fatalf("tamper %q: %v", q, err)
	}
}

func (m pgTamper) AlterEvent(t *testing.T, id int64, text string) {
	m.exec(t, `UPDATE ledger_events SET final_text = $1 WHERE id = $2`, text, id)
}

func (m pgTamper) DeleteEvent(t *testing.T, id int64, withLink bool) {
	m.exec(t, `DELETE FROM ledger_events WHERE id = $1`, id)
	if withLink {
		m.exec(t, `DELETE FROM ledger_chain WHERE kind = 'event' AND ref = $1`, eventRef(id))
	}
}

func (m pgTamper) SwapEvents(t *testing.T, a, b int64) {
	m.exec(t, `UPDATE ledger_events SET id = -1 WHERE id = $1`, a)
	m.exec(t, `UPDATE ledger_events SET id = $1 WHERE id = $2`, a, b)
	m.exec(t, `UPDATE ledger_events SET id = $1 WHERE id = -1`, b)
}

func (m pgTamper) InsertEvent(t *testing.T, id int64) {
	m.exec(t, `INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment, signed_in, signed_in_role)
		SELECT set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment, signed_in, signed_in_role FROM ledger_events WHERE id = $1`, id)
}

func TestLedgerChain(t *testing.T) {
	storetest.RunChain(t, func(t *testing.T) (knowledge.Stores, storetest.Tamper) {
		s, url := openTest(t)
		return s, pgTamper{url}
	})
}

// TestLedgerChainBackfill migrates a database with ledger records written
// before the chain existed: they are linked, oldest first.
func TestLedgerChainBackfill(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, pool, migrations[:4]); err != nil {
		t.Fatalf("migrate to 4: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO ledger_sets (id, request_id, agent, at, provider, model, prompt_hash, passages, options) VALUES
			('sug-old', 'req-1', 'Sam', '2026-01-02T03:04:05Z', 'none', '', '', '[{"passageId":"a#0","articleId":"a","articleVersion":1}]',
			 '[{"index":0,"title":"T","reply":"R","kind":"extractive","citations":["a#0"]}]')`,
		`INSERT INTO ledger_events (set_id, at, agent, type, option_index) VALUES ('sug-old', '2026-01-02T03:04:06Z', 'Sam', 'shown', -1)`,
		`INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance) VALUES ('sug-old', '2026-01-02T03:04:07Z', 'Sam', 'edited', 0, 'RR', 1)`,
	} {
		if _, err := pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	pool.Close()
	var s *Store
	s, err = Open(ctx, url)
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
}
