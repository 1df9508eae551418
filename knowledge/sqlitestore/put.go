package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"concierge/knowledge"
)

// Put creates or updates one article; see knowledge.Store. The
// ExpectedVersion check, the write and the history entry happen in one
// transaction, so a concurrent writer (in this or another process) either
// commits before — and Put reports knowledge.ErrConflict — or after.
//
// When the content hash is unchanged but Source, SourcePath or Extra (which
// the hash does not cover) differ, those fields are updated in place without
// a new version and Changed stays false: the searchable content is the same.
func (s *Store) Put(ctx context.Context, a knowledge.Article, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	var res knowledge.PutResult
	p := s.prepare(a, time.Time{}, false)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = s.put(ctx, tx, p, opts, true)
		return err
	})
	return res, err
}

// PutBatch writes all articles in one transaction, in order, without
// ExpectedVersion checks. If any article is invalid nothing is written and
// the error (wrapping knowledge.ErrInvalid) names it.
func (s *Store) PutBatch(ctx context.Context, as []knowledge.Article, opts knowledge.PutOptions) ([]knowledge.PutResult, error) {
	out := make([]knowledge.PutResult, 0, len(as))
	preps := s.prepareAll(as, s.clock())
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		st := &txStmts{tx: tx}
		for _, p := range preps {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := s.put(ctx, st, p, opts, false)
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

// execQuerier runs statements in a transaction: a *sql.Tx, or a txStmts
// over one.
type execQuerier interface {
	querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// txStmts runs a transaction's statements, preparing each once: a batch of
// puts runs the same three statements per article, and SQLite parsed each
// again every time (a quarter of PutBatch's time in a 10k-article
// import). The statements close with the transaction.
type txStmts struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *txStmts) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txStmts) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txStmts) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.tx.QueryRowContext(ctx, q, args...) // reports the same error
	}
	return st.QueryRowContext(ctx, args...)
}

// putPrep is the part of a put that needs no database: the article
// normalised and hashed, its extra front matter as stored and, in a batch,
// the snapshot it gets if it is new.
type putPrep struct {
	a     knowledge.Article
	extra string
	at    time.Time // the write's time (zero: when put runs)
	snap  []byte    // the stored snapshot as version 1 at at; nil: put encodes it
	err   error
}

// prepare normalises and hashes in; with encode it also encodes the
// snapshot the article gets if it is new (version 1 at at).
func (s *Store) prepare(in knowledge.Article, at time.Time, encode bool) putPrep {
	a, err := knowledge.Normalize(in)
	if err != nil {
		return putPrep{err: err}
	}
	a.ContentHash = a.ComputeHash()
	extra, err := marshalExtra(a.Extra)
	if err != nil {
		return putPrep{err: knowledge.InvalidArticle("article %q: extra front matter cannot be stored: %v", a.ID, err)}
	}
	p := putPrep{a: a, extra: extra, at: at}
	if encode {
		a.Version, a.UpdatedAt = 1, at
		if p.snap, err = s.encodeSnapshot(a); err != nil {
			return putPrep{err: err}
		}
	}
	return p
}

// prepareAll prepares a batch on every CPU before its transaction opens:
// encoding the snapshots (DEFLATE) was half of a 10k-article import's time
// inside PutBatch, on one core while the other idled. The articles of a
// batch are written at one time, at.
func (s *Store) prepareAll(as []knowledge.Article, at time.Time) []putPrep {
	out := make([]putPrep, len(as))
	workers := min(runtime.GOMAXPROCS(0), len(as))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(as); i += workers {
				out[i] = s.prepare(as[i], at, true)
			}
		}()
	}
	wg.Wait()
	return out
}

// encodeSnapshot returns the stored snapshot of a (snapshot.go).
func (s *Store) encodeSnapshot(a knowledge.Article) ([]byte, error) {
	snapshot, err := json.Marshal(a)
	if err != nil {
		return nil, knowledge.InvalidArticle("article %q cannot be stored: %v", a.ID, err)
	}
	stored, err := s.snaps.encode(snapshot)
	if err != nil {
		return nil, fmt.Errorf("record version %d of article %q: %w", a.Version, a.ID, err)
	}
	return stored, nil
}

func (s *Store) put(ctx context.Context, tx execQuerier, p putPrep, opts knowledge.PutOptions, checkVersion bool) (knowledge.PutResult, error) {
	if p.err != nil {
		return knowledge.PutResult{}, p.err
	}
	a, extra := p.a, p.extra
	old, err := getArticle(ctx, &s.snaps, tx, a.ID)
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
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET source = ?, source_path = ?, extra = ? WHERE id = ?`,
				a.Source, a.SourcePath, extra, a.ID); err != nil {
				return knowledge.PutResult{}, dbErr(fmt.Sprintf("save article %q", a.ID), err)
			}
			old.Source, old.SourcePath, old.Extra = a.Source, a.SourcePath, a.Extra
		}
		return knowledge.PutResult{Article: old}, nil
	}

	a.Version = 1
	if exists {
		a.Version = old.Version + 1
	}
	a.UpdatedAt = p.at
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.clock()
	}
	tags, err := json.Marshal(a.Tags)
	if err != nil {
		return knowledge.PutResult{}, knowledge.InvalidArticle("article %q: tags cannot be stored: %v", a.ID, err)
	}
	reviewBy := ""
	if !a.ReviewBy.IsZero() {
		reviewBy = a.ReviewBy.Format("2006-01-02")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO articles (`+articleColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET
			title = excluded.title, body = excluded.body, department = excluded.department,
			tags = excluded.tags, language = excluded.language, audience = excluded.audience,
			status = excluded.status, owner = excluded.owner, review_by = excluded.review_by,
			updated_at = excluded.updated_at, version = excluded.version,
			content_hash = excluded.content_hash, source = excluded.source,
			source_path = excluded.source_path, extra = excluded.extra`,
		a.ID, a.Title, bodyRef, a.Department, string(tags), a.Language, string(a.Audience), string(a.Status), a.Owner,
		reviewBy, formatTS(a.UpdatedAt), a.Version, a.ContentHash, a.Source, a.SourcePath, extra); err != nil {
		return knowledge.PutResult{}, dbErr(fmt.Sprintf("save article %q", a.ID), err)
	}
	stored := p.snap
	if a.Version != 1 || stored == nil {
		if stored, err = s.encodeSnapshot(a); err != nil {
			return knowledge.PutResult{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO article_versions (article_id, version, snapshot, author, message, at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.ID, a.Version, stored, opts.Author, opts.Message, formatTS(a.UpdatedAt)); err != nil {
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
