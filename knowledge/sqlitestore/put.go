package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
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
	p := s.prepare(a, time.Time{})
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
	preps, err := s.prepareAll(ctx, as, s.clock())
	if err != nil {
		return nil, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
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
	snap  []byte    // the stored snapshot as version snapV at at; nil: put encodes it
	snapV int
	err   error
}

// prepare normalises and hashes in, to be written at at (zero: when put
// runs).
func (s *Store) prepare(in knowledge.Article, at time.Time) putPrep {
	a, err := knowledge.Normalize(in)
	if err != nil {
		return putPrep{err: err}
	}
	a.ContentHash = a.ComputeHash()
	extra, err := marshalExtra(a.Extra)
	if err != nil {
		return putPrep{err: knowledge.InvalidArticle("article %q: extra front matter cannot be stored: %v", a.ID, err)}
	}
	return putPrep{a: a, extra: extra, at: at}
}

// encodeAs encodes p's snapshot as the given version at p.at, the one put
// writes when the article does get that version.
func (s *Store) encodeAs(p *putPrep, version int) {
	a := p.a
	a.Version, a.UpdatedAt = version, p.at
	snap, err := s.encodeSnapshot(a)
	if err != nil {
		p.err = err
		return
	}
	p.snap, p.snapV = snap, version
}

// prepareAll prepares a batch on every CPU before its transaction opens:
// encoding the snapshots (DEFLATE) was half of a 10k-article import's time
// inside PutBatch, on one core while the other idled. Each article's
// snapshot is encoded as the version it will get, from the versions and
// hashes stored now (none for an unchanged article, which gets no new
// version); put encodes again the rare one another writer moved on
// meanwhile. The articles of a batch are written at one time, at.
func (s *Store) prepareAll(ctx context.Context, as []knowledge.Article, at time.Time) ([]putPrep, error) {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	cur, err := s.currentVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]putPrep, len(as))
	workers := min(runtime.GOMAXPROCS(0), len(as))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(as); i += workers {
				p := &out[i]
				*p = s.prepare(as[i], at)
				if c, ok := cur[p.a.ID]; p.err == nil && (!ok || c.hash != p.a.ContentHash) {
					s.encodeAs(p, c.version+1) // an unchanged article gets no new version
				}
			}
		}()
	}
	wg.Wait()
	return out, nil
}

// storedVersion is an article's current version and content hash.
type storedVersion struct {
	version int
	hash    string
}

// currentVersions returns the stored version and content hash of those of
// ids that exist, getManyChunk per query.
func (s *Store) currentVersions(ctx context.Context, ids []string) (map[string]storedVersion, error) {
	out := make(map[string]storedVersion, len(ids))
	for lo := 0; lo < len(ids); lo += getManyChunk {
		chunk := ids[lo:min(lo+getManyChunk, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		type row struct {
			id string
			v  storedVersion
		}
		rows, err := queryAll(ctx, s.db, "read the articles' versions", func(r rowScanner) (row, error) {
			var x row
			err := r.Scan(&x.id, &x.v.version, &x.v.hash)
			return x, err
		}, `SELECT id, version, content_hash FROM articles WHERE id IN (?`+strings.Repeat(`,?`, len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, err
		}
		for _, x := range rows {
			out[x.id] = x.v
		}
	}
	return out, nil
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
	if stored == nil || p.snapV != a.Version {
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
