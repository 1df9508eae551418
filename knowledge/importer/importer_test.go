package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"concierge/knowledge"
	"concierge/knowledge/sqlitestore"
)

func newStore(t testing.TB) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func write(t testing.TB, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostileFolder builds a knowledge folder with one of every kind of bad file
// next to good ones. It returns the folder; files outside it live in its
// parent.
func hostileFolder(t *testing.T) string {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "kb")
	write(t, dir, "good.md", []byte("---\nid: good\ntitle: Refund policy\nstatus: published\ntags: [billing]\n---\nRefunds within 30 days.\n"))
	write(t, dir, "guides/Plain Note.markdown", []byte("# VPN setup\n\nConnect first.\n"))
	write(t, dir, "broken.md", []byte("---\ntitle: Refunds: the rules\nstatus: published\n---\nbody\n"))
	write(t, dir, "binary.md", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
	write(t, dir, "latin1.md", []byte("# Caf\xe9\n\nMen\xfc\n"))
	write(t, dir, "utf16.md", []byte("\xff\xfe#\x00 \x00T\x00"))
	write(t, dir, "huge.md", []byte("# Huge\n"+strings.Repeat("lorem ipsum dolor sit amet\n", 3<<20/27+1)))
	write(t, dir, "dup-one.md", []byte("---\nid: same\ntitle: One\n---\n"))
	write(t, dir, "dup-two.md", []byte("---\nid: same\ntitle: Two\n---\n"))
	write(t, dir, "bad-id.md", []byte("---\nid: Refund Policy\ntitle: Bad id\n---\n"))
	write(t, dir, "bad-lang.md", []byte("---\ntitle: Bad language\nlanguage: english please\n---\n"))
	write(t, dir, "toml.md", []byte("+++\ntitle = \"x\"\n+++\n"))
	write(t, dir, ".obsidian/workspace.md", []byte("# ignored: hidden folder\n"))
	write(t, dir, "notes.txt", []byte("ignored: not Markdown"))
	write(t, parent, "secret.md", []byte("# Outside the folder\n"))
	write(t, dir, ".shared/common.md", []byte("# Shared via a link\n"))
	if err := os.Symlink(filepath.Join("..", "secret.md"), filepath.Join(dir, "escape-relative.md")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	if err := os.Symlink(filepath.Join(parent, "secret.md"), filepath.Join(dir, "escape-absolute.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(".shared", "common.md"), filepath.Join(dir, "common-link.md")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func reasons(rep Report) map[string]string {
	m := map[string]string{}
	for _, f := range rep.Failed {
		m[f.Path] = f.Reason
	}
	return m
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestImportHostileFolder(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := hostileFolder(t)

	var calls, lastTotal int
	rep, err := ImportDir(ctx, st, dir, Options{Author: "tester", Progress: func(done, total int, path string) {
		calls++
		if done != calls || path == "" {
			t.Errorf("progress(%d, %d, %q) on call %d", done, total, path, calls)
		}
		lastTotal = total
	}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"common-link", "good", "plain-note", "same"}; !slices.Equal(sorted(rep.Created), want) {
		t.Errorf("Created = %v, want %v", rep.Created, want)
	}
	if calls != lastTotal || calls != 15 {
		t.Errorf("progress called %d times with total %d; want 15 (every Markdown file, hidden ones excluded)", calls, lastTotal)
	}
	want := map[string]string{
		"broken.md":          "front matter, line 2",
		"binary.md":          "binary file",
		"latin1.md":          "not valid UTF-8 text (first bad byte on line 1)",
		"utf16.md":           "UTF-16",
		"huge.md":            "3.0 MiB, larger than the 2.0 MiB limit",
		"dup-two.md":         `"same", which dup-one.md already uses`,
		"bad-id.md":          `"refund-policy"`,
		"bad-lang.md":        "language",
		"toml.md":            "TOML front matter is not supported",
		"escape-relative.md": "outside the imported folder",
		"escape-absolute.md": "outside the imported folder",
	}
	got := reasons(rep)
	for path, fragment := range want {
		if !strings.Contains(got[path], fragment) {
			t.Errorf("%s: reason %q does not contain %q", path, got[path], fragment)
		}
	}
	if len(got) != len(want) {
		t.Errorf("failed files = %v, want exactly %d", got, len(want))
	}

	a, err := st.Get(ctx, "good")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Refund policy" || a.Status != knowledge.StatusPublished || a.Source != rep.Source || a.SourcePath != "good.md" {
		t.Errorf("good = %+v", a)
	}
	if a, err := st.Get(ctx, "plain-note"); err != nil || a.Title != "VPN setup" || a.SourcePath != "guides/Plain Note.markdown" {
		t.Errorf("plain-note = %+v, %v", a, err)
	}
	if vs, err := st.Versions(ctx, "good"); err != nil || vs[0].Author != "tester" {
		t.Errorf("history = %+v, %v", vs, err)
	}

	// Re-import: nothing changed.
	rep2, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep2.Created)+len(rep2.Updated)+len(rep2.Archived) != 0 || !slices.Equal(sorted(rep2.Unchanged), sorted(rep.Created)) {
		t.Errorf("re-import = %+v, want everything unchanged", rep2)
	}

	// Edit one file.
	write(t, dir, "good.md", []byte("---\nid: good\ntitle: Refund policy\nstatus: published\ntags: [billing]\n---\nRefunds within 14 days.\n"))
	rep3, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep3.Updated, []string{"good"}) || len(rep3.Created) != 0 || len(rep3.Archived) != 0 {
		t.Errorf("after an edit: %+v", rep3)
	}
	if a, _ := st.Get(ctx, "good"); a.Version != 2 || !strings.Contains(a.Body, "14 days") {
		t.Errorf("good after edit = %+v", a)
	}

	// Delete one file: archived, not deleted.
	if err := os.Remove(filepath.Join(dir, "guides", "Plain Note.markdown")); err != nil {
		t.Fatal(err)
	}
	rep4, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep4.Archived, []string{"plain-note"}) || len(rep4.Updated) != 0 {
		t.Errorf("after a delete: %+v", rep4)
	}
	if a, err := st.Get(ctx, "plain-note"); err != nil || a.Status != knowledge.StatusArchived || a.Version != 2 {
		t.Errorf("deleted file's article = %+v, %v; want archived version 2", a, err)
	}

	// Archiving is not repeated.
	rep5, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep5.Archived) != 0 {
		t.Errorf("archived again: %v", rep5.Archived)
	}

	// A file that breaks keeps its article as it was (no archive).
	write(t, dir, "good.md", []byte("---\nid: good\ntitle: [unclosed\n---\n"))
	rep6, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep6.Archived) != 0 || !strings.Contains(reasons(rep6)["good.md"], "front matter") {
		t.Errorf("broken edit: %+v", rep6)
	}
	if a, _ := st.Get(ctx, "good"); a.Status != knowledge.StatusPublished || a.Version != 2 {
		t.Errorf("good after its file broke = %+v", a)
	}
}

