package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"concierge/knowledge"
)

// Versions returns the history of article id, newest first, or an error
// wrapping knowledge.ErrNotFound when the article does not exist.
func (s *Store) Versions(ctx context.Context, id string) ([]knowledge.Version, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, snapshot, author, message, at FROM article_versions
		WHERE article_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, dbErr(fmt.Sprintf("read the history of article %q", id), err)
	}
	defer rows.Close()
	var out []knowledge.Version
	for rows.Next() {
		var v knowledge.Version
		var snap []byte
		var at string
		if err := rows.Scan(&v.Version, &snap, &v.Author, &v.Message, &at); err != nil {
			return nil, dbErr(fmt.Sprintf("read the history of article %q", id), err)
		}
		js, err := s.snaps.decode(snap)
		if err == nil {
			err = json.Unmarshal(js, &v.Article)
		}
		if err != nil {
			return nil, fmt.Errorf("version %d of article %q is damaged: %w", v.Version, id, err)
		}
		if v.At, err = parseTS(at); err != nil {
			return nil, fmt.Errorf("version %d of article %q has a damaged time: %w", v.Version, id, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(fmt.Sprintf("read the history of article %q", id), err)
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
	doing := fmt.Sprintf("read version %d of article %q", v, id)
	out := knowledge.Version{Version: v}
	var snap []byte
	var at string
	err := s.db.QueryRowContext(ctx, `SELECT snapshot, author, message, at FROM article_versions
		WHERE article_id = ? AND version = ?`, id, v).Scan(&snap, &out.Author, &out.Message, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("version %d of %q: %w", v, id, knowledge.ErrNotFound)
	}
	if err != nil {
		return out, dbErr(doing, err)
	}
	js, err := s.snaps.decode(snap)
	if err == nil {
		err = json.Unmarshal(js, &out.Article)
	}
	if err != nil {
		return out, fmt.Errorf("version %d of article %q is damaged: %w", v, id, err)
	}
	if out.At, err = parseTS(at); err != nil {
		return out, fmt.Errorf("version %d of article %q has a damaged time: %w", v, id, err)
	}
	return out, nil
}
