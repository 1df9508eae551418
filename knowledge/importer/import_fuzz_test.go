package importer_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
	"concierge/knowledge/importer"
	"concierge/knowledge/sqlitestore"
)

var markdownSeeds = []string{
	"---\ntitle: Refund policy\ndepartment: Billing\ntags: [refund]\nstatus: published\n---\n# Refunds\n\nWithin **30 days**.\n",
	"# Plain note\n\nNo front matter.\n", "", "   \n", "---\n---\n", "---\ntitle: Stub\n---\n",
	"---\nid: Not A Slug\ntitle: x\n---\nbody\n", "---\nid: a\n---\nsame id as the HTML file\n",
	"---\nlanguage: english please\n---\nx\n", "---\naudience: everyone\n---\nx\n", "---\ntitle: [unclosed\n---\nx\n",
	"+++\ntitle = 1\n+++\n", "\xff\xfe#\x00", "a\x00b", "\xe9t\xe9", "\uFEFF---\r\ntitle: crlf\r\n---\r\nbody\r\n",
	"<script>alert(1)</script>\n[x](javascript:alert(1))\n", "[[wiki link]] ![i](../../etc/passwd)",
}

var htmlSeeds = []string{
	"<html><head><title>Delta page</title></head><body><p>Delta</p></body></html>",
	`<html><head><title>Evil</title><script>alert(1)</script></head><body><h1>H</h1><p onclick="x()">T <a href="javascript:alert(1)">l</a></p><img src="../../etc/passwd"><iframe src="https://e.example"></iframe></body></html>`,
	"", "<", "<html>", "<title></title>", "<p>   </p>", "<h1>Only a heading</h1>", "<table><tr><td>a<td>b</table>",
	"<!-- comment only -->", "<svg><script>alert(1)</script></svg>", "<math><mi xlink:href=\"javascript:x\">m</mi></math>",
	"<p>" + strings.Repeat("<b>", 500) + "deep" + "</p>", "<pre>```\n---\ntitle: injected\n---\n```</pre>",
	"<title>---\ntitle: x\n---</title><p>front matter in a title</p>",
}

// FuzzImport imports a folder of one fuzzed Markdown file, one fuzzed HTML
// file and one good file. Whatever they hold, the import itself never
// fails; every file is accounted for exactly once — imported (new,
// updated or unchanged), skipped with a reason, or counted as empty; the
// good file is always imported; an empty article is only ever a draft;
// and importing the same folder again changes nothing.
func FuzzImport(f *testing.F) {
	for i, md := range markdownSeeds {
		f.Add([]byte(md), []byte(htmlSeeds[i%len(htmlSeeds)]))
	}
	for i, h := range htmlSeeds {
		f.Add([]byte(markdownSeeds[i%len(markdownSeeds)]), []byte(h))
	}
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, filepath.Join(f.TempDir(), "kb.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	run := 0
	f.Fuzz(func(t *testing.T, md, html []byte) {
		run++
		fsys := fstest.MapFS{
			"a.md":         {Data: md},
			"page.html":    {Data: html},
			"good/kept.md": {Data: []byte("---\nid: kept\ntitle: Kept\n---\nAlways imported.\n")},
		}
		opts := editorial.ImportOptions("fuzz")
		opts.ReplaceOtherSources = true // every run is a new source over the same store
		source := fmt.Sprintf("fuzz-%d", run)
		rep, err := importer.Import(ctx, st, fsys, source, opts)
		if err != nil {
			t.Fatalf("the import failed as a whole: %v", err)
		}
		imported := len(rep.Created) + len(rep.Updated) + len(rep.Unchanged)
		if got := imported + len(rep.Failed) + len(rep.Empty); got != len(fsys) {
			t.Fatalf("%d files, %d accounted for: %+v", len(fsys), got, rep)
		}
		for _, fe := range rep.Failed {
			if fe.Reason == "" || !slices.Contains([]string{"a.md", "page.html"}, fe.Path) {
				t.Fatalf("failure %+v", fe)
			}
		}
		all := append(append(append([]string{}, rep.Created...), rep.Updated...), rep.Unchanged...)
		if !slices.Contains(all, "kept") {
			t.Fatalf("the good file was not imported: %+v", rep)
		}
		for _, id := range all {
			a, err := st.Get(ctx, id)
			if err != nil {
				t.Fatalf("imported %q cannot be read back: %v", id, err)
			}
			if strings.TrimSpace(a.Body) == "" && a.Status != knowledge.StatusDraft {
				t.Fatalf("empty article %q stored as %s", id, a.Status)
			}
		}
		again, err := importer.Import(ctx, st, fsys, source, opts)
		if err != nil {
			t.Fatalf("re-import failed: %v", err)
		}
		if len(again.Created)+len(again.Updated)+len(again.Archived) != 0 || len(again.Unchanged) != imported {
			t.Fatalf("re-importing the same files changed something:\nfirst:  %+v\nsecond: %+v", rep, again)
		}
	})
}
