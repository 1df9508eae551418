package pgstore

import (
	"context"
	"strconv"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// Change is one committed change of the team database (table changes,
// filled by triggers; see migrations/0003_changes.sql).
type Change = knowledge.FeedChange

var _ knowledge.Team = (*Store)(nil)

// DefaultChangeBatch is how many changes Changes returns when limit <= 0.
const DefaultChangeBatch = 500

// Changes returns the changes after seq after (0: from the start), oldest
// first, at most limit; for an agent, other agents' ledger changes come
// without ids. It never skips a
// change: it stops before a sequence number a transaction still running
// may yet commit (see migrations/0003_changes.sql), so a caller that
// continues from the last Seq it got misses nothing.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	cs, _, err := readChanges(ctx, s.pool, after, limit)
	return cs, err
}

// readChanges returns the changes after seq after up to the first gap that
// may still be filled, and whether it stopped at such a gap (then the
// caller should look again soon: a rolled-back transaction notifies
// nobody). See migrations/0003_changes.sql for why a gap up to the
// sequence's last value L is final once the oldest running transaction is
// younger than a transaction id taken after reading L.
func readChanges(ctx context.Context, q querier, after int64, limit int) ([]Change, bool, error) {
	if limit <= 0 {
		limit = DefaultChangeBatch
	}
	cs, _, err := selectChanges(ctx, q, after, limit)
	if err != nil || contiguous(cs, after) {
		return cs, false, err
	}
	// A gap: find out how far gaps are final, then read again.
	var last int64
	var xid string
	if err := q.QueryRow(ctx, `SELECT last_value FROM changes_seq`).Scan(&last); err != nil {
		return nil, false, dbErr("read the change feed", err)
	}
	if err := q.QueryRow(ctx, `SELECT pg_current_xact_id()::text`).Scan(&xid); err != nil {
		return nil, false, dbErr("read the change feed", err)
	}
	cs, xmin, err := selectChanges(ctx, q, after, limit)
	if err != nil {
		return nil, false, err
	}
	final := int64(0) // gaps up to this seq will never fill
	if x, err := strconv.ParseUint(xid, 10, 64); err == nil && xmin >= x {
		final = last
	}
	next := after + 1
	for i, c := range cs {
		if c.Seq != next && c.Seq-1 > final {
			return cs[:i], true, nil
		}
		next = c.Seq + 1
	}
	return cs, false, nil
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// selectChanges reads changes after seq after and the oldest running
// transaction id of the same snapshot.
func selectChanges(ctx context.Context, q querier, after int64, limit int) ([]Change, uint64, error) {
	rows, err := q.Query(ctx, `SELECT seq, topic, kind, ids, at, pg_snapshot_xmin(pg_current_snapshot())::text
		FROM change_feed WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, 0, dbErr("read the change feed", err)
	}
	defer rows.Close()
	out := []Change{}
	var xmin uint64
	for rows.Next() {
		var c Change
		var x string
		if err := rows.Scan(&c.Seq, &c.Topic, &c.Kind, &c.IDs, &c.At, &x); err != nil {
			return nil, 0, dbErr("read the change feed", err)
		}
		c.At = c.At.UTC()
		xmin, _ = strconv.ParseUint(x, 10, 64)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, dbErr("read the change feed", err)
	}
	return out, xmin, nil
}

// contiguous reports whether cs are the seqs after+1, after+2, … without a gap.
func contiguous(cs []Change, after int64) bool {
	for i, c := range cs {
		if c.Seq != after+1+int64(i) {
			return false
		}
	}
	return true
}

// LatestChange returns the seq of the newest change (0 when there is none).
// A desktop that builds its local indexes from a full read starts following
// after the seq it read before that full read.
func (s *Store) LatestChange(ctx context.Context) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq int64
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM change_feed`).Scan(&seq); err != nil {
		return 0, dbErr("read the change feed", err)
	}
	return seq, nil
}
