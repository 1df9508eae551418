package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"concierge/knowledge"
)

const articleColumns = `id, title, body, department, tags, language, audience, status, owner,
	review_by, updated_at, version, content_hash, source, source_path, extra`

type rowScanner interface{ Scan(dest ...any) error }

// scanArticle reads one row selected with articleSelect (bodyref.go).
func scanArticle(c *snapshotCodec, r rowScanner) (knowledge.Article, error) {
	var (
		a                          knowledge.Article
		tags, reviewBy, updated, x string
		audience, status           string
		body                       any
		snap                       []byte
	)
	if err := r.Scan(&a.ID, &a.Title, &body, &snap, &a.Department, &tags, &a.Language, &audience, &status,
		&a.Owner, &reviewBy, &updated, &a.Version, &a.ContentHash, &a.Source, &a.SourcePath, &x); err != nil {
		return a, err
	}
	var err error
	if a.Body, err = resolveBody(c, a.ID, a.Version, a.ContentHash, body, snap); err != nil {
		return a, err
	}
	a.Audience, a.Status = knowledge.Audience(audience), knowledge.Status(status)
	a.Tags = []string{}
	if tags != "" {
		if err := json.Unmarshal([]byte(tags), &a.Tags); err != nil {
			return a, fmt.Errorf("article %q has damaged tags: %w", a.ID, err)
		}
	}
	if x != "" {
		var err error
		if a.Extra, err = knowledge.DecodeExtra([]byte(x)); err != nil {
			return a, fmt.Errorf("article %q has damaged extra front matter: %w", a.ID, err)
		}
	}
	if reviewBy != "" {
		t, err := time.Parse(time.DateOnly, reviewBy)
		if err != nil {
			return a, fmt.Errorf("article %q has a damaged review date: %w", a.ID, err)
		}
		a.ReviewBy = t
	}
	t, err := parseTS(updated)
	if err != nil {
		return a, fmt.Errorf("article %q has a damaged update time: %w", a.ID, err)
	}
	a.UpdatedAt = t
	return a, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getArticle(ctx context.Context, c *snapshotCodec, q querier, id string) (knowledge.Article, error) {
	a, err := scanArticle(c, q.QueryRowContext(ctx, articleSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return a, dbErr(fmt.Sprintf("read article %q", id), err)
	}
	return a, nil
}

// Get returns the article with id, or an error wrapping knowledge.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (knowledge.Article, error) {
	if err := s.check(); err != nil {
		return knowledge.Article{}, err
	}
	return getArticle(ctx, &s.snaps, s.db, id)
}

// GetMany returns the articles with the given ids, in the order of ids;
// ids with no article are left out. It reads getManyChunk articles per
// query: the indexes' reconcile and the term space's learning read every
// article, and one query each (a statement prepared and run per article)
// was a tenth of a 10k-article import's CPU time.
func (s *Store) GetMany(ctx context.Context, ids []string) ([]knowledge.Article, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return knowledge.GetInChunks(ids, getManyChunk, func(chunk []string) ([]knowledge.Article, error) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := articleSelect + ` WHERE id IN (?` + strings.Repeat(`,?`, len(chunk)-1) + `)`
		return queryAll(ctx, s.db, "read articles", func(r rowScanner) (knowledge.Article, error) {
			return scanArticle(&s.snaps, r)
		}, q, args...)
	})
}

// getManyChunk is how many articles GetMany reads per query (SQLite
// allows 32766 parameters).
const getManyChunk = 500

// List returns the articles matching f, ordered by id.
func (s *Store) List(ctx context.Context, f knowledge.ListFilter) ([]knowledge.Article, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var (
		where []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	if f.Department != "" {
		where = append(where, "department = ?")
		args = append(args, f.Department)
	}
	if f.Language != "" {
		where = append(where, "language = ?")
		args = append(args, f.Language)
	}
	q := articleSelect
	if f.WithoutBodies {
		q = articleSelectNoBody
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryAll(ctx, s.db, "list articles", func(r rowScanner) (knowledge.Article, error) {
		return scanArticle(&s.snaps, r)
	}, q, args...)
}

// Hashes returns id → content hash for every article, whatever its status.
func (s *Store) Hashes(ctx context.Context) (map[string]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, content_hash FROM articles`)
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
