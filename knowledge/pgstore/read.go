package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// List returns the articles matching f, ordered by id.
func (s *Store) List(ctx context.Context, f knowledge.ListFilter) ([]knowledge.Article, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, x := range f.Statuses {
			st[i] = string(x)
		}
		where = append(where, "status = ANY("+arg(st)+")")
	}
	if f.Department != "" {
		where = append(where, "department = "+arg(f.Department))
	}
	if f.Language != "" {
		where = append(where, "language = "+arg(f.Language))
	}
	cols := articleColumns
	if f.WithoutBodies {
		cols = strings.Replace(cols, "title, body,", "title, ''::text,", 1)
	}
	q := `SELECT ` + cols + ` FROM articles`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id COLLATE \"C\""
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	return s.queryArticles(ctx, "list articles", q, args...)
}

// queryArticles runs q, which selects articleColumns, and returns its
// articles (an empty slice for none); what names the work in errors.
func (s *Store) queryArticles(ctx context.Context, what, q string, args ...any) ([]knowledge.Article, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, dbErr(what, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.Article, error) { return scanArticle(r) })
	if err != nil {
		return nil, dbErr(what, err)
	}
	return out, nil
}

// GetMany returns the articles with the given ids, in the order of ids;
// ids with no article are left out. One query per getManyChunk articles,
// not one round trip each: the indexes' reconcile reads every article.
func (s *Store) GetMany(ctx context.Context, ids []string) ([]knowledge.Article, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return knowledge.GetInChunks(ids, getManyChunk, func(chunk []string) ([]knowledge.Article, error) {
		return s.queryArticles(ctx, "read articles", `SELECT `+articleColumns+` FROM articles WHERE id = ANY($1)`, chunk)
	})
}

// getManyChunk is how many articles GetMany reads per query.
const getManyChunk = 1000

// Hashes returns id → content hash for every article, whatever its status.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT id, content_hash FROM articles`)
	if err != nil {
		return nil, dbErr("read content hashes", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, dbErr("read content hashes", err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read content hashes", err)
	}
	return out, nil
}

// Counts summarises the store like the embedded store: every article
// counted by status, distinct non-empty departments of articles that are
// not archived, and the newest update time. One statement, one snapshot.
func (s *Store) Counts(ctx context.Context) (knowledge.Counts, error) {
	c := knowledge.Counts{ByStatus: map[knowledge.Status]int{}}
	if err := s.check(); err != nil {
		return c, err
	}
	var byStatus map[string]int
	var last *time.Time
	err := s.pool.QueryRow(ctx, `SELECT
		COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT status, COUNT(*) AS n FROM articles GROUP BY status) t), '{}'),
		(SELECT COUNT(DISTINCT department) FROM articles WHERE department <> '' AND status <> 'archived'),
		(SELECT MAX(updated_at) FROM articles)`).Scan(&byStatus, &c.Departments, &last)
	if err != nil {
		return c, dbErr("count articles", err)
	}
	for st, n := range byStatus {
		c.ByStatus[knowledge.Status(st)] = n
		c.Articles += n
	}
	if last != nil {
		c.LastUpdateAt = last.UTC()
	}
	return c, nil
}

// Versions returns the history of article id, newest first, or an error
// wrapping knowledge.ErrNotFound when the article does not exist.
func (s *Store) Versions(ctx context.Context, id string) ([]knowledge.Version, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	doing := fmt.Sprintf("read the history of article %q", id)
	rows, err := s.pool.Query(ctx, `SELECT version, snapshot, author, message, at FROM article_versions
		WHERE article_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	var out []knowledge.Version
	for rows.Next() {
		v, err := scanVersion(rows, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history of article %q: %w", id, knowledge.ErrNotFound)
	}
	return out, nil
}

// GetVersion returns version v of article id from the history, or an error
// wrapping knowledge.ErrNotFound.
func (s *Store) GetVersion(ctx context.Context, id string, v int) (knowledge.Version, error) {
	if err := s.check(); err != nil {
		return knowledge.Version{}, err
	}
	out, err := scanVersion(s.pool.QueryRow(ctx, `SELECT version, snapshot, author, message, at FROM article_versions
		WHERE article_id = $1 AND version = $2`, id, v), id)
	if errors.Is(err, pgx.ErrNoRows) {
		return knowledge.Version{Version: v}, fmt.Errorf("version %d of %q: %w", v, id, knowledge.ErrNotFound)
	}
	return out, err
}

func scanVersion(r pgx.Row, id string) (knowledge.Version, error) {
	var v knowledge.Version
	var snap []byte
	if err := r.Scan(&v.Version, &snap, &v.Author, &v.Message, &v.At); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return v, err
		}
		return v, dbErr(fmt.Sprintf("read the history of article %q", id), err)
	}
	v.At = v.At.UTC()
	if err := json.Unmarshal(snap, &v.Article); err != nil {
		return v, fmt.Errorf("version %d of article %q is damaged: %w", v.Version, id, err)
	}
	return v, nil
}
