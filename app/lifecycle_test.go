package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// bigSample is a first-run knowledge base large enough that its import is
// still running when the window closes.
func bigSample(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i < n; i++ {
		fsys[fmt.Sprintf("dept-%d/note-%04d.md", i%7, i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Note %d\ndepartment: Dept %d\nstatus: published\n---\n## Section\n\nNote %d explains rule %d of department %d.\n", i, i%7, i, i%53, i%7))}
	}
	return fsys
}

// startApp opens an app like main.go and starts it the way Wails does
// (background bootstrap under the lifecycle context).
func startApp(t *testing.T, dir string, opts core.Options) (*App, *recorder) {
	t.Helper()
	ctx := context.Background()
	st, err := wiring.OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	var a *App
	opts.DataDir, opts.Stores, opts.Keychain = dir, st, secrets.Memory{}
	opts.OnProgress = func(p core.Progress) { a.OnProgress(p) }
	opts.OnChange = func(ch knowledge.Change) { a.OnChange(ch) }
	c, err := core.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	a = New(c)
	a.SetRuntime(rec, rec)
	a.Start(ctx)
	return a, rec
}

// Closing the window during a long first-run import stops it (the window
// does not wait for the whole import), and the next start completes it.
func TestShutdownStopsALongImportAndTheNextStartResumesIt(t *testing.T) {
	const articles = 1500
	dir := t.TempDir()
	sample := bigSample(articles)
	a, rec := startApp(t, dir, core.Options{SampleFS: sample})
	deadline := time.Now().Add(2 * time.Minute)
	for !importing(rec) {
		if time.Now().After(deadline) {
			t.Fatal("the import never reported progress")
		}
		time.Sleep(5 * time.Millisecond)
	}
	a.Shutdown(context.Background())

	ctx := context.Background()
	st, err := wiring.OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.Counts(ctx)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles >= articles {
		t.Fatalf("shutdown should have stopped the import, but all %d articles were imported", c.Articles)
	}

	b, _ := startApp(t, dir, core.Options{SampleFS: sample})
	defer b.Shutdown(ctx)
	<-b.cur().Ready()
	s, err := b.Status.State()
	if err != nil {
		t.Fatal(err)
	}
	if s.State != core.StateReady || s.Total != articles || s.Articles != articles || s.Passages < articles {
		t.Fatalf("the next start should finish the import and the index (had %d): %+v", c.Articles, s)
	}
}

func importing(rec *recorder) bool {
	names, data := rec.since(0)
	for i, n := range names {
		if p, ok := data[i].(Progress); ok && n == EventIndexProgress && p.Phase == string(core.PhaseImport) && p.Done > 0 {
			return true
		}
	}
	return false
}

// A bound call in flight is cancelled when the window closes, instead of
// running on against a closing store.
func TestShutdownCancelsBoundCallsInFlight(t *testing.T) {
	a, _ := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	setProfile(t, a, "Erin Editor", "editor")
	dir := t.TempDir()
	const files = 3000
	for i := 0; i < files; i++ {
		body := fmt.Sprintf("---\ntitle: Imported %d\nstatus: published\n---\nText %d.\n", i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n-%04d.md", i)), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := a.Transfer.ImportApply(dir, "")
		done <- err
	}()
	// Close the window once the import is mid-way: its first batches are in
	// the store, thousands of files are still to go.
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := storeOf(a).Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c.Articles >= files {
			t.Fatalf("the import of %d files finished before it was seen in flight", files)
		}
		if c.Articles > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import never started")
		}
		time.Sleep(time.Millisecond)
	}
	a.Shutdown(context.Background())
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("the import ran to the end although the window closed mid-way")
		}
		if !errors.Is(err, context.Canceled) && !errors.Is(err, knowledge.ErrClosed) && !strings.Contains(err.Error(), "cancel") {
			t.Fatalf("the import should stop with a cancellation, got %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the import kept running after shutdown")
	}
}
