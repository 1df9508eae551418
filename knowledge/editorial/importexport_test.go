package editorial

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/importer"
	"concierge/knowledge/markdown"
	"concierge/knowledge/sample"
	"concierge/knowledge/sqlitestore"
)

func openStore(t *testing.T) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "concierge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportImportExportIsByteIdentical(t *testing.T) {
	ctx := context.Background()
	src := openStore(t)
	if _, err := importer.Import(ctx, src, sample.FS(), sample.Source, importer.Options{Author: "test"}); err != nil {
		t.Fatal(err)
	}
	all, _ := src.List(ctx, knowledge.ListFilter{})
	// Exercise the history: some articles edited several times.
	for _, a := range all[:3] {
		a.Body += "\nEdited once more.\n"
		if _, err := src.Put(ctx, a, knowledge.PutOptions{Author: "ed"}); err != nil {
			t.Fatal(err)
		}
	}
	first := t.TempDir()
	n, err := Export(ctx, src, first)
	if err != nil || n != len(all) {
		t.Fatalf("export wrote %d of %d: %v", n, len(all), err)
	}

	fresh := openStore(t)
	plan, err := PlanImport(ctx, fresh, first, ImportOptions("test"))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Created) != n || len(plan.Failed) != 0 || len(plan.Updated)+len(plan.Unchanged)+len(plan.Archived) != 0 {
		t.Fatalf("plan for a fresh store: %s %+v", plan.Summary(), plan.Failed)
	}
	if c, _ := fresh.Counts(ctx); c.Articles != 0 {
		t.Fatalf("the plan wrote %d articles", c.Articles)
	}
	rep, err := importer.ImportDir(ctx, fresh, first, ImportOptions("test"))
	if err != nil || len(rep.Created) != n || len(rep.Failed) != 0 {
		t.Fatalf("import: %s %v", rep.Summary(), err)
	}
	second := t.TempDir()
	if _, err := Export(ctx, fresh, second); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, first), readTree(t, second)
	if len(a) != len(b) || len(a) != n {
		t.Fatalf("%d files then %d (want %d)", len(a), len(b), n)
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Fatalf("%s differs after the round trip:\n%s\n---\n%s", p, data, b[p])
		}
	}
	// Re-planning the same folder against the imported store: all unchanged.
	plan, err = PlanImport(ctx, fresh, first, ImportOptions("test"))
	if err != nil || len(plan.Unchanged) != n || len(plan.Created)+len(plan.Updated) != 0 {
		t.Fatalf("second plan: %s %v", plan.Summary(), err)
	}
	// Only published, with the status filter.
	pubDir := t.TempDir()
	np, err := Export(ctx, fresh, pubDir, knowledge.StatusPublished)
	pub, _ := fresh.List(ctx, knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusPublished}})
	if err != nil || np != len(pub) {
		t.Fatalf("published export: %d of %d, %v", np, len(pub), err)
	}
}

