package core

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"concierge/knowledge"
)

// Autosave keeps the form's state for id ("" for a new article), apart from
// the versions, per author.
func (c *Core) Autosave(ctx context.Context, id string, in ArticleInput) error {
	author, err := c.editor()
	if err != nil {
		return err
	}
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return readable(c.store.PutAutosave(ctx, strings.TrimSpace(id), author, string(data)))
}

// LoadAutosave returns the autosaved form for id, or nil when there is none
// (or it is damaged: a damaged autosave is no draft).
func (c *Core) LoadAutosave(ctx context.Context, id string) (*ArticleInput, error) {
	author, err := c.editor()
	if err != nil {
		return nil, err
	}
	data, _, err := c.store.Autosave(ctx, strings.TrimSpace(id), author)
	if errors.Is(err, knowledge.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var in ArticleInput
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return nil, nil
	}
	in.Tags = nonNil(in.Tags)
	return &in, nil
}

// DiscardAutosave drops the autosaved form for id.
func (c *Core) DiscardAutosave(ctx context.Context, id string) error {
	author, err := c.editor()
	if err != nil {
		return err
	}
	return c.store.DeleteAutosave(ctx, strings.TrimSpace(id), author)
}
