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
	"concierge/knowledge/pgstore"
	"concierge/knowledge/secrets"
	"concierge/knowledge/sqlitestore"
)

// Team database settings outside config.json.
const (
	// DriverPostgres in config.json's store.driver selects the team database
	// at store.dsn (a postgres:// URL without the password).
	DriverPostgres = "postgres"
	// EnvDatabaseURL, when set, is the team database URL for the CLI and the
	// app, whatever config.json says.
	EnvDatabaseURL = "CONCIERGE_DATABASE_URL"
	// EnvDatabasePassword supplies the password headless (CI, servers);
	// otherwise it is read from the OS keychain account PasswordAccount.
	EnvDatabasePassword = "CONCIERGE_DATABASE_PASSWORD"
	// PasswordAccount is the keychain account of the team database password.
	PasswordAccount = "team-database"
)

// ErrNoTeamDatabase: team mode was asked for without a database URL.
var ErrNoTeamDatabase = errors.New("no team database is configured")

// Option configures the wiring.
type Option func(*options)

type options struct{ keychain secrets.Keychain }

// WithKeychain replaces the OS keychain the password is read from (tests).
func WithKeychain(kc secrets.Keychain) Option { return func(o *options) { o.keychain = kc } }

func newOptions(opts []Option) options {
	o := options{keychain: secrets.OS()}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// TeamURL returns the team database URL: $CONCIERGE_DATABASE_URL, else
// store.dsn from config.json ("" when neither is set).
func TeamURL(cfg config.Config) string {
	if u := strings.TrimSpace(os.Getenv(EnvDatabaseURL)); u != "" {
		return u
	}
	return strings.TrimSpace(cfg.Store.DSN)
}

// UsesTeamDatabase reports whether cfg (or the environment) selects the
// team database.
func UsesTeamDatabase(cfg config.Config) bool {
	return strings.EqualFold(strings.TrimSpace(cfg.Store.Driver), DriverPostgres) || os.Getenv(EnvDatabaseURL) != ""
}

// openTeam opens the PostgreSQL team store at url with the password from
// the environment or the keychain (none stored: the URL or the server's
// own authentication decides).
func openTeam(ctx context.Context, url string, o options) (*pgstore.Store, error) {
	if url == "" {
		return nil, fmt.Errorf("%w: set Settings → Team database, store.dsn in config.json or $%s", ErrNoTeamDatabase, EnvDatabaseURL)
	}
	pw, err := secrets.Lookup(o.keychain, PasswordAccount, EnvDatabasePassword)
	if err != nil && !errors.Is(err, secrets.ErrNoKey) && !errors.Is(err, secrets.ErrNoKeychain) {
		return nil, err
	}
	var opts []pgstore.Option
	if pw != "" {
		opts = append(opts, pgstore.WithPassword(pw))
	}
	st, err := pgstore.Open(ctx, url, opts...)
	if err != nil {
		return nil, fmt.Errorf("open the team database: %w", err)
	}
	return st, nil
}

// OpenStoresAndFeed is OpenStores plus the store's change feed, which
// desktops follow to keep their local indexes current: nil for the
// embedded SQLite store.
func OpenStoresAndFeed(ctx context.Context, dataDir string, cfg config.Config, opts ...Option) (knowledge.Stores, knowledge.Team, error) {
	if UsesTeamDatabase(cfg) {
		st, err := openTeam(ctx, TeamURL(cfg), newOptions(opts))
		if err != nil {
			return nil, nil, err
		}
		return st, st, nil
	}
	st, err := OpenStores(ctx, dataDir, cfg, opts...)
	return st, nil, err
}

// CopyToTeam copies the local SQLite knowledge base of dataDir (articles
// with their history, requests, the suggestion ledger and ratings) into the
// team database at url; see pgstore.Store.CopyFrom. Safe to run again.
func CopyToTeam(ctx context.Context, dataDir, url string, progress func(string), opts ...Option) (pgstore.CopyReport, error) {
	path := filepath.Join(dataDir, DBFile)
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return pgstore.CopyReport{}, fmt.Errorf("this computer has no local knowledge base to copy (no %s in %s): %w", DBFile, dataDir, knowledge.ErrNotFound)
		}
		return pgstore.CopyReport{}, fmt.Errorf("no local knowledge base to copy in %s: %w", dataDir, err)
	}
	src, err := sqlitestore.Open(ctx, path)
	if err != nil {
		return pgstore.CopyReport{}, fmt.Errorf("open the local knowledge base: %w", err)
	}
	defer src.Close()
	dst, err := openTeam(ctx, url, newOptions(opts))
	if err != nil {
		return pgstore.CopyReport{}, err
	}
	defer dst.Close()
	return dst.CopyFrom(ctx, src, progress)
}
