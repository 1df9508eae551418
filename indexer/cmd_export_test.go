package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func exportedTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportImportExportCLI: export the sample knowledge base, import the
// export into a fresh data folder (which imports the sample first; the
// export's files take those articles over), export again: the files are identical. (knowledge/editorial's round-trip
// test covers edited articles.)
func TestExportImportExportCLI(t *testing.T) {
	data := t.TempDir()
	first := filepath.Join(t.TempDir(), "kb")
	out, errOut, code := runCLI(t, "export", first, "--data-dir", data)
	if code != 0 || !strings.Contains(out, "exported") {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	tree1 := exportedTree(t, first)
	if len(tree1) < 40 {
		t.Fatalf("exported %d files", len(tree1))
	}
	for p := range tree1 {
		if strings.Count(p, "/") != 1 || !strings.HasSuffix(p, ".md") {
			t.Fatalf("unexpected layout %s (want <department>/<id>.md)", p)
		}
	}

	// A fresh data folder imports the bundled sample on first use; the
	// export's files take those articles over.
	fresh := t.TempDir()
	out, errOut, code = runCLI(t, "import", first, "--data-dir", fresh)
	if code != 0 || strings.Contains(out, "skipped") {
		t.Fatalf("import of the export: %d %s %s", code, out, errOut)
	}
	second := filepath.Join(t.TempDir(), "kb")
	if _, errOut, code = runCLI(t, "export", second, "--data-dir", fresh); code != 0 {
		t.Fatalf("second export: %s", errOut)
	}
	tree2 := exportedTree(t, second)
	if len(tree1) != len(tree2) {
		t.Fatalf("%d files, then %d", len(tree1), len(tree2))
	}
	for p, b := range tree1 {
		if !bytes.Equal(b, tree2[p]) {
			t.Fatalf("%s changed in the round trip:\n%s\n---\n%s", p, b, tree2[p])
		}
	}

	// --status narrows the export; a bad status is a usage error.
	pub := filepath.Join(t.TempDir(), "pub")
	if _, errOut, code = runCLI(t, "export", pub, "--status", "published", "--data-dir", fresh); code != 0 {
		t.Fatalf("export --status: %s", errOut)
	}
	for p, b := range exportedTree(t, pub) {
		if !bytes.Contains(b, []byte("\nstatus: published\n")) {
			t.Fatalf("%s is not published", p)
		}
	}
	if _, _, code = runCLI(t, "export", pub, "--status", "secret", "--data-dir", fresh); code != 2 {
		t.Fatalf("bad status: exit %d, want 2", code)
	}
}
