package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"concierge/knowledge"
)

// LogQuery appends e to the query log; a zero At means now.
func (s *Store) LogQuery(ctx context.Context, e knowledge.QueryLogEntry) error {
	if err := s.check(); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = s.clock()
	}
	q := strings.ToValidUTF8(e.Query, "\uFFFD")
	if _, err := s.db.ExecContext(ctx, `INSERT INTO query_log (at, query, mode, results, top_score, source, filters)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, formatTS(e.At), q, e.Mode, e.Results, e.TopScore, e.Source, e.Filters); err != nil {
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
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbErr("read the query log", err)
	}
	defer rows.Close()
	out := []knowledge.QueryLogEntry{}
	for rows.Next() {
		var e knowledge.QueryLogEntry
		var at string
		if err := rows.Scan(&at, &e.Query, &e.Mode, &e.Results, &e.TopScore, &e.Source, &e.Filters); err != nil {
			return nil, dbErr("read the query log", err)
		}
		if e.At, err = parseTS(at); err != nil {
			return nil, dbErr("read the query log", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read the query log", err)
	}
	return out, nil
}

// Meta returns the value stored under key and whether it exists.
func (s *Store) Meta(ctx context.Context, key string) (string, bool, error) {
	if err := s.check(); err != nil {
		return "", false, err
	}
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, dbErr(fmt.Sprintf("read setting %q", key), err)
	}
	return v, true, nil
}

// SetMeta stores value under key, replacing any previous value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	if err := s.check(); err != nil {
		return err
	}
	if key == "" || !utf8.ValidString(key) || !utf8.ValidString(value) {
		return fmt.Errorf("setting %q: %w: keys must be non-empty and keys and values valid UTF-8", key, knowledge.ErrInvalid)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return dbErr(fmt.Sprintf("save setting %q", key), err)
	}
	return nil
}
