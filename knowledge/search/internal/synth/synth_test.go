package synth

import (
	"strings"
	"testing"

	"concierge/knowledge/frontmatter"
)

func TestDeterministicAndParseable(t *testing.T) {
	a, b := Articles(3), Articles(3)
	for i := range a {
		if a[i].Body != b[i].Body || a[i].Title != b[i].Title {
			t.Fatalf("article %d differs between runs", i)
		}
	}
	if a[0].Body == a[1].Body {
		t.Fatal("articles repeat")
	}
	doc, err := frontmatter.ParseFile("kb.md", []byte(Markdown(a[1])))
	if err != nil {
		t.Fatal(err)
	}
	got := doc.Article
	if got.ID != a[1].ID || got.Title != a[1].Title || got.Department != a[1].Department || len(got.Tags) != 2 || strings.TrimSpace(got.Body) != strings.TrimSpace(a[1].Body) {
		t.Errorf("round trip: %+v", got)
	}
	for i, p := range Prefixes(Queries(20)) {
		last := p[strings.LastIndexByte(p, ' ')+1:]
		if len(last) > 4 {
			t.Errorf("prefix %d %q", i, p)
		}
	}
}
