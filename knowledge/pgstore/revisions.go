package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

var _ knowledge.RevisionStore = (*Store)(nil)

const revisionColumns = `article_id, base_version, snapshot, author, message, state, reviewer, note, seq, created_at, updated_at`

func scanRevision(row pgx.Row) (knowledge.Revision, error) {
	var r knowledge.Revision
	var snapshot []byte
	var state string
	if err := row.Scan(&r.ArticleID, &r.BaseVersion, &snapshot, &r.Author, &r.Message, &state, &r.Reviewer, &r.Note, &r.Seq, &r.CreatedAt, &r.UpdatedAt); err != nil {
		return r, err
	}
	if err := json.Unmarshal(snapshot, &r.Article); err != nil {
		return r, fmt.Errorf("read the revision of %q: %w", r.ArticleID, err)
	}
	r.State = knowledge.RevisionState(state)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func getRevision(ctx context.Context, q queryRower, articleID string, lock bool) (knowledge.Revision, error) {
	sql := `SELECT ` + revisionColumns + ` FROM article_revisions WHERE article_id = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	r, err := scanRevision(q.QueryRow(ctx, sql, articleID))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("revision of article %q: %w", articleID, knowledge.ErrNotFound)
	}
	if err != nil {
		return r, dbErr("read the revision", err)
	}
	return r, nil
}

// openRevision checks the revision a reviewer acts on: it must exist, and
// when expectedSeq > 0 still be at that Seq.
func openRevision(articleID string, expectedSeq int) func(knowledge.Revision, error) (knowledge.Revision, error) {
	return func(cur knowledge.Revision, err error) (knowledge.Revision, error) {
		if errors.Is(err, knowledge.ErrNotFound) && expectedSeq > 0 {
			return cur, fmt.Errorf("the revision of article %q was approved or withdrawn meanwhile; reload it: %w", articleID, knowledge.ErrConflict)
		}
		if err != nil {
			return cur, err
		}
		if expectedSeq > 0 && cur.Seq != expectedSeq {
			return cur, fmt.Errorf("the revision of article %q changed since you opened it; reload it: %w", articleID, knowledge.ErrConflict)
		}
		return cur, nil
	}
}

// PutRevision creates or replaces the open revision of r.ArticleID.
func (s *Store) PutRevision(ctx context.Context, r knowledge.Revision, expectedSeq int) (knowledge.Revision, error) {
	a, err := knowledge.Normalize(r.Article)
	if err != nil {
		return r, err
	}
	if a.ID != r.ArticleID {
		return r, knowledge.InvalidArticle("the revision of %q carries the article %q", r.ArticleID, a.ID)
	}
	if err := noNUL(fmt.Sprintf("the revision of %q", a.ID), append([]string{a.Title, a.Body, a.Department, a.Owner, r.Author, r.Message}, a.Tags...)...); err != nil {
		return r, err
	}
	a.ContentHash = a.ComputeHash()
	snapshot, err := json.Marshal(a)
	if err != nil {
		return r, knowledge.InvalidArticle("the revision of %q cannot be stored: %v", r.ArticleID, err)
	}
	doing := fmt.Sprintf("save the revision of %q", r.ArticleID)
	var out knowledge.Revision
	err = s.inTx(ctx, doing, func(tx pgx.Tx) error {
		if _, err := getArticle(ctx, tx, r.ArticleID, false); err != nil {
			return err
		}
		cur, gerr := getRevision(ctx, tx, r.ArticleID, true)
		exists := gerr == nil
		if gerr != nil && !errors.Is(gerr, knowledge.ErrNotFound) {
			return gerr
		}
		switch {
		case expectedSeq == 0 && exists:
			return fmt.Errorf("article %q already has a revision waiting for review (by %s); reload it: %w", r.ArticleID, cur.Author, knowledge.ErrConflict)
		case expectedSeq > 0 && !exists:
			return fmt.Errorf("the revision of article %q was approved or withdrawn meanwhile; reload it: %w", r.ArticleID, knowledge.ErrConflict)
		case expectedSeq > 0 && cur.Seq != expectedSeq:
			return fmt.Errorf("the revision of article %q changed since you opened it; reload it: %w", r.ArticleID, knowledge.ErrConflict)
		}
		now := s.clock()
		var err error
		if exists {
			_, err = tx.Exec(ctx, `UPDATE article_revisions SET base_version = $2, snapshot = $3, author = $4, message = $5,
				state = 'pending', reviewer = '', note = '', seq = $6, updated_at = $7, signed_in = current_user
				WHERE article_id = $1`, r.ArticleID, r.BaseVersion, snapshot, r.Author, strings.TrimSpace(r.Message), expectedSeq+1, now)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO article_revisions (`+revisionColumns+`)
				VALUES ($1, $2, $3, $4, $5, 'pending', '', '', 1, $6, $6)`,
				r.ArticleID, r.BaseVersion, snapshot, r.Author, strings.TrimSpace(r.Message), now)
		}
		if isCode(err, codeUniqueViolation) {
			return fmt.Errorf("article %q was just given a revision by someone else; reload it: %w", r.ArticleID, knowledge.ErrConflict)
		}
		if err != nil {
			return dbErr(doing, err)
		}
		out, err = getRevision(ctx, tx, r.ArticleID, false)
		return err
	})
	return out, err
}

