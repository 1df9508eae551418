package core

import (
	"fmt"
	"os"
	"path/filepath"
)

// indexRootFor returns the folder of the search indexes: index/ in the
// data folder, or, when the knowledge base is open read-only (the data
// folder cannot be written), a temporary folder (temp true) that Close
// removes; the indexes are then built there from the store at start.
func indexRootFor(opts Options) (dir string, temp bool, err error) {
	if opts.ReadOnly == "" {
		return filepath.Join(opts.DataDir, indexDir), false, nil
	}
	dir, err = os.MkdirTemp("", "concierge-index-")
	if err != nil {
		return "", false, fmt.Errorf("the data folder is read-only and no temporary folder for the search index can be made: %w", err)
	}
	return dir, true, nil
}

// ReadOnly says why the knowledge base is open read-only ("" when it is
// writable). Searching and reading work; every change is refused with
// knowledge.ErrReadOnly.
func (c *Core) ReadOnly() string { return c.readOnly }
