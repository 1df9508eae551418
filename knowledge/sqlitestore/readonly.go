package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// OpenReadOnly opens the database at path for reading only, as it is:
// no migration, no journal, no lock files, so it works on a read-only disk
// or share (see config.CheckWritable) where Open fails with ErrReadOnly.
// Writes fail with ErrReadOnly. The file must not be changed by another
// process while it is open this way, and changes still in a write-ahead
// log that a crashed writer left behind are not seen.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open knowledge database %q read-only: %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1")
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open knowledge database %q read-only: %w", path, err)
	}
	var version int
	if err := db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		db.Close()
		if f := faultErr(fmt.Sprintf("open knowledge database %q read-only", path), err); f != nil {
			return nil, f
		}
		return nil, fmt.Errorf("open knowledge database %q read-only: %w", path, err)
	}
	if version < readableSchema {
		db.Close()
		return nil, fmt.Errorf("open knowledge database %q read-only: it was written by an older Concierge (schema %d of %d) and cannot be upgraded without writing: %w",
			path, version, len(migrations), ErrReadOnly)
	}
	return &Store{db: db, path: path, now: time.Now}, nil
}

// cannotWrite reports whether the database file at path, or its folder
// (SQLite creates its -wal and -shm files there), cannot be written.
func cannotWrite(path string) bool {
	ro := func(err error) bool {
		return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
	}
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if ro(err) {
		return true
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".concierge-write-check-*")
	if err != nil {
		return ro(err)
	}
	f.Close()
	os.Remove(f.Name())
	return false
}
