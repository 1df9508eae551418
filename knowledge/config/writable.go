package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// ErrReadOnly: the data folder cannot be written (a read-only disk or
// share, or no write permission). The app can still show what it holds,
// read-only, with a banner saying so.
var ErrReadOnly = errors.New("the data folder is read-only")

// CheckWritable reports whether files can be created in dir by creating
// and removing a small one. It returns nil when they can, an error wrapping
// ErrReadOnly (naming the folder) when the folder is read-only or not
// writable by this user, and other errors as they are (a missing folder, a
// full disk).
func CheckWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".concierge-write-check-*")
	if err == nil {
		name := f.Name()
		_, err = f.Write([]byte{'x'})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if rerr := os.Remove(name); err == nil {
			err = rerr
		}
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s cannot be written (%v): %w", dir, plainPathErr(err), ErrReadOnly)
	}
	return fmt.Errorf("check that %s can be written: %w", dir, err)
}

func plainPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
