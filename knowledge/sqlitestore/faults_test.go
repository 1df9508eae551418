package sqlitestore

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
)

// fillStore writes n articles with distinctive bodies, checkpoints the WAL
// into the main file and closes the store. It returns the root page of
// the articles table.
func fillStore(t *testing.T, path string, n int) int {
	t.Helper()
	ctx := context.Background()
	s := openTest(t, path)
	var as []knowledge.Article
	for i := range n {
		as = append(as, testArticle(i))
	}
	if _, err := s.PutBatch(ctx, as, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	var root int
	if err := s.db.QueryRowContext(ctx, "SELECT rootpage FROM sqlite_master WHERE name = 'articles'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return root
}

func testArticle(i int) knowledge.Article {
	return knowledge.Article{ID: fmt.Sprintf("art-%04d", i), Title: fmt.Sprintf("Article %d", i),
		Body:   fmt.Sprintf("Body of article %d. ", i) + strings.Repeat("Refunds are paid within ten days. ", 15),
		Status: knowledge.StatusPublished}
}

// smash overwrites bytes of page (1-based) of the file at path.
func smash(t *testing.T, path string, page int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	off := (page - 1) * 4096
	if page == 1 {
		copy(b, "This is not SQLite")
	} else {
		for i := off; i < off+4096 && i < len(b); i++ {
			b[i] = byte(i*31 + 7)
		}
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A damaged page of the articles table is reported as ErrCorrupt — by
// reads and by Verify, which names the file — never as an empty knowledge
// base; Salvage recovers every article from the history.
func TestCorruptPageIsReportedAndSalvaged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	const n = 300
	root := fillStore(t, path, n)
	smash(t, path, root)

	s, err := Open(ctx, path)
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Open = %v, want ErrCorrupt or success", err)
		}
	} else {
		defer s.Close()
		if l, err := s.List(ctx, knowledge.ListFilter{}); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("List = %d articles, %v; want ErrCorrupt", len(l), err)
		}
		if _, err := s.Get(ctx, "art-0001"); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Get = %v; want ErrCorrupt", err)
		}
		err := s.Verify(ctx)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
			t.Fatalf("Verify = %v; want ErrCorrupt naming %s", err, path)
		}
	}

	rep, err := Salvage(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Articles) != n || !rep.Damaged {
		t.Fatalf("salvaged %d articles (damaged %v), want %d", len(rep.Articles), rep.Damaged, n)
	}
	for i, a := range rep.Articles {
		if want := testArticle(i); a.ID != want.ID || a.Body != want.Body || a.Title != want.Title || a.Version != 1 {
			t.Fatalf("salvaged %+v, want %+v", a, want)
		}
	}
	if len(rep.FromHistory) != n {
		t.Errorf("%d articles from history, want all %d (the table's root page is damaged)", len(rep.FromHistory), n)
	}
}

func TestVerifyHealthyAndSalvageIntact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	fillStore(t, path, 20)
	s := openTest(t, path)
	if err := s.Verify(ctx); err != nil {
		t.Fatalf("Verify on a healthy file: %v", err)
	}
	// A later edit lives in the current row; salvage takes it over history.
	a := testArticle(3)
	a.Body = "Edited body."
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := Salvage(ctx, path) // the WAL is not read: immutable
	if err != nil || rep.Damaged || rep.Unreadable != 0 || len(rep.Articles) != 20 || len(rep.FromHistory) != 0 {
		t.Fatalf("Salvage of a healthy file: %d articles, %+v, %v", len(rep.Articles), rep, err)
	}
	s.Close()
	rep, _ = Salvage(ctx, path)
	if rep.Articles[3].Body != "Edited body." || rep.Articles[3].Version != 2 {
		t.Fatalf("salvage after close: %+v", rep.Articles[3])
	}
}

// A file that is not a database at all fails to open with ErrCorrupt, and
// Salvage says it found nothing instead of returning an empty knowledge base.
func TestDamagedHeader(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kb.db")
	fillStore(t, path, 5)
	smash(t, path, 1)
	if _, err := Open(ctx, path); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open = %v, want ErrCorrupt naming the file", err)
	}
	if rep, err := Salvage(ctx, path); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Salvage = %d articles, %v; want ErrCorrupt", len(rep.Articles), err)
	}
}

// mountTmpfs mounts a tmpfs of the given size (e.g. "2m") on a new folder
// and unmounts it at the end of the test; it skips the test where mounting
// is not permitted (not root, or no CAP_SYS_ADMIN in a container).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("needs a small tmpfs to fill, and mounting one is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// A full disk during saves: the save that does not fit fails with
// ErrDiskFull and a message saying so; every article saved before it is
// intact, also after reopening.
func TestDiskFullLosesNothingSaved(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "2m")
	path := filepath.Join(dir, "kb.db")
	s := openTest(t, path)
	saved := 0
	var err error
	for i := 0; i < 10000; i++ {
		a := testArticle(i)
		a.Body += strings.Repeat(fmt.Sprintf("filler %d ", i), 2000)
		if _, err = s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
			break
		}
		saved++
	}
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "full") {
		t.Fatalf("after %d saves: %v; want ErrDiskFull", saved, err)
	}
	if saved == 0 {
		t.Fatal("nothing fit on the disk")
	}
	t.Logf("%d articles saved, then: %v", saved, err)
	check := func(s *Store) {
		t.Helper()
		l, err := s.List(ctx, knowledge.ListFilter{})
		if err != nil || len(l) != saved {
			t.Fatalf("%d articles readable, %v; want the %d saved", len(l), err, saved)
		}
		for i, a := range l {
			if !strings.HasPrefix(a.Body, testArticle(i).Body) {
				t.Fatalf("article %s damaged", a.ID)
			}
		}
	}
	check(s)
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen on the full disk: %v", err)
	}
	defer s2.Close()
	check(s2)
}
