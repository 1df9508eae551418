package wiring

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

func TestOpenStoresSQLiteByDefault(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	st, err := OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(ctx, knowledge.Article{ID: "a", Title: "A"}, knowledge.PutOptions{Author: "t"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err != nil {
		t.Fatalf("the SQLite file should be in the data directory: %v", err)
	}
	// An empty driver (an older config.json) is SQLite too, and sees the data.
	cfg := config.Default()
	cfg.Store.Driver = ""
	st, err = OpenStores(ctx, dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if a, err := st.Get(ctx, "a"); err != nil || a.Title != "A" {
		t.Fatalf("reopened store: %+v %v", a, err)
	}
}

func TestOpenStoresUnknownDriver(t *testing.T) {
	cfg := config.Default()
	cfg.Store.Driver = "oracle"
	if _, err := OpenStores(context.Background(), t.TempDir(), cfg); !errors.Is(err, ErrUnknownDriver) {
		t.Fatalf("got %v, want ErrUnknownDriver", err)
	}
}