func TestImportRestoresArchivedFile(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := t.TempDir()
	write(t, dir, "a.md", []byte("# A\n"))
	if _, err := ImportDir(ctx, st, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "a.md"))
	if rep, _ := ImportDir(ctx, st, dir, Options{}); len(rep.Archived) != 1 {
		t.Fatalf("not archived: %+v", rep)
	}
	write(t, dir, "a.md", []byte("# A\n"))
	rep, err := ImportDir(ctx, st, dir, Options{})
	if err != nil || !slices.Equal(rep.Updated, []string{"a"}) {
		t.Fatalf("restore = %+v, %v", rep, err)
	}
	if a, _ := st.Get(ctx, "a"); a.Status != knowledge.StatusDraft {
		t.Errorf("restored status = %s", a.Status)
	}
}

func TestImportDoesNotTakeOverOtherSources(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	one, two := t.TempDir(), t.TempDir()
	write(t, one, "faq.md", []byte("# FAQ one\n"))
	write(t, two, "faq.md", []byte("# FAQ two\n"))
	write(t, two, "other.md", []byte("# Other\n"))
	if _, err := ImportDir(ctx, st, one, Options{}); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportDir(ctx, st, two, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := reasons(rep)["faq.md"]; !strings.Contains(r, "already belongs to faq.md in") {
		t.Errorf("collision reason = %q", r)
	}
	if !slices.Equal(rep.Created, []string{"other"}) {
		t.Errorf("Created = %v", rep.Created)
	}
	// Importing folder one again must not archive anything of folder two and vice versa.
	if rep, _ := ImportDir(ctx, st, one, Options{}); len(rep.Archived) != 0 {
		t.Errorf("folder one archived %v", rep.Archived)
	}
	rep, err = ImportDir(ctx, st, two, Options{ReplaceOtherSources: true})
	if err != nil || !slices.Equal(rep.Updated, []string{"faq"}) {
		t.Fatalf("takeover = %+v, %v", rep, err)
	}
	if a, _ := st.Get(ctx, "faq"); a.Title != "FAQ two" {
		t.Errorf("faq after takeover = %+v", a)
	}
}

func TestImportDirErrors(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := t.TempDir()
	write(t, dir, "a.md", []byte("# A\n"))
	if _, err := ImportDir(ctx, st, filepath.Join(dir, "missing"), Options{}); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := ImportDir(ctx, st, filepath.Join(dir, "a.md"), Options{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file instead of folder: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ImportDir(cctx, st, dir, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: %v", err)
	}
}

func TestImportSameFolderByAnotherPath(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	real := t.TempDir()
	write(t, real, "a.md", []byte("# A\n"))
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("this file system cannot create symlinks: %v", err)
	}
	if _, err := ImportDir(ctx, st, real, Options{}); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportDir(ctx, st, link, Options{})
	if err != nil || !slices.Equal(rep.Unchanged, []string{"a"}) || len(rep.Failed) != 0 {
		t.Errorf("import via a symlinked path = %+v, %v", rep, err)
	}
}

func TestImportAbsoluteSymlinkInsideFolder(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, ".drafts/real.md", []byte("# Real\n"))
	if err := os.Symlink(filepath.Join(dir, ".drafts", "real.md"), filepath.Join(dir, "linked.md")); err != nil {
		t.Skipf("this file system cannot create symlinks: %v", err)
	}
	rep, err := ImportDir(ctx, st, dir, Options{})
	if err != nil || !slices.Equal(rep.Created, []string{"linked"}) || len(rep.Failed) != 0 {
		t.Fatalf("import = %+v, %v", rep, err)
	}
	if a, _ := st.Get(ctx, "linked"); a.Title != "Real" || a.SourcePath != "linked.md" {
		t.Errorf("linked = %+v", a)
	}
}

func TestImportAdoptsArticlesOfListedSources(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	demo := fstest.MapFS{"faq.md": {Data: []byte("# Demo FAQ\n")}}
	if _, err := Import(ctx, st, demo, "sample", Options{}); err != nil {
		t.Fatal(err)
	}
	real := t.TempDir()
	write(t, real, "faq.md", []byte("# Real FAQ\n"))
	rep, err := ImportDir(ctx, st, real, Options{})
	if err != nil || len(rep.Failed) != 1 {
		t.Fatalf("without AdoptSources the sample article is protected: %+v %v", rep, err)
	}
	rep, err = ImportDir(ctx, st, real, Options{AdoptSources: []string{"sample"}})
	if err != nil || !slices.Equal(rep.Updated, []string{"faq"}) {
		t.Fatalf("adopt = %+v, %v", rep, err)
	}
	if a, _ := st.Get(ctx, "faq"); a.Title != "Real FAQ" || a.Source == "sample" {
		t.Errorf("faq after adoption = %+v", a)
	}
}

// A folder of many empty files gives one warning with a count, not
// thousands of empty drafts; a file with a title but no text is kept as a
// draft; an article whose file was emptied stays as it was.
func TestImportEmptyFiles(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	dir := t.TempDir()
	const n = 2000
	for i := range n {
		write(t, dir, fmt.Sprintf("empty/%04d.md", i), nil)
	}
	write(t, dir, "blank.md", []byte(" \n\t\r\n  \n"))
	write(t, dir, "no-title.md", []byte("---\nid: no-title\nstatus: published\n---\n   \n"))
	write(t, dir, "empty-fm.md", []byte("---\n---\n"))
	write(t, dir, "bom.md", []byte("\uFEFF\n"))
	write(t, dir, "stub.md", []byte("---\ntitle: Parking validation\nstatus: published\n---\n\n"))
	write(t, dir, "good.md", []byte("---\ntitle: Refunds\nstatus: published\n---\nRefunds within 30 days.\n"))

	rep, err := ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Empty) != n+4 || len(rep.Failed) != 0 {
		t.Fatalf("empty %d (want %d), failed %v", len(rep.Empty), n+4, rep.Failed)
	}
	if !slices.Equal(sorted(rep.Created), []string{"good", "stub"}) || !slices.Equal(rep.EmptyDrafts, []string{"stub"}) {
		t.Fatalf("created %v, empty drafts %v", rep.Created, rep.EmptyDrafts)
	}
	sum := rep.Summary()
	if strings.Count(sum, "\n") != 0 || !strings.Contains(sum, fmt.Sprintf("%d empty files skipped", n+4)) || !strings.Contains(sum, "1 with a title but no text kept as draft") {
		t.Fatalf("summary %q", sum)
	}
	if a, err := st.Get(ctx, "stub"); err != nil || a.Status != knowledge.StatusDraft || a.Title != "Parking validation" {
		t.Fatalf("stub = %+v, %v; want a draft", a, err)
	}
	if c, err := st.Counts(ctx); err != nil || c.Articles != 2 {
		t.Fatalf("%+v articles stored, %v; want 2", c, err)
	}

	// Emptying a file keeps its article as it was: not archived, not blanked.
	write(t, dir, "good.md", []byte("\n"))
	rep, err = ImportDir(ctx, st, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Archived) != 0 || len(rep.Updated) != 0 || !slices.Contains(rep.Empty, "good.md") {
		t.Fatalf("after emptying good.md: %+v", rep)
	}
	if a, _ := st.Get(ctx, "good"); a.Version != 1 || a.Status != knowledge.StatusPublished || !strings.Contains(a.Body, "30 days") {
		t.Fatalf("good after its file was emptied = %+v", a)
	}
}
