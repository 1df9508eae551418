package sqlitestore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"concierge/knowledge"
)

// Version is one entry of an article's history: the full article as it was
// saved, who saved it and why.
type Version struct {
	Version int               `json:"version"`
	Author  string            `json:"author"`
	Message string            `json:"message"`
	At      time.Time         `json:"at"`
	Article knowledge.Article `json:"article"`
}

// Versions returns the history of article id, newest first, or an error
// wrapping knowledge.ErrNotFound when the article does not exist.
func (s *Store) Versions(ctx context.Context, id string) ([]Version, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, snapshot, author, message, at FROM article_versions
		WHERE article_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, dbErr(fmt.Sprintf("read the history of article %q", id), err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var snap, at string
		if err := rows.Scan(&v.Version, &snap, &v.Author, &v.Message, &at); err != nil {
			return nil, dbErr(fmt.Sprintf("read the history of article %q", id), err)
		}
		if err := json.Unmarshal([]byte(snap), &v.Article); err != nil {
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
