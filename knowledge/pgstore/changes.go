package pgstore

import (
	"context"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// Change is one committed change of the team database (table changes,
// filled by triggers; see migrations/0003_changes.sql).
type Change = knowledge.FeedChange

// Topics of the change feed.
const (
	TopicArticles = knowledge.FeedArticles
	TopicRequests = knowledge.FeedRequests
	TopicLedger   = knowledge.FeedLedger
	TopicRatings  = knowledge.FeedRatings
)

var _ knowledge.ChangeFeed = (*Store)(nil)

// DefaultChangeBatch is how many changes Changes returns when limit <= 0.
const DefaultChangeBatch = 500

// Changes returns the changes after seq after (0: from the start) that the
// signed-in person may see, oldest first, at most limit.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return readChanges(ctx, s.pool, after, limit)
}

type rowQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func readChanges(ctx context.Context, q rowQuerier, after int64, limit int) ([]Change, error) {
	if limit <= 0 {
		limit = DefaultChangeBatch
	}
	rows, err := q.Query(ctx, `SELECT seq, topic, kind, ids, at FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, dbErr("read the change feed", err)
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.Seq, &c.Topic, &c.Kind, &c.IDs, &c.At); err != nil {
			return nil, dbErr("read the change feed", err)
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read the change feed", err)
	}
	return out, nil
}

// LatestChange returns the seq of the newest change (0 when there is none).
// A desktop that builds its local indexes from a full read starts following
// after the seq it read before that full read.
func (s *Store) LatestChange(ctx context.Context) (int64, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var seq int64
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM changes`).Scan(&seq); err != nil {
		return 0, dbErr("read the change feed", err)
	}
	return seq, nil
}
