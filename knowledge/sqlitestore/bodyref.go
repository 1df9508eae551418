package sqlitestore

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// An article's current body is not stored in its articles row: the row
// holds bodyRef, and the body is read from the snapshot of the row's
// version in article_versions. Every put writes that snapshot in the same
// transaction, snapshots are append-only, and articles are never deleted,
// so the reference always resolves. Storing the body in both places held
// each article twice (the row as plain TEXT, about one row per 4 KB page,
// plus the compressed snapshot): 10,000 articles of 28 MB of Markdown
// took 41 MB of articles rows and the data folder went over twice the
// Markdown (issue 9).
//
// bodyRef is a BLOB and bodies are always bound as TEXT, so the column's
// type tells the two apart: rows written before (TEXT bodies) read as they
// are and nothing needs migrating. The bytes name the format, should
// another ever be needed.
var bodyRef = []byte{0, 'V', '1'}

// migrationBodyRef is migration 9 (see migrations); it has nothing to do.
const migrationBodyRef = `SELECT 1`

// articleSelect selects the columns scanArticle reads: articleColumns,
// with the referenced snapshot after body (NULL for a TEXT body).
const articleSelect = `SELECT id, title, body,
	CASE WHEN typeof(body) = 'blob' THEN (SELECT v.snapshot FROM article_versions v
		WHERE v.article_id = articles.id AND v.version = articles.version) END,
	department, tags, language, audience, status, owner,
	review_by, updated_at, version, content_hash, source, source_path, extra
	FROM articles`

// articleSelectNoBody is articleSelect without the text (ListFilter.WithoutBodies).
const articleSelectNoBody = `SELECT id, title, '', NULL,
	department, tags, language, audience, status, owner,
	review_by, updated_at, version, content_hash, source, source_path, extra
	FROM articles`

// resolveBody returns the body of the article whose row holds body (a
// string, or bodyRef) and, for bodyRef, snap: the stored snapshot of the
// row's version. hash is the row's content hash, which the snapshot must
// have too: a snapshot of other content would be a wrong body, silently.
func resolveBody(c *snapshotCodec, id string, version int, hash string, body any, snap []byte) (string, error) {
	switch b := body.(type) {
	case string:
		return b, nil
	case []byte:
		if !bytes.Equal(b, bodyRef) {
			return "", fmt.Errorf("article %q has a body in an unknown format (%q)", id, b[:min(len(b), 8)])
		}
	default:
		return "", fmt.Errorf("article %q has a body of type %T", id, body)
	}
	if snap == nil {
		return "", fmt.Errorf("article %q: its text is in version %d of its history, which is missing", id, version)
	}
	js, err := c.decode(snap)
	if err != nil {
		return "", fmt.Errorf("article %q: version %d, which holds its text, is damaged: %w", id, version, err)
	}
	var s struct {
		ID          string `json:"id"`
		Body        string `json:"body"`
		ContentHash string `json:"contentHash"`
	}
	if err := json.Unmarshal(js, &s); err != nil {
		return "", fmt.Errorf("article %q: version %d, which holds its text, is damaged: %w", id, version, err)
	}
	if s.ID != id || s.ContentHash != hash {
		return "", fmt.Errorf("article %q: version %d of its history is not its current content (content hash %q, article %q)",
			id, version, s.ContentHash, hash)
	}
	return s.Body, nil
}
