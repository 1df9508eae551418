package knowledge

import (
	"context"
	"time"
)

// ListFilter narrows ArticleStore.List. Zero values mean "any".
type ListFilter struct {
	Statuses   []Status // empty: every status
	Department string
	Language   string
	// Limit caps the number of articles returned; 0 means no limit.
	Limit int
	// WithoutBodies leaves Body empty (every other field is filled): for
	// lists, counts and checks that never show the text, so the store
	// need not read it (an embedded store keeps bodies compressed in the
	// version history, and reading them all took a second at 10k).
	WithoutBodies bool
}

// PutOptions controls ArticleStore.Put.
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

// Version is one entry of an article's history: the full article as it was
// saved, who saved it and why.
type Version struct {
	Version int       `json:"version"`
	Author  string    `json:"author"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
	Article Article   `json:"article"`
}

// MaxAutosaveBytes bounds one autosaved draft.
const MaxAutosaveBytes = 4 << 20

// The store is split by concern: each interface below is what one part of
// Concierge needs, and every store implementation (SQLite in
// knowledge/sqlitestore; a server database later) satisfies all of them,
// checked at compile time in the adapter. Every method is safe for
// concurrent use, writes are atomic, and errors wrap the sentinels in
// errors.go (ErrNotFound, ErrConflict, ErrInvalid, ErrClosed).

// ArticleStore keeps articles and their version history. Implementations
// validate with Normalize before writing.
type ArticleStore interface {
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
	// Versions returns the history of article id, newest first, or an error
	// wrapping ErrNotFound when the article does not exist.
	Versions(ctx context.Context, id string) ([]Version, error)
	// GetVersion returns one entry of the history, or ErrNotFound.
	GetVersion(ctx context.Context, id string, version int) (Version, error)
}

// AutosaveStore keeps the editor's unsaved form per article and author.
// Autosaves are not versions: they never reach articles or the history.
type AutosaveStore interface {
	// PutAutosave replaces the autosave of articleID ("" for an article not
	// created yet) by author; data is at most MaxAutosaveBytes of UTF-8.
	PutAutosave(ctx context.Context, articleID, author, data string) error
	// Autosave returns the draft and when it was saved, or ErrNotFound.
	Autosave(ctx context.Context, articleID, author string) (string, time.Time, error)
	// DeleteAutosave drops the draft (no error when there is none).
	DeleteAutosave(ctx context.Context, articleID, author string) error
}

// QueryLogStore keeps the local log of searches editors mine for gaps.
type QueryLogStore interface {
	// LogQuery appends to the query log.
	LogQuery(ctx context.Context, e QueryLogEntry) error
	// QueryLog returns the newest entries first, at most limit (0: all).
	QueryLog(ctx context.Context, limit int) ([]QueryLogEntry, error)
	// WeakQueries returns the searches logged at or after since (zero: all)
	// that found at most maxResults results or whose best score was at most
	// maxTopScore, newest first.
	WeakQueries(ctx context.Context, since time.Time, maxResults int, maxTopScore float64) ([]QueryLogEntry, error)
}

// MetaStore keeps small settings (for example whether the sample was
// imported).
type MetaStore interface {
	Meta(ctx context.Context, key string) (string, bool, error)
	SetMeta(ctx context.Context, key, value string) error
}

// Stores is everything Concierge persists, in one value: the aggregate a
// store implementation provides and the wiring (knowledge/wiring) opens.
// RequestStore, Ledger and RatingStore are declared beside their types.
type Stores interface {
	ArticleStore
	AutosaveStore
	QueryLogStore
	MetaStore
	RequestStore
	Ledger
	LedgerChain  // ledgerchain.go
	LedgerReview // ledgerreview.go
	RatingStore
	RequestLifecycleStore
	RevisionStore // revision.go
	// Close releases the store; later calls fail with ErrClosed.
	Close() error
}

// GetInChunks is a store's GetMany: it reads the articles with the given
// ids with read, chunk ids per call, and returns those that exist in the
// order of ids, each once.
func GetInChunks(ids []string, chunk int, read func(ids []string) ([]Article, error)) ([]Article, error) {
	byID := make(map[string]Article, len(ids))
	for lo := 0; lo < len(ids); lo += chunk {
		as, err := read(ids[lo:min(lo+chunk, len(ids))])
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			byID[a.ID] = a
		}
	}
	out := make([]Article, 0, len(byID))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			out = append(out, a)
			delete(byID, id)
		}
	}
	return out, nil
}
