// Package knowledge holds Concierge's knowledge model: articles, the store
// interface that persists them, and the errors shared by every implementation.
// Subpackages provide the SQLite store, Markdown rendering, import, passage
// splitting, embedding and hybrid search.
package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// Audience says who may read an article.
type Audience string

const (
	AudienceInternal Audience = "internal"
	AudienceCustomer Audience = "customer-facing"
)

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return a == AudienceInternal || a == AudienceCustomer }

// Status is an article's place in the editorial workflow.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusReview    Status = "review"
	StatusPublished Status = "published"
	StatusArchived  Status = "archived"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusDraft, StatusReview, StatusPublished, StatusArchived:
		return true
	}
	return false
}

// Article is one knowledge base entry. ID is a stable slug. Body is Markdown
// without front matter. Extra keeps front matter keys Concierge does not know,
// so that an import followed by an export loses nothing.
type Article struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Department  string    `json:"department"`
	Tags        []string  `json:"tags"`
	Language    string    `json:"language"`
	Audience    Audience  `json:"audience"`
	Status      Status    `json:"status"`
	Owner       string    `json:"owner"`
	ReviewBy    time.Time `json:"reviewBy"` // zero: no review date
	UpdatedAt   time.Time `json:"updatedAt"`
	Version     int       `json:"version"`
	ContentHash string    `json:"contentHash"`
	// Source identifies where an imported article came from (the imported
	// folder's absolute path, or "sample" for the bundled knowledge base);
	// SourcePath is the file's path relative to it, with forward slashes.
	// Both are empty for articles written in the app.
	Source     string         `json:"source,omitempty"`
	SourcePath string         `json:"sourcePath,omitempty"`
	Extra      map[string]any `json:"extra,omitempty"`
}

// ComputeHash returns the content hash of everything that affects what the
// article says or where it is found: title, body and metadata, but not the
// version, update time or hash itself. Two articles with equal hashes index
// identically.
func (a Article) ComputeHash() string {
	h := sha256.New()
	w := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	w(a.ID)
	w(a.Title)
	w(a.Body)
	w(a.Department)
	tags := append([]string(nil), a.Tags...)
	sort.Strings(tags)
	w(strings.Join(tags, "\x1f"))
	w(a.Language)
	w(string(a.Audience))
	w(string(a.Status))
	w(a.Owner)
	if !a.ReviewBy.IsZero() {
		w(a.ReviewBy.UTC().Format("2006-01-02"))
	} else {
		w("")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Stale reports whether the article's review-by date has passed at now.
func (a Article) Stale(now time.Time) bool {
	return !a.ReviewBy.IsZero() && a.ReviewBy.Before(now)
}
