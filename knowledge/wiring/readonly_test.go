package wiring

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

func fillLocal(t *testing.T, dir string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var as []knowledge.Article
	for i := range n {
		as = append(as, knowledge.Article{ID: fmt.Sprintf("art-%04d", i), Title: fmt.Sprintf("Article %d", i),
			Body: strings.Repeat(fmt.Sprintf("Body of article %d. ", i), 40), Status: knowledge.StatusPublished})
	}
	if _, err := st.PutBatch(ctx, as, knowledge.PutOptions{Author: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// A data folder on a read-only disk opens read-only, says why, reads
// everything and refuses writes with ErrReadOnly.
func TestOpenForAppReadOnlyFolder(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "mnt")
	os.Mkdir(dir, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a tmpfs is not permitted here (%v: %s)", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	fillLocal(t, dir, 20)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("remounting read-only is not permitted here (%v: %s)", err, out)
	}
	o, err := OpenForApp(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer o.Stores.Close()
	if !strings.Contains(o.ReadOnly, "open read-only because it is on a read-only disk") || !strings.Contains(o.ReadOnly, dir) {
		t.Errorf("reason = %q", o.ReadOnly)
	}
	l, err := o.Stores.List(ctx, knowledge.ListFilter{})
	if err != nil || len(l) != 20 {
		t.Fatalf("list = %d, %v", len(l), err)
	}
	if _, err := o.Stores.Put(ctx, knowledge.Article{ID: "new", Title: "x", Body: "y"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrReadOnly) {
		t.Errorf("put = %v, want ErrReadOnly", err)
	}
	// An empty read-only folder has nothing to show: a clear error.
	empty := filepath.Join(t.TempDir(), "empty")
	os.Mkdir(empty, 0o700)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", empty).CombinedOutput(); err == nil {
		defer exec.Command("umount", "-l", empty).Run()
		if _, err := OpenForApp(ctx, empty, config.Default()); err == nil || !strings.Contains(err.Error(), "holds no knowledge base") {
			t.Errorf("empty read-only folder: %v", err)
		}
	} else {
		t.Logf("no read-only tmpfs for the empty case: %s", out)
	}
}

// A damaged page of the local database: the app opens what could be read,
// read-only, and the reason names the damage and the recovery path —
// never an empty or silently short knowledge base.
func TestOpenForAppDamagedDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const n = 300
	fillLocal(t, dir, n)
	path := filepath.Join(dir, DBFile)
	b := damagePage(t, path)

	o, err := OpenForApp(ctx, dir, config.Default())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer o.Stores.Close()
	if !strings.Contains(o.ReadOnly, "is damaged") || !strings.Contains(o.ReadOnly, "indexer export --salvage") {
		t.Fatalf("reason = %q", o.ReadOnly)
	}
	l, err := o.Stores.List(ctx, knowledge.ListFilter{})
	if err != nil || len(l) < n/2 {
		t.Fatalf("shown %d of %d articles, %v", len(l), n, err)
	}
	if !strings.Contains(o.ReadOnly, fmt.Sprintf("the %d articles that could still be read", len(l))) {
		t.Errorf("the reason does not say how many articles are shown: %q", o.ReadOnly)
	}
	if _, err := o.Stores.Put(ctx, knowledge.Article{ID: "new", Title: "x", Body: "y"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrReadOnly) {
		t.Errorf("put = %v, want ErrReadOnly", err)
	}
	// The damaged file is left alone for the export.
	if after, _ := os.ReadFile(path); len(after) != len(b) {
		t.Errorf("the damaged file was changed: %d bytes, was %d", len(after), len(b))
	}
}

// damagePage garbles one page in the middle of the database file (one of
// the articles table's, for a few hundred articles) and returns the file.
func damagePage(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(b) / 4096
	for i := (pages / 2) * 4096; i < (pages/2+1)*4096; i++ {
		b[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	return b
}

// OpenForAppCheckLater opens a damaged file without looking at it and
// returns the check, which finds the damage; a healthy file's check
// passes.
func TestOpenForAppCheckLater(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fillLocal(t, dir, 300)
	o, check, err := OpenForAppCheckLater(ctx, dir, config.Default())
	if err != nil || check == nil {
		t.Fatalf("healthy: %v, check %v", err, check != nil)
	}
	if err := check(ctx); err != nil {
		t.Fatalf("healthy: check = %v", err)
	}
	o.Stores.Close()

	damagePage(t, filepath.Join(dir, DBFile))
	o, check, err = OpenForAppCheckLater(ctx, dir, config.Default())
	if err != nil || check == nil || o.ReadOnly != "" {
		t.Fatalf("damaged: %v, check %v, read-only %q: the file was looked at", err, check != nil, o.ReadOnly)
	}
	defer o.Stores.Close()
	if err := check(ctx); !errors.Is(err, knowledge.ErrCorrupt) {
		t.Fatalf("damaged: check = %v, want ErrCorrupt", err)
	}
}
