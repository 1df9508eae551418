package knowledge

import "errors"

// Sentinel errors shared by every Store implementation. Wrap them with %w and
// test with errors.Is.
var (
	// ErrNotFound: no article (or record) with that id.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the article changed since the caller read it (optimistic concurrency).
	ErrConflict = errors.New("the article was changed by someone else since you opened it")
	// ErrInvalid: the article fails validation; the wrapped message says which field.
	ErrInvalid = errors.New("invalid article")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store is closed")
)
