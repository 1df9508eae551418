package pgstore

import (
	"context"
	"encoding/json"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A ledger write is one transaction in two round trips on one connection:
//
//  1. BEGIN and the record's inserts and reads;
//  2. the review row, the record's pending chain link and COMMIT, pipelined.
//
// It takes no lock shared with other writers, so the commits of 50 desktops
// writing to the ledger share disk flushes instead of running one at a
// time; the pending links are appended to the chain afterwards, many at a
// time, by linkChain (see migrations/0006_ledger_chain_pending.sql).
type ledgerWrite struct {
	conn *pgxpool.Conn
	open bool // a transaction is open on conn
}

// beginLedgerWrite acquires a connection and runs BEGIN plus the queued
// statements of b in one round trip; read reads their results in order.
func (s *Store) beginLedgerWrite(ctx context.Context, queue func(b *pgx.Batch), read func(br pgx.BatchResults) error) (*ledgerWrite, error) {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	w := &ledgerWrite{conn: c, open: true}
	b := &pgx.Batch{}
	b.Queue(`BEGIN`)
	queue(b)
	br := c.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		br.Close()
		w.end(ctx)
		return nil, err
	}
	if err := read(br); err != nil {
		br.Close()
		w.end(ctx)
		return nil, err
	}
	if err := br.Close(); err != nil {
		w.end(ctx)
		return nil, err
	}
	return w, nil
}

// commitWithLink queues the last statements (queue), the record's pending
// chain link and COMMIT, sends them in one round trip and ends the write.
func (w *ledgerWrite) commitWithLink(ctx context.Context, queue func(b *pgx.Batch), kind knowledge.ChainKind, ref string, canonical []byte) error {
	defer w.end(ctx)
	b := &pgx.Batch{}
	queue(b)
	b.Queue(`INSERT INTO ledger_chain_pending (kind, ref, canonical) VALUES ($1, $2, $3)`, string(kind), ref, canonical)
	b.Queue(`COMMIT`)
	err := w.conn.SendBatch(ctx, b).Close()
	if err == nil {
		w.open = false
	}
	return err
}

// end rolls back a transaction left open (by an error) and releases the
// connection.
func (w *ledgerWrite) end(ctx context.Context) {
	if w.conn == nil {
		return
	}
	if w.open && w.conn.Conn().PgConn().TxStatus() != 'I' {
		w.conn.Exec(context.WithoutCancel(ctx), `ROLLBACK`)
	}
	w.conn.Release()
	w.conn = nil
}

const upsertReviewSQL = `INSERT INTO ledger_review (set_id, request_id, at, agent, department, provider, model,
		outcome, option_index, edit_distance, reply_len, heavy, unverified, reason, events, articles)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (set_id) DO UPDATE SET outcome = EXCLUDED.outcome, option_index = EXCLUDED.option_index,
			edit_distance = EXCLUDED.edit_distance, reply_len = EXCLUDED.reply_len, heavy = EXCLUDED.heavy,
			unverified = EXCLUDED.unverified, reason = EXCLUDED.reason, events = EXCLUDED.events, articles = EXCLUDED.articles`

func reviewArgs(r knowledge.ReviewRow) []any {
	arts, _ := json.Marshal(r.Articles)
	return []any{r.SetID, r.RequestID, ts(r.At), r.Agent, r.Department, r.Provider, r.Model, string(r.Outcome), r.OptionIndex,
		r.EditDistance, r.ReplyLen, r.Heavy, r.Unverified, string(r.Reason), r.Events, arts}
}

// linkChain appends the pending chain links to the chain. With wait false
// it gives up at once when another desktop is linking (linked is false;
// call again later: that one may have started before this desktop's last
// write committed). The linking transaction commits without waiting for
// its disk flush: were it lost in a crash, its pending links would be lost
// with it from the same WAL and remain pending, to be linked again.
func (s *Store) linkChain(ctx context.Context, wait bool) (linked bool, err error) {
	var n int
	err = s.pool.QueryRow(ctx, `SELECT concierge_ledger_chain_link($1) FROM set_config('synchronous_commit', 'off', true)`, wait).Scan(&n)
	if err != nil {
		return false, dbErr("link the ledger chain", err)
	}
	return n >= 0, nil
}
