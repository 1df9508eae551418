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

// Sentinels of server stores (team mode). The embedded store never returns them.
var (
	// ErrForbidden: the signed-in person's role does not allow this (for
	// example an agent saving an article); the server enforces it.
	ErrForbidden = errors.New("your role does not allow this")
	// ErrUnavailable: the team database cannot be reached; nothing was written.
	ErrUnavailable = errors.New("the team database cannot be reached")
)

// Storage faults: the store's files (not the request) are at fault, so the
// user is told what to do: export what is readable (ErrCorrupt), free disk
// space (ErrDiskFull), or work read-only (ErrReadOnly).
var (
	// ErrCorrupt: the database file is damaged or not a database.
	ErrCorrupt = errors.New("the knowledge database file is damaged")
	// ErrDiskFull: the disk holding the database is full; the write was
	// rolled back and everything saved before it is intact.
	ErrDiskFull = errors.New("the disk holding the knowledge database is full")
	// ErrReadOnly: the database file or its folder cannot be written.
	ErrReadOnly = errors.New("the knowledge database is read-only")
)
