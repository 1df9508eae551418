package wiring

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/sqlitestore"
)

// Opened is what OpenForApp opened.
type Opened struct {
	Stores knowledge.Stores
	// Feed is the team database's change feed (nil for the local database).
	Feed knowledge.Team
	// ReadOnly says why the local database was opened read-only ("" when
	// it is writable); pass it to core.Options.ReadOnly.
	ReadOnly string
}

// OpenForApp opens the store like OpenStoresAndFeed, for the desktop app:
// when the data folder or the database file cannot be written (a read-only
// disk or share, no permission), an existing local knowledge base is opened
// read-only instead of refusing to start, and ReadOnly says why, so that
// the window can still search and read it and show a banner.
func OpenForApp(ctx context.Context, dataDir string, cfg config.Config, opts ...Option) (Opened, error) {
	opened, check, err := OpenForAppCheckLater(ctx, dataDir, cfg, opts...)
	if err == nil && check != nil {
		if verr := check(ctx); errors.Is(verr, knowledge.ErrCorrupt) {
			opened.Stores.Close()
			return openSalvaged(ctx, dataDir, verr)
		}
	}
	return opened, err
}

// OpenForAppCheckLater is OpenForApp without the check of the local
// database file, which it returns instead (nil when there is nothing to
// check) for the app to run once its window is up: at 100k articles the
// check takes most of a second, and the window waited for it at every
// start. A check that finds damage returns an error wrapping
// knowledge.ErrCorrupt; OpenForApp then opens the salvaged copy.
func OpenForAppCheckLater(ctx context.Context, dataDir string, cfg config.Config, opts ...Option) (Opened, func(context.Context) error, error) {
	if UsesTeamDatabase(cfg) {
		st, feed, err := OpenStoresAndFeed(ctx, dataDir, cfg, opts...)
		return Opened{Stores: st, Feed: feed}, nil, err
	}
	path := filepath.Join(dataDir, DBFile)
	werr := config.CheckWritable(dataDir)
	if werr == nil {
		st, err := OpenStores(ctx, dataDir, cfg, opts...)
		if errors.Is(err, knowledge.ErrCorrupt) {
			o, err := openSalvaged(ctx, dataDir, err)
			return o, nil, err
		}
		if err == nil {
			// A damaged page may open fine and fail only when read: the
			// whole file is checked (a few milliseconds per megabyte), so
			// that the window never shows a silently short knowledge base.
			var check func(context.Context) error
			if v, ok := st.(interface{ Verify(context.Context) error }); ok {
				check = v.Verify
			}
			return Opened{Stores: st}, check, nil
		}
		if !errors.Is(err, knowledge.ErrReadOnly) {
			return Opened{Stores: st}, nil, err
		}
		werr = err // the folder can be written but the database file cannot
	} else if !errors.Is(werr, config.ErrReadOnly) {
		// A missing folder is created by OpenStores; other errors are its to report.
		st, err := OpenStores(ctx, dataDir, cfg, opts...)
		return Opened{Stores: st}, nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return Opened{}, nil, fmt.Errorf("%w, and it holds no knowledge base to show (%s is missing): choose a writable folder with --data-dir or $%s",
			werr, DBFile, config.EnvDataDir)
	}
	st, err := sqlitestore.OpenReadOnly(ctx, path)
	if err != nil {
		return Opened{}, nil, fmt.Errorf("%w; opening it read-only failed too: %w", werr, err)
	}
	return Opened{Stores: st, ReadOnly: readOnlyReason(dataDir, werr)}, nil, nil
}

// readOnlyReason is the banner's explanation.
func readOnlyReason(dataDir string, err error) string {
	why := "it is read-only"
	switch {
	case errors.Is(err, syscall.EROFS), strings.Contains(err.Error(), syscall.EROFS.Error()):
		why = "it is on a read-only disk or share"
	case errors.Is(err, fs.ErrPermission), strings.Contains(err.Error(), syscall.EACCES.Error()):
		why = "you have no permission to write there"
	}
	return fmt.Sprintf("the knowledge base in %s is open read-only because %s. Searching and reading work; saving, importing and recording suggestions are off until Concierge runs with a writable data folder", dataDir, why)
}

// openSalvaged is the window's recovery path for a damaged local database
// (damage is the error opening it gave): every article still readable is
// copied into a temporary database opened read-only, so that the window
// shows them — with a banner saying the file is damaged and how to rebuild
// it — instead of refusing to start or showing an empty knowledge base. The
// damaged file is left as it is.
func openSalvaged(ctx context.Context, dataDir string, damage error) (Opened, error) {
	rep, err := SalvageLocal(ctx, dataDir)
	if err != nil {
		return Opened{}, fmt.Errorf("%w; reading what is left failed too: %w", damage, err)
	}
	tmp, err := os.MkdirTemp("", "concierge-salvage-")
	if err != nil {
		return Opened{}, fmt.Errorf("%w; no temporary folder for what could be read: %w", damage, err)
	}
	path := filepath.Join(tmp, DBFile)
	w, err := sqlitestore.Open(ctx, path)
	if err == nil && len(rep.Articles) > 0 {
		_, err = w.PutBatch(ctx, rep.Articles, knowledge.PutOptions{Author: "salvage"})
	}
	if w != nil {
		w.Close()
	}
	var st *sqlitestore.Store
	if err == nil {
		st, err = sqlitestore.OpenReadOnly(ctx, path)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return Opened{}, fmt.Errorf("%w; showing what could be read failed: %w", damage, err)
	}
	why := fmt.Sprintf("the knowledge database %s is damaged. Showing, read-only, the %d articles that could still be read", filepath.Join(dataDir, DBFile), len(rep.Articles))
	if rep.Unreadable > 0 {
		why += fmt.Sprintf(" (%d unreadable records)", rep.Unreadable)
	}
	why += fmt.Sprintf(". To rebuild it: indexer export --salvage DIR --data-dir %s, move %s out of that folder, then indexer import DIR", dataDir, DBFile)
	return Opened{Stores: removeOnClose{st, tmp}, ReadOnly: why}, nil
}

// removeOnClose removes the temporary folder of a salvaged copy at Close.
type removeOnClose struct {
	*sqlitestore.Store
	dir string
}

func (r removeOnClose) Close() error {
	err := r.Store.Close()
	os.RemoveAll(r.dir)
	return err
}