// Revision returns the open revision of articleID.
func (s *Store) Revision(ctx context.Context, articleID string) (knowledge.Revision, error) {
	if err := s.check(); err != nil {
		return knowledge.Revision{}, err
	}
	return getRevision(ctx, s.pool, articleID, false)
}

// Revisions returns the open revisions in state (all when empty), oldest first.
func (s *Store) Revisions(ctx context.Context, state knowledge.RevisionState) ([]knowledge.Revision, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT `+revisionColumns+` FROM article_revisions
		WHERE $1 = '' OR state = $1 ORDER BY created_at, article_id`, string(state))
	if err != nil {
		return nil, dbErr("list the revisions", err)
	}
	defer rows.Close()
	out := []knowledge.Revision{}
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, dbErr("list the revisions", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("list the revisions", err)
	}
	return out, nil
}

// SendBackRevision marks the revision sent back with the reviewer's note.
func (s *Store) SendBackRevision(ctx context.Context, articleID string, expectedSeq int, reviewer, note string) (knowledge.Revision, error) {
	doing := fmt.Sprintf("send back the revision of %q", articleID)
	var out knowledge.Revision
	err := s.inTx(ctx, doing, func(tx pgx.Tx) error {
		if _, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID, true)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE article_revisions SET state = 'sent-back', reviewer = $2, note = $3, seq = seq + 1, updated_at = $4
			WHERE article_id = $1`, articleID, reviewer, strings.TrimSpace(note), s.clock()); err != nil {
			return dbErr(doing, err)
		}
		var err error
		out, err = getRevision(ctx, tx, articleID, false)
		return err
	})
	return out, err
}

// ApproveRevision publishes the revision and removes it, in one transaction.
func (s *Store) ApproveRevision(ctx context.Context, articleID string, expectedSeq int, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	doing := fmt.Sprintf("approve the revision of %q", articleID)
	var res knowledge.PutResult
	err := s.inTx(ctx, doing, func(tx pgx.Tx) error {
		cur, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID, true))
		if err != nil {
			return err
		}
		opts.ExpectedVersion = cur.BaseVersion
		if res, err = s.put(ctx, tx, cur.Article, opts, true); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM article_revisions WHERE article_id = $1`, articleID); err != nil {
			return dbErr(doing, err)
		}
		return nil
	})
	return res, err
}

// DeleteRevision withdraws the revision.
func (s *Store) DeleteRevision(ctx context.Context, articleID string, expectedSeq int) error {
	doing := fmt.Sprintf("withdraw the revision of %q", articleID)
	return s.inTx(ctx, doing, func(tx pgx.Tx) error {
		if _, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID, true)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM article_revisions WHERE article_id = $1`, articleID); err != nil {
			return dbErr(doing, err)
		}
		return nil
	})
}
