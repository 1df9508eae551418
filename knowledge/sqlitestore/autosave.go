package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"concierge/knowledge"
)

// PutAutosave keeps data (the editor's unsaved form, as JSON) for articleID
// ("" for an article not created yet) and author, replacing the previous
// autosave. Autosaves are not versions: they never reach articles or the
// history.
func (s *Store) PutAutosave(ctx context.Context, articleID, author, data string) error {
	if len(data) > knowledge.MaxAutosaveBytes {
		return knowledge.InvalidArticle("the autosaved draft is %d bytes, more than the %d limit", len(data), knowledge.MaxAutosaveBytes)
	}
	if !utf8.ValidString(data) || !utf8.ValidString(articleID) || !utf8.ValidString(author) {
		return knowledge.InvalidArticle("the autosaved draft is not valid UTF-8 text")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO article_autosaves (article_id, author, data, at) VALUES (?, ?, ?, ?)
			ON CONFLICT(article_id, author) DO UPDATE SET data = excluded.data, at = excluded.at`,
			articleID, author, data, formatTS(s.clock()))
		if err != nil {
			return dbErr("autosave the draft", err)
		}
		return nil
	})
}

// Autosave returns the autosaved draft of articleID by author and when it
// was saved, or an error wrapping knowledge.ErrNotFound.
func (s *Store) Autosave(ctx context.Context, articleID, author string) (string, time.Time, error) {
	if err := s.check(); err != nil {
		return "", time.Time{}, err
	}
	var data, at string
	err := s.db.QueryRowContext(ctx, `SELECT data, at FROM article_autosaves WHERE article_id = ? AND author = ?`,
		articleID, author).Scan(&data, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("autosave of %q: %w", articleID, knowledge.ErrNotFound)
	}
	if err != nil {
		return "", time.Time{}, dbErr("read the autosaved draft", err)
	}
	t, err := parseTS(at)
	if err != nil {
		return "", time.Time{}, dbErr("read the autosaved draft", err)
	}
	return data, t, nil
}

// DeleteAutosave drops the autosaved draft (no error when there is none).
func (s *Store) DeleteAutosave(ctx context.Context, articleID, author string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_autosaves WHERE article_id = ? AND author = ?`, articleID, author); err != nil {
			return dbErr("discard the autosaved draft", err)
		}
		return nil
	})
}
