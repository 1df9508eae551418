package knowledge

import (
	"context"
	"time"
)

// ListFilter narrows Store.List. Zero values mean "any".
type ListFilter struct {
	Statuses   []Status // empty: every status
	Department string
	Language   string
	// Limit caps the number of articles returned; 0 means no limit.
	Limit int
}

// PutOptions controls Store.Put.
type PutOptions struct {
	// ExpectedVersion, when > 0, makes Put fail with ErrConflict unless the
	// stored article has exactly this version. 0 skips the check.
	ExpectedVersion int
	// Author and Message describe the change for the version history.
	Author  string
	Message string
}

// PutResult tells what Put did.
type PutResult struct {
	Article Article
	// Changed is false when the content hash equalled the stored one, in
	// which case nothing was written and the version did not move.
	Changed bool
	// Created is true when no article with that id existed before.
	Created bool
}

// Counts summarises the store for status displays.
type Counts struct {
	Articles     int            `json:"articles"`
	ByStatus     map[Status]int `json:"byStatus"`
	Departments  int            `json:"departments"`
	LastUpdateAt time.Time      `json:"lastUpdateAt"`
}

// QueryLogEntry is one search a user ran; editors use the log to find gaps.
type QueryLogEntry struct {
	At       time.Time `json:"at"`
	Query    string    `json:"query"`
	Mode     string    `json:"mode"`
	Results  int       `json:"results"`
	TopScore float64   `json:"topScore"`
	Source   string    `json:"source"` // "app" or "cli"
	Filters  string    `json:"filters,omitempty"`
}

// Store persists articles. The embedded default is SQLite (package
// knowledge/sqlitestore); a server database can implement the same interface.
// Every method is safe for concurrent use. Writes are atomic.
type Store interface {
	// Get returns the article with id, or an error wrapping ErrNotFound.
	Get(ctx context.Context, id string) (Article, error)
	// Put creates or updates an article. It validates it (ErrInvalid),
	// recomputes ContentHash, bumps Version and UpdatedAt when the content
	// changed, and records the new version in the history.
	Put(ctx context.Context, a Article, opts PutOptions) (PutResult, error)
	// PutBatch writes many articles in one transaction (used by import);
	// results are in input order. No ExpectedVersion checks are made.
	PutBatch(ctx context.Context, as []Article, opts PutOptions) ([]PutResult, error)
	// List returns articles ordered by id.
	List(ctx context.Context, f ListFilter) ([]Article, error)
	// Hashes returns id → content hash for every article (any status); the
	// indexes use it to detect and repair drift after a crash.
	Hashes(ctx context.Context) (map[string]string, error)
	// Counts summarises the store.
	Counts(ctx context.Context) (Counts, error)
	// LogQuery appends to the local query log.
	LogQuery(ctx context.Context, e QueryLogEntry) error
	// QueryLog returns the newest entries first, at most limit (0: all).
	QueryLog(ctx context.Context, limit int) ([]QueryLogEntry, error)
	// Meta and SetMeta keep small settings (for example the active embedder).
	Meta(ctx context.Context, key string) (string, bool, error)
	SetMeta(ctx context.Context, key, value string) error
	Close() error
}
