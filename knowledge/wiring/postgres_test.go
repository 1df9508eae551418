package wiring

import (
	"context"
	"errors"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/secrets"
)

func TestOpenStoresTeamDatabase(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	cfg := config.Default()
	cfg.Store = config.Store{Driver: DriverPostgres, DSN: url}
	kc := secrets.Memory{PasswordAccount: "from the keychain"}
	st, feed, err := OpenStoresAndFeed(ctx, t.TempDir(), cfg, WithKeychain(kc))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if feed == nil {
		t.Fatal("the team database has no change feed")
	}
	if _, err := st.Put(ctx, knowledge.Article{ID: "a", Title: "A"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if cs, err := feed.Changes(ctx, 0, 0); err != nil || len(cs) != 1 || cs[0].IDs[0] != "a" {
		t.Errorf("feed after a save: %+v, %v", cs, err)
	}

	// $CONCIERGE_DATABASE_URL selects the team database whatever config.json says.
	t.Setenv(EnvDatabaseURL, url)
	other, err := OpenStores(ctx, t.TempDir(), config.Default(), WithKeychain(kc))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if a, err := other.Get(ctx, "a"); err != nil || a.Title != "A" {
		t.Errorf("the environment URL did not open the team database: %+v, %v", a, err)
	}
}

func TestOpenStoresTeamWithoutURL(t *testing.T) {
	t.Setenv(EnvDatabaseURL, "")
	cfg := config.Default()
	cfg.Store.Driver = DriverPostgres
	if _, err := OpenStores(context.Background(), t.TempDir(), cfg, WithKeychain(secrets.Memory{})); !errors.Is(err, ErrNoTeamDatabase) {
		t.Fatalf("postgres without a URL: %v", err)
	}
}

func TestEmbeddedStoreHasNoFeed(t *testing.T) {
	t.Setenv(EnvDatabaseURL, "")
	st, feed, err := OpenStoresAndFeed(context.Background(), t.TempDir(), config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if feed != nil {
		t.Error("the SQLite store offered a change feed")
	}
}
