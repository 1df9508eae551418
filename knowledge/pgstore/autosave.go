package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// PutAutosave keeps data (the editor's unsaved form) for articleID ("" for
// an article not created yet) and author, replacing the previous autosave.
// Autosaves belong to the signed-in person: nobody else reads them.
func (s *Store) PutAutosave(ctx context.Context, articleID, author, data string) error {
	if len(data) > knowledge.MaxAutosaveBytes {
		return knowledge.InvalidArticle("the autosaved draft is %d bytes, more than the %d limit", len(data), knowledge.MaxAutosaveBytes)
	}
	if !utf8.ValidString(data) || !utf8.ValidString(articleID) || !utf8.ValidString(author) {
		return knowledge.InvalidArticle("the autosaved draft is not valid UTF-8 text")
	}
	if err := noNUL("the autosaved draft", data, articleID, author); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO article_autosaves (article_id, author, data, at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (signed_in, article_id, author) DO UPDATE SET data = excluded.data, at = excluded.at`,
		articleID, author, data, s.clock()); err != nil {
		return dbErr("autosave the draft", err)
	}
	return nil
}

// Autosave returns the autosaved draft of articleID by author and when it
// was saved, or an error wrapping knowledge.ErrNotFound.
func (s *Store) Autosave(ctx context.Context, articleID, author string) (string, time.Time, error) {
	if err := s.check(); err != nil {
		return "", time.Time{}, err
	}
	var data string
	var at time.Time
	err := s.pool.QueryRow(ctx, `SELECT data, at FROM article_autosaves
		WHERE signed_in = current_user AND article_id = $1 AND author = $2`, articleID, author).Scan(&data, &at)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", time.Time{}, fmt.Errorf("autosave of %q: %w", articleID, knowledge.ErrNotFound)
	}
	if err != nil {
		return "", time.Time{}, dbErr("read the autosaved draft", err)
	}
	return data, at.UTC(), nil
}

// DeleteAutosave drops the autosaved draft (no error when there is none).
func (s *Store) DeleteAutosave(ctx context.Context, articleID, author string) error {
	if err := s.check(); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM article_autosaves
		WHERE signed_in = current_user AND article_id = $1 AND author = $2`, articleID, author); err != nil {
		return dbErr("discard the autosaved draft", err)
	}
	return nil
}
