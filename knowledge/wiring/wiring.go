// Package wiring opens the store implementation the configuration names.
// It is, with the adapters themselves, the only code allowed to import a
// store adapter (knowledge/imports_test.go enforces it): everything else
// works against the interfaces in package knowledge.
package wiring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/sqlitestore"
)

// DBFile is the SQLite database inside the data directory.
const DBFile = "concierge.db"

// ErrUnknownDriver: config.json names a store driver this build lacks.
var ErrUnknownDriver = errors.New("unknown store driver")

// OpenStores opens the store chosen by cfg.Store.Driver: "sqlite" (or empty)
// opens dataDir/concierge.db, creating it when needed; "postgres" (or
// $CONCIERGE_DATABASE_URL set) opens the team database (see postgres.go).
// The caller owns the result and must Close it.
func OpenStores(ctx context.Context, dataDir string, cfg config.Config, opts ...Option) (knowledge.Stores, error) {
	if UsesTeamDatabase(cfg) {
		st, err := openTeam(ctx, TeamURL(cfg), newOptions(opts))
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	switch driver := strings.ToLower(strings.TrimSpace(cfg.Store.Driver)); driver {
	case "", config.StoreSQLite:
		if dataDir == "" {
			return nil, errors.New("open the knowledge store: no data directory given")
		}
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the data directory %s: %w", dataDir, err)
		}
		st, err := sqlitestore.Open(ctx, filepath.Join(dataDir, DBFile))
		if err != nil {
			return nil, fmt.Errorf("open the knowledge store in %s: %w", dataDir, err)
		}
		return st, nil
	default:
		return nil, fmt.Errorf("%w %q in %s: use %q or %q", ErrUnknownDriver, cfg.Store.Driver,
			filepath.Join(dataDir, config.FileName), config.StoreSQLite, DriverPostgres)
	}
}
