package sqlitestore

import (
	"concierge/knowledge"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Storage faults (the sentinels live in package knowledge). Errors of every
// Store method wrap one of these when the database file (not the request)
// is at fault.
var (
	ErrCorrupt  = knowledge.ErrCorrupt
	ErrDiskFull = knowledge.ErrDiskFull
	ErrReadOnly = knowledge.ErrReadOnly
)

// classify returns the storage fault err is, or nil.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return ErrCorrupt
		case sqlite3.SQLITE_FULL:
			return ErrDiskFull
		case sqlite3.SQLITE_READONLY:
			return ErrReadOnly
		case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM:
		default:
			return nil
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return ErrDiskFull
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return ErrReadOnly
	}
	return nil
}

// faultErr wraps err with its storage fault, if any, keeping err's text.
func faultErr(doing string, err error) error {
	if f := classify(err); f != nil && !errors.Is(err, f) {
		return fmt.Errorf("%s: %w (%v)", doing, f, err)
	}
	return nil
}

// Verify runs SQLite's quick integrity check over the whole file (a few
// milliseconds per megabyte) and returns an error wrapping ErrCorrupt,
// naming the file and the first problems, when it finds damage that
// reads of single articles may not notice yet.
func (s *Store) Verify(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, "PRAGMA quick_check(5)")
	if err != nil {
		if f := faultErr("check the knowledge database "+s.path, err); f != nil {
			return f
		}
		return dbErr("check", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return dbErr("check", err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		if f := faultErr("check the knowledge database "+s.path, err); f != nil {
			return f
		}
		return dbErr("check", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("knowledge database %s: %w: %v", s.path, ErrCorrupt, problems)
	}
	return nil
}
