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

var _ knowledge.RevisionStore = (*Store)(nil)

// migrationRevisions keeps the revisions of published articles waiting for
// review, at most one per article (revision.go in package knowledge).
const migrationRevisions = `CREATE TABLE article_revisions (
	article_id   TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	base_version INTEGER NOT NULL,
	snapshot     TEXT NOT NULL,
	author       TEXT NOT NULL DEFAULT '',
	message      TEXT NOT NULL DEFAULT '',
	state        TEXT NOT NULL,
	reviewer     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	seq          INTEGER NOT NULL,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);`

const revisionColumns = `article_id, base_version, snapshot, author, message, state, reviewer, note, seq, created_at, updated_at`

func scanRevision(row rowScanner) (knowledge.Revision, error) {
	var r knowledge.Revision
	var snapshot, state, created, updated string
	if err := row.Scan(&r.ArticleID, &r.BaseVersion, &snapshot, &r.Author, &r.Message, &state, &r.Reviewer, &r.Note, &r.Seq, &created, &updated); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(snapshot), &r.Article); err != nil {
		return r, fmt.Errorf("read the revision of %q: %w", r.ArticleID, err)
	}
	r.State = knowledge.RevisionState(state)
	var err error
	if r.CreatedAt, err = parseTS(created); err != nil {
		return r, err
	}
	r.UpdatedAt, err = parseTS(updated)
	return r, err
}

func getRevision(ctx context.Context, q querier, articleID string) (knowledge.Revision, error) {
	r, err := scanRevision(q.QueryRowContext(ctx, `SELECT `+revisionColumns+` FROM article_revisions WHERE article_id = ?`, articleID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("revision of article %q: %w", articleID, knowledge.ErrNotFound)
	}
	if err != nil {
		return r, dbErr("read the revision", err)
	}
	return r, nil
}

// checkSeq compares the revision found (err from getRevision) with the Seq
// the caller read.
func checkSeq(articleID string, cur knowledge.Revision, err error, expectedSeq int) error {
	exists := err == nil
	if err != nil && !errors.Is(err, knowledge.ErrNotFound) {
		return err
	}
	switch {
	case expectedSeq == 0 && exists:
		return fmt.Errorf("article %q already has a revision waiting for review (by %s); reload it: %w", articleID, cur.Author, knowledge.ErrConflict)
	case expectedSeq > 0 && !exists:
		return fmt.Errorf("the revision of article %q was approved or withdrawn meanwhile; reload it: %w", articleID, knowledge.ErrConflict)
	case expectedSeq > 0 && cur.Seq != expectedSeq:
		return fmt.Errorf("the revision of article %q changed since you opened it; reload it: %w", articleID, knowledge.ErrConflict)
	}
	return nil
}

// openRevision returns a check of the revision a reviewer acts on: it must
// exist, and when expectedSeq > 0 still be at that Seq.
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
	a.ContentHash = a.ComputeHash()
	snapshot, err := json.Marshal(a)
	if err != nil {
		return r, knowledge.InvalidArticle("the revision of %q cannot be stored: %v", r.ArticleID, err)
	}
	var out knowledge.Revision
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := getArticle(ctx, &s.snaps, tx, r.ArticleID); err != nil {
			return err
		}
		cur, gerr := getRevision(ctx, tx, r.ArticleID)
		if err := checkSeq(r.ArticleID, cur, gerr, expectedSeq); err != nil {
			return err
		}
		now := formatTS(s.clock())
		created := now
		if gerr == nil {
			created = formatTS(cur.CreatedAt)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_revisions (`+revisionColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, '', '', ?, ?, ?)
			ON CONFLICT(article_id) DO UPDATE SET base_version = excluded.base_version, snapshot = excluded.snapshot,
				author = excluded.author, message = excluded.message, state = excluded.state, reviewer = '', note = '',
				seq = excluded.seq, updated_at = excluded.updated_at`,
			r.ArticleID, r.BaseVersion, string(snapshot), r.Author, strings.TrimSpace(r.Message), string(knowledge.RevisionPending),
			expectedSeq+1, created, now); err != nil {
			return dbErr(fmt.Sprintf("save the revision of %q", r.ArticleID), err)
		}
		out, err = getRevision(ctx, tx, r.ArticleID)
		return err
	})
	return out, err
}

// Revision returns the open revision of articleID.
func (s *Store) Revision(ctx context.Context, articleID string) (knowledge.Revision, error) {
	if err := s.check(); err != nil {
		return knowledge.Revision{}, err
	}
	return getRevision(ctx, s.db, articleID)
}

// Revisions returns the open revisions in state (all when empty), oldest first.
func (s *Store) Revisions(ctx context.Context, state knowledge.RevisionState) ([]knowledge.Revision, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return queryAll(ctx, s.db, "list the revisions", scanRevision, `SELECT `+revisionColumns+` FROM article_revisions
		WHERE ? = '' OR state = ? ORDER BY created_at, article_id`, string(state), string(state))
}

// SendBackRevision marks the revision sent back with the reviewer's note.
func (s *Store) SendBackRevision(ctx context.Context, articleID string, expectedSeq int, reviewer, note string) (knowledge.Revision, error) {
	var out knowledge.Revision
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE article_revisions SET state = ?, reviewer = ?, note = ?, seq = seq + 1, updated_at = ?
			WHERE article_id = ?`, string(knowledge.RevisionSentBack), reviewer, strings.TrimSpace(note), formatTS(s.clock()), articleID); err != nil {
			return dbErr(fmt.Sprintf("send back the revision of %q", articleID), err)
		}
		var err error
		out, err = getRevision(ctx, tx, articleID)
		return err
	})
	return out, err
}

// ApproveRevision publishes the revision and removes it, in one transaction.
func (s *Store) ApproveRevision(ctx context.Context, articleID string, expectedSeq int, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	var res knowledge.PutResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID))
		if err != nil {
			return err
		}
		opts.ExpectedVersion = cur.BaseVersion
		if res, err = s.put(ctx, tx, s.prepare(cur.Article, time.Time{}), opts, true); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_revisions WHERE article_id = ?`, articleID); err != nil {
			return dbErr(fmt.Sprintf("close the revision of %q", articleID), err)
		}
		return nil
	})
	return res, err
}

// DeleteRevision withdraws the revision.
func (s *Store) DeleteRevision(ctx context.Context, articleID string, expectedSeq int) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := openRevision(articleID, expectedSeq)(getRevision(ctx, tx, articleID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_revisions WHERE article_id = ?`, articleID); err != nil {
			return dbErr(fmt.Sprintf("withdraw the revision of %q", articleID), err)
		}
		return nil
	})
}
