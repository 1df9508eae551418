package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

const articleColumns = `id, title, body, department, tags, language, audience, status, owner,
	review_by, updated_at, version, content_hash, source, source_path, extra`

// scanArticle reads one row selected with articleColumns.
func scanArticle(r pgx.Row) (knowledge.Article, error) {
	var (
		a                knowledge.Article
		audience, status string
		reviewBy         *time.Time
		extra            []byte
	)
	if err := r.Scan(&a.ID, &a.Title, &a.Body, &a.Department, &a.Tags, &a.Language, &audience, &status,
		&a.Owner, &reviewBy, &a.UpdatedAt, &a.Version, &a.ContentHash, &a.Source, &a.SourcePath, &extra); err != nil {
		return a, err
	}
	a.Audience, a.Status = knowledge.Audience(audience), knowledge.Status(status)
	if a.Tags == nil {
		a.Tags = []string{}
	}
	if reviewBy != nil {
		y, m, d := reviewBy.Date()
		a.ReviewBy = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	a.UpdatedAt = a.UpdatedAt.UTC()
	if len(extra) > 0 {
		var err error
		if a.Extra, err = knowledge.DecodeExtra(extra); err != nil {
			return a, fmt.Errorf("article %q has damaged extra front matter: %w", a.ID, err)
		}
	}
	return a, nil
}

type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func getArticle(ctx context.Context, q queryRower, id string, lock bool) (knowledge.Article, error) {
	sql := `SELECT ` + articleColumns + ` FROM articles WHERE id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	a, err := scanArticle(q.QueryRow(ctx, sql, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	return getArticle(ctx, s.pool, id, false)
}

// Put creates or updates one article; see knowledge.ArticleStore. The
// stored row is locked (SELECT … FOR UPDATE) before the ExpectedVersion
// check, so of two desktops saving the same version one commits and the
// other gets knowledge.ErrConflict: never a lost update. Two desktops
// creating the same new id race on the primary key; the loser gets
// ErrConflict too.
//
// When the content hash is unchanged but Source, SourcePath or Extra differ,
// those fields are updated in place without a new version and Changed stays
// false, as in the embedded store.
func (s *Store) Put(ctx context.Context, a knowledge.Article, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	var res knowledge.PutResult
	err := s.inTx(ctx, fmt.Sprintf("save article %q", a.ID), func(tx pgx.Tx) error {
		var err error
		res, err = s.put(ctx, tx, a, opts, true)
		return err
	})
	return res, err
}

// PutBatch writes all articles in one transaction, in order, without
// ExpectedVersion checks. If any article is invalid nothing is written.
func (s *Store) PutBatch(ctx context.Context, as []knowledge.Article, opts knowledge.PutOptions) ([]knowledge.PutResult, error) {
	out := make([]knowledge.PutResult, 0, len(as))
	err := s.inTx(ctx, "import articles", func(tx pgx.Tx) error {
		out = out[:0]
		for _, a := range as {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := s.put(ctx, tx, a, opts, false)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) put(ctx context.Context, tx pgx.Tx, in knowledge.Article, opts knowledge.PutOptions, checkVersion bool) (knowledge.PutResult, error) {
	a, err := knowledge.Normalize(in)
	if err != nil {
		return knowledge.PutResult{}, err
	}
	if err := noNUL(fmt.Sprintf("article %q", a.ID), append([]string{a.Title, a.Body, a.Department, a.Owner, a.Source, a.SourcePath, opts.Author, opts.Message}, a.Tags...)...); err != nil {
		return knowledge.PutResult{}, err
	}
	a.ContentHash = a.ComputeHash()
	extra, err := marshalExtra(a.Extra)
	if err != nil {
		return knowledge.PutResult{}, knowledge.InvalidArticle("article %q: extra front matter cannot be stored: %v", a.ID, err)
	}
	doing := fmt.Sprintf("save article %q", a.ID)

	old, err := getArticle(ctx, tx, a.ID, true)
	exists := err == nil
	if err != nil && !errors.Is(err, knowledge.ErrNotFound) {
		return knowledge.PutResult{}, err
	}
	if checkVersion && opts.ExpectedVersion > 0 {
		if !exists {
			return knowledge.PutResult{}, fmt.Errorf("article %q no longer exists (you edited version %d): %w", a.ID, opts.ExpectedVersion, knowledge.ErrConflict)
		}
		if old.Version != opts.ExpectedVersion {
			return knowledge.PutResult{}, fmt.Errorf("article %q is now at version %d but you edited version %d; reload it and apply your change again: %w",
				a.ID, old.Version, opts.ExpectedVersion, knowledge.ErrConflict)
		}
	}

	if exists && old.ContentHash == a.ContentHash {
		oldExtra, _ := marshalExtra(old.Extra)
		if old.Source != a.Source || old.SourcePath != a.SourcePath || oldExtra != extra {
			if _, err := tx.Exec(ctx, `UPDATE articles SET source = $1, source_path = $2, extra = $3 WHERE id = $4`,
				a.Source, a.SourcePath, nullIfEmpty(extra), a.ID); err != nil {
				return knowledge.PutResult{}, dbErr(doing, err)
			}
			old.Source, old.SourcePath, old.Extra = a.Source, a.SourcePath, a.Extra
		}
		return knowledge.PutResult{Article: old}, nil
	}

	a.Version = 1
	if exists {
		a.Version = old.Version + 1
	}
	a.UpdatedAt = s.clock()
	var reviewBy *time.Time
	if !a.ReviewBy.IsZero() {
		reviewBy = &a.ReviewBy
	}
	args := []any{a.ID, a.Title, a.Body, a.Department, a.Tags, a.Language, string(a.Audience), string(a.Status), a.Owner,
		reviewBy, a.UpdatedAt, a.Version, a.ContentHash, a.Source, a.SourcePath, nullIfEmpty(extra)}
	if exists {
		_, err = tx.Exec(ctx, `UPDATE articles SET title = $2, body = $3, department = $4, tags = $5, language = $6,
			audience = $7, status = $8, owner = $9, review_by = $10, updated_at = $11, version = $12,
			content_hash = $13, source = $14, source_path = $15, extra = $16 WHERE id = $1`, args...)
	} else {
		_, err = tx.Exec(ctx, `INSERT INTO articles (`+articleColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, args...)
	}
	if isCode(err, codeUniqueViolation) {
		return knowledge.PutResult{}, fmt.Errorf("article %q was just created by someone else; reload it and apply your change again: %w", a.ID, knowledge.ErrConflict)
	}
	if err != nil {
		return knowledge.PutResult{}, dbErr(doing, err)
	}
	snapshot, err := json.Marshal(a)
	if err != nil {
		return knowledge.PutResult{}, knowledge.InvalidArticle("article %q cannot be stored: %v", a.ID, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, snapshot, author, message, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, a.Version, snapshot, opts.Author, opts.Message, a.UpdatedAt); err != nil {
		return knowledge.PutResult{}, dbErr(fmt.Sprintf("record version %d of article %q", a.Version, a.ID), err)
	}
	return knowledge.PutResult{Article: a, Changed: true, Created: !exists}, nil
}

// marshalExtra returns the canonical JSON of extra ("" when empty);
// encoding/json sorts map keys, so equal maps give equal strings.
func marshalExtra(extra map[string]any) (string, error) {
	if len(extra) == 0 {
		return "", nil
	}
	b, err := json.Marshal(extra)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// nullIfEmpty stores "" as NULL (a jsonb column cannot hold "").
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