func TestPlanImportReportsChangesAndArchives(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "---\ntitle: A\nstatus: published\n---\nAlpha\n")
	write("b.md", "---\ntitle: B\n---\nBeta\n")
	write("c.md", "---\ntitle: C\n---\nGamma\n")
	st := openStore(t)
	if _, err := importer.ImportDir(ctx, st, dir, ImportOptions("t")); err != nil {
		t.Fatal(err)
	}
	write("a.md", "---\ntitle: A\nstatus: published\n---\nAlpha, revised\n")
	os.Remove(filepath.Join(dir, "c.md"))
	write("d.htm", "<html><head><title>Delta page</title></head><body><p>Delta</p></body></html>")
	plan, err := PlanImport(ctx, st, dir, ImportOptions("t"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join([]string{strings.Join(plan.Created, ","), strings.Join(plan.Updated, ","),
		strings.Join(plan.Unchanged, ","), strings.Join(plan.Archived, ",")}, "|")
	if got != "d|a|b|c" {
		t.Fatalf("plan created|updated|unchanged|archived = %q", got)
	}
	a, _ := st.Get(ctx, "a")
	c, _ := st.Get(ctx, "c")
	if a.Version != 1 || !strings.Contains(a.Body, "Alpha\n") || c.Status == knowledge.StatusArchived {
		t.Fatal("the plan changed the store")
	}
}

func TestHostileImportCorpus(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name string, content []byte) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", []byte("---\ntitle: Good\nstatus: published\n---\nA fine article.\n"))
	write("broken-front-matter.md", []byte("---\ntitle: [unclosed\nstatus: published\n---\nBody\n"))
	write("never-closed.md", []byte("---\ntitle: Open\nBody without a closing line\n"))
	write("binary.md", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	write("latin1.md", []byte("---\ntitle: Caf\xe9\n---\nCr\xe8me br\xfbl\xe9e\n"))
	write("traversal.md", []byte("---\ntitle: Traversal\n---\nSee [passwd](../../etc/passwd) and ![x](../../etc/passwd) and ![y](attachments/../../../etc/passwd) and ![ok](attachments/traversal/ok.png).\n"))
	write("script.md", []byte("---\ntitle: Script\n---\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(2)>\n"))
	write("evil.html", []byte(`<html><head><title>Evil page</title><script>alert(1)</script><style>body{}</style></head>
<body><h1>Heading</h1><p onclick="steal()">Text <a href="javascript:alert(1)">link</a></p>
<img src="../../etc/passwd" onerror="alert(3)"><script>document.cookie</script><iframe src="https://evil.example"></iframe></body></html>`))
	huge := filepath.Join(dir, "huge.md")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(huge, 50<<20); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}

	st := openStore(t)
	// An article written in the app before the import must survive it.
	if _, err := st.Put(ctx, knowledge.Article{ID: "mine", Title: "Mine", Body: "keep me", Status: knowledge.StatusPublished}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanImport(ctx, st, dir, ImportOptions("t"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importer.ImportDir(ctx, st, dir, ImportOptions("t"))
	if err != nil {
		t.Fatal(err)
	}
	if plan.Summary() != rep.Summary() {
		t.Fatalf("plan and import disagree:\n%s\n%s", plan.Summary(), rep.Summary())
	}
	failed := map[string]string{}
	for _, fe := range rep.Failed {
		failed[fe.Path] = fe.Reason
	}
	wantFail := map[string]string{
		"broken-front-matter.md": "front matter",
		"never-closed.md":        "never closed",
		"binary.md":              "binary",
		"latin1.md":              "UTF-8",
		"huge.md":                "50.0 MiB",
	}
	for p, frag := range wantFail {
		if !strings.Contains(failed[p], frag) {
			t.Errorf("%s: reason %q should mention %q", p, failed[p], frag)
		}
	}
	if len(failed) != len(wantFail) {
		t.Errorf("unexpected failures: %v", failed)
	}
	created := append([]string(nil), rep.Created...)
	sort.Strings(created)
	if strings.Join(created, ",") != "evil,good,script,traversal" {
		t.Fatalf("created %v", created)
	}
	if a, err := st.Get(ctx, "mine"); err != nil || a.Body != "keep me" || a.Status != knowledge.StatusPublished {
		t.Fatalf("the app's article was touched: %+v %v", a, err)
	}

	r := markdown.New(markdown.Options{})
	for _, id := range []string{"evil", "script", "traversal"} {
		a, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if id == "evil" && (a.Title != "Evil page" || strings.Contains(a.Body, "alert") || strings.Contains(a.Body, "steal") || strings.Contains(a.Body, "cookie") ||
			strings.Contains(a.Body, "javascript") || strings.Contains(a.Body, "passwd") || !strings.Contains(a.Body, "Text link")) {
			t.Fatalf("HTML import kept active content or lost the title: %q\n%s", a.Title, a.Body)
		}
		res, err := r.Render([]byte(a.Body))
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(res.HTML)
		for _, bad := range []string{"<script", "javascript:", "onerror", "onclick", "etc/passwd", "<iframe"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s renders %q:\n%s", id, bad, res.HTML)
			}
		}
		if id == "traversal" && !strings.Contains(res.HTML, `src="/kb-files/traversal/ok.png"`) {
			t.Errorf("attachment image not rewritten: %s", res.HTML)
		}
	}
}
