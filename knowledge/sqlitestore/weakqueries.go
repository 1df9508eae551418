package sqlitestore

import (
	"context"
	"time"

	"concierge/knowledge"
)

// WeakQueries returns the searches logged at or after since (zero: all)
// that found at most maxResults results or whose best score was at most
// maxTopScore — the raw material of knowledge-gap reports. Newest first.
// Pass maxResults 0 and maxTopScore 0 for searches that found nothing.
func (s *Store) WeakQueries(ctx context.Context, since time.Time, maxResults int, maxTopScore float64) ([]knowledge.QueryLogEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	const doing = "read weak searches from the query log"
	rows, err := s.db.QueryContext(ctx, `SELECT at, query, mode, results, top_score, source, filters FROM query_log
		WHERE at >= ? AND (results <= ? OR top_score <= ?)
		ORDER BY at DESC, id DESC`, formatTS(since), maxResults, maxTopScore)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.QueryLogEntry{}
	for rows.Next() {
		var e knowledge.QueryLogEntry
		var at string
		if err := rows.Scan(&at, &e.Query, &e.Mode, &e.Results, &e.TopScore, &e.Source, &e.Filters); err != nil {
			return nil, dbErr(doing, err)
		}
		if e.At, err = parseTS(at); err != nil {
			return nil, dbErr(doing, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}
