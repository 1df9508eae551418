package core

import (
	"context"
	"fmt"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
)

// Versions lists the article's history, newest first.
func (c *Core) Versions(ctx context.Context, id string) ([]VersionInfo, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	list, err := c.store.Versions(ctx, id)
	if err != nil {
		return nil, notFound(id, err)
	}
	out := make([]VersionInfo, 0, len(list))
	for _, v := range list {
		out = append(out, VersionInfo{Version: v.Version, Author: v.Author, Message: v.Message,
			At: formatTime(v.At), Status: string(v.Article.Status), Title: v.Article.Title})
	}
	return out, nil
}

// Diff compares two versions (0: the current one): changed title and
// metadata first, as delete/insert pairs numbered 0, then the body lines.
func (c *Core) Diff(ctx context.Context, id string, fromVersion, toVersion int) ([]DiffLine, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	a, err := c.articleVersion(ctx, id, fromVersion)
	if err != nil {
		return nil, fmt.Errorf("version %d of %q: %w", fromVersion, id, notFound(id, err))
	}
	b, err := c.articleVersion(ctx, id, toVersion)
	if err != nil {
		return nil, fmt.Errorf("version %d of %q: %w", toVersion, id, notFound(id, err))
	}
	return editorial.DiffArticles(a, b), nil
}

// Restore writes a new version whose content (title, body and metadata)
// equals version `version`; the workflow status stays as it is.
func (c *Core) Restore(ctx context.Context, id string, version, expectedVersion int) (EditableArticle, error) {
	author, err := c.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	cur, err := c.current(ctx, id, expectedVersion)
	if err != nil {
		return EditableArticle{}, err
	}
	old, err := c.articleVersion(ctx, id, version)
	if err != nil {
		return EditableArticle{}, fmt.Errorf("version %d of %q is not available", version, id)
	}
	a, err := apply(cur, InputOf(old))
	if err != nil {
		return EditableArticle{}, err
	}
	if open, review, err := c.reviewsEdits(ctx, cur); err != nil {
		return EditableArticle{}, err
	} else if review { // revisions.go: restoring a published article is an edit to review
		res, err := c.proposeRevision(ctx, cur, a, open, author, fmt.Sprintf("Restore version %d", version))
		return res.Article, err
	}
	res, err := c.save(ctx, a, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: author,
		Message: fmt.Sprintf("Restored version %d", version)}, knowledge.KindRestored)
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	return c.editable(ctx, res.Article), nil
}
