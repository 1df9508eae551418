package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// LogQuery appends e to the shared query log; a zero At means now.
func (s *Store) LogQuery(ctx context.Context, e knowledge.QueryLogEntry) error {
	if err := s.check(); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = s.clock()
	}
	clean := func(v string) string { return strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "\uFFFD") }
	if _, err := s.pool.Exec(ctx, `INSERT INTO query_log (at, query, mode, results, top_score, source, filters)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, ts(e.At), clean(e.Query), clean(e.Mode), e.Results, e.TopScore,
		clean(e.Source), clean(e.Filters)); err != nil {
		return dbErr("record the search in the query log", err)
	}
	return nil
}

// QueryLog returns the newest entries first, at most limit (0: all).
func (s *Store) QueryLog(ctx context.Context, limit int) ([]knowledge.QueryLogEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	q := `SELECT at, query, mode, results, top_score, source, filters FROM query_log ORDER BY at DESC, id DESC`
	var args []any
	if limit > 0 {
		q += ` LIMIT $1`
		args = append(args, limit)
	}
	return s.queryLog(ctx, "read the query log", q, args...)
}

// WeakQueries returns the searches logged at or after since (zero: all)
// that found at most maxResults results or whose best score was at most
// maxTopScore, newest first.
func (s *Store) WeakQueries(ctx context.Context, since time.Time, maxResults int, maxTopScore float64) ([]knowledge.QueryLogEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return s.queryLog(ctx, "read weak searches from the query log",
		`SELECT at, query, mode, results, top_score, source, filters FROM query_log
		WHERE at >= $1 AND (results <= $2 OR top_score <= $3)
		ORDER BY at DESC, id DESC`, ts(since), maxResults, maxTopScore)
}

func (s *Store) queryLog(ctx context.Context, doing, q string, args ...any) ([]knowledge.QueryLogEntry, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.QueryLogEntry{}
	for rows.Next() {
		var e knowledge.QueryLogEntry
		if err := rows.Scan(&e.At, &e.Query, &e.Mode, &e.Results, &e.TopScore, &e.Source, &e.Filters); err != nil {
			return nil, dbErr(doing, err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}

// Meta returns the value stored under key and whether it exists.
func (s *Store) Meta(ctx context.Context, key string) (string, bool, error) {
	if err := s.check(); err != nil {
		return "", false, err
	}
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM meta WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, dbErr(fmt.Sprintf("read setting %q", key), err)
	}
	return v, true, nil
}

// SetMeta stores value under key, replacing any previous value. Shared
// settings are for editors and admins; others get knowledge.ErrForbidden.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	if err := s.check(); err != nil {
		return err
	}
	if key == "" || !utf8.ValidString(key) || !utf8.ValidString(value) || noNUL("", key, value) != nil {
		return fmt.Errorf("setting %q: %w: keys must be non-empty and keys and values valid UTF-8", key, knowledge.ErrInvalid)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO meta (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return dbErr(fmt.Sprintf("save setting %q", key), err)
	}
	return nil
}
