package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge/wiring"
)

// A damaged knowledge database: every command says so with the recovery
// path, never shows an empty knowledge base, and export --salvage writes
// every article still readable.
func TestDamagedDatabaseRecoveryPath(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := runCLI(t, "stats", "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("stats: %d %s %s", code, out, errOut)
	}
	path := filepath.Join(data, wiring.DBFile)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, articles int
	err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").Scan(&root)
	if err == nil {
		err = db.QueryRow("SELECT count(*) FROM articles").Scan(&articles)
	}
	if err == nil {
		_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	db.Close()
	if err != nil || articles < 40 {
		t.Fatalf("%d articles, %v", articles, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := (root - 1) * 4096; i < root*4096; i++ {
		b[i] = byte(i*31 + 7)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"stats"}, {"search", "refund"}, {"export", t.TempDir()}} {
		out, errOut, code = runCLI(t, append(args, "--data-dir", data)...)
		t.Logf("%v → %s", args, errOut)
		if code != 1 || !strings.Contains(errOut, "damaged") || !strings.Contains(errOut, "indexer export --salvage DIR") {
			t.Errorf("%v on a damaged database: exit %d\nstdout %s\nstderr %s", args, code, out, errOut)
		}
	}

	dir := t.TempDir()
	out, errOut, code = runCLI(t, "export", dir, "--salvage", "--data-dir", data)
	if code != 0 || !strings.Contains(out, "salvaged") {
		t.Fatalf("export --salvage: %d %s %s", code, out, errOut)
	}
	t.Logf("export --salvage → %s", out)
	var files int
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files++
		}
		return nil
	})
	if files != articles {
		t.Fatalf("salvaged %d files of %d articles: %s", files, articles, out)
	}
	// The salvage imports into a fresh data folder.
	out, errOut, code = runCLI(t, "import", dir, "--data-dir", t.TempDir())
	if code != 0 || strings.Contains(out, "skipped") {
		t.Fatalf("import of the salvage: %d %s %s", code, out, errOut)
	}
}
