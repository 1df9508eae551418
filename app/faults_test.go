package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// mountTmpfs mounts a small tmpfs for a data folder (skips where mounting
// is not permitted).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("needs a small tmpfs, and mounting one is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// openLikeMain opens dir the way main.go does: in the background, the
// database file checked once the window has answered, a damaged one
// replaced by the reopener's salvaged copy. It returns once the core's
// background work has started (after the check, and any replacement).
func openLikeMain(t *testing.T, dir string) (*App, *recorder) {
	t.Helper()
	ctx := context.Background()
	a, rec := New(nil), &recorder{}
	a.SetRuntime(rec, &recorder{})
	build := func(ctx context.Context, o wiring.Opened) (*core.Core, error) {
		return core.Open(ctx, core.Options{DataDir: dir, Stores: o.Stores, Feed: o.Feed, ReadOnly: o.ReadOnly, Keychain: secrets.Memory{},
			OnProgress: func(p core.Progress) { a.OnProgress(p) }, OnChange: func(ch knowledge.Change) { a.OnChange(ch) }, VectorsAfter: a.Shown()})
	}
	a.OpenInBackground(ctx, func(ctx context.Context) (*core.Core, func(context.Context) error, error) {
		cfg, _ := config.Load(dir)
		o, check, err := wiring.OpenForAppCheckLater(ctx, dir, cfg)
		if err != nil {
			return nil, nil, err
		}
		c, err := build(ctx, o)
		return c, check, err
	}, func(err error) { t.Errorf("open: %v", err) })
	a.SetReopener(func(ctx context.Context) (*core.Core, error) {
		cfg, _ := config.Load(dir)
		o, err := wiring.OpenForApp(ctx, dir, cfg)
		if err != nil {
			return nil, err
		}
		return build(ctx, o)
	})
	a.Start(ctx)
	t.Cleanup(func() { a.Shutdown(ctx) })
	if _, err := a.Status.State(); err != nil { // the window's first answer
		t.Fatalf("status: %v", err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		a.gate.Lock()
		switching := a.switching
		a.gate.Unlock()
		if c := a.core.Load(); !switching && c != nil {
			select {
			case <-c.Ready(): // its background work ran: the check is behind it
				return a, rec
			default:
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the core's background work never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A data folder on a read-only disk: the window opens on it, the status
// carries the banner text, search and reading work, and a save is refused
// with a message saying the knowledge base is read-only.
func TestReadOnlyDataFolderOpensReadOnly(t *testing.T) {
	dir := mountTmpfs(t, "64m")
	a, _ := openApp(t, dir, core.Options{})
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	before, err := a.Status.State()
	if err != nil || before.ReadOnly != "" {
		t.Fatalf("writable state: %+v %v", before, err)
	}
	a.Shutdown(context.Background())
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("remounting read-only is not permitted here (%v: %s)", err, out)
	}

	ro, _ := openLikeMain(t, dir)
	st, err := ro.Status.State()
	if err != nil || st.State != "ready" || !strings.Contains(st.ReadOnly, "read-only disk") || st.Articles != before.Articles {
		t.Fatalf("read-only state: %+v %v (before %d articles)", st, err, before.Articles)
	}
	resp, err := ro.Search.Search(core.SearchRequest{Query: "refund"})
	if err != nil || len(resp.Results) == 0 {
		t.Fatalf("search read-only: %v", err)
	}
	art, err := ro.Editor.Load(resp.Results[0].ArticleID)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	_, err = ro.Editor.Save(core.ArticleInput{ID: art.ID, Title: art.Title, Body: art.Body + " More."}, art.Version, "")
	if !errors.Is(err, knowledge.ErrReadOnly) {
		t.Errorf("save on a read-only disk: %v, want ErrReadOnly", err)
	}
}

// A full disk during a save: the save fails with a message saying the disk
// is full, and everything saved before — including the article being
// edited, at its previous version — is intact after freeing space and
// reopening.
func TestDiskFullDuringSaveLosesNothing(t *testing.T) {
	dir := mountTmpfs(t, "48m")
	a, _ := openApp(t, dir, core.Options{SkipSample: true})
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	ed, err := a.Editor.Create(core.ArticleInput{Title: "Refund policy", Body: "Refunds take five days."})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := a.Editor.Save(core.ArticleInput{ID: ed.ID, Title: "Refund policy", Body: "Refunds take three days."}, ed.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	// Fill the disk.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()
	var saveErr error
	body := "Refunds take three days. " + strings.Repeat("Long addition about refunds and exceptions. ", 20000)
	for i := 0; i < 20 && saveErr == nil; i++ { // the filesystem may still hold a few free blocks
		var r core.SaveResult
		r, saveErr = a.Editor.Save(core.ArticleInput{ID: ed.ID, Title: "Refund policy", Body: body + fmt.Sprint(i)}, saved.Article.Version, "")
		if saveErr == nil {
			saved = r
		}
	}
	if !errors.Is(saveErr, knowledge.ErrDiskFull) || !strings.Contains(saveErr.Error(), "full") {
		t.Fatalf("save on a full disk: %v, want ErrDiskFull with a clear message", saveErr)
	}
	t.Logf("the window shows: %v", saveErr)
	a.Shutdown(context.Background())
	os.Remove(filepath.Join(dir, "filler"))

	b, _ := openApp(t, dir, core.Options{SkipSample: true})
	got, err := b.Editor.Load(ed.ID)
	if err != nil || got.Version != saved.Article.Version || got.Body != saved.Article.Body {
		t.Fatalf("after reopening: version %d (want %d), %v", got.Version, saved.Article.Version, err)
	}
}

// A damaged page in the local database: the window opens on what could be
// read, read-only, indexed and searchable, with a banner naming the damage
// and the recovery path — never an error screen or an empty knowledge base.
func TestDamagedDatabaseOpensWhatCanBeRead(t *testing.T) {
	dir := t.TempDir()
	a, _ := openApp(t, dir, core.Options{})
	before, _ := a.Status.State()
	a.Shutdown(context.Background())
	path := filepath.Join(dir, wiring.DBFile)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mid := len(b) / 4096 / 2
	for i := mid * 4096; i < (mid+1)*4096; i++ {
		b[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	d, rec := openLikeMain(t, dir)
	// The file opened: the check, once the window had answered, found the
	// damage and replaced the knowledge base, as a database switch does.
	if events, _ := rec.since(0); !slices.Contains(events, EventStoreSwitched) {
		t.Fatalf("the damaged file was not replaced after the window's first answer: events %v", events)
	}
	st, err := d.Status.State()
	if err != nil || st.State != "ready" || !strings.Contains(st.ReadOnly, "is damaged") || !strings.Contains(st.ReadOnly, "indexer export --salvage") {
		t.Fatalf("state: %+v %v", st, err)
	}
	if st.Total == 0 || st.Passages == 0 {
		t.Fatalf("the damaged knowledge base shows as empty: %+v (before: %d articles)", st, before.Total)
	}
	if resp, err := d.Search.Search(core.SearchRequest{Query: "refund"}); err != nil || len(resp.Results) == 0 {
		t.Fatalf("search: %v", err)
	}
	t.Logf("banner: %s (%d of %d articles shown)", st.ReadOnly, st.Total, before.Total)
}
