package frontmatter

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

func TestParseKnownKeys(t *testing.T) {
	src := "---\n" +
		"slug: reset-vpn\n" +
		"title: \"Reset the VPN: step by step\"\n" +
		"department: IT\n" +
		"tags: vpn, network , \n" +
		"lang: de\n" +
		"audience: Customer-Facing\n" +
		"status: published\n" +
		"owner: ana@example.com\n" +
		"reviewBy: 2026-07-01\n" +
		"updated: 2020-01-01T00:00:00Z\n" +
		"version: 9\n" +
		"weight: 3\n" +
		"aliases: [vpn-reset]\n" +
		"---\n" +
		"# Heading\n\nBody text.\n"
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := knowledge.Article{
		ID: "reset-vpn", Title: "Reset the VPN: step by step", Department: "IT",
		Tags: []string{"vpn", "network"}, Language: "de", Audience: knowledge.AudienceCustomer,
		Status: knowledge.StatusPublished, Owner: "ana@example.com",
		ReviewBy: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		Body:     "# Heading\n\nBody text.\n",
		Extra:    map[string]any{"weight": 3, "aliases": []any{"vpn-reset"}},
	}
	if !d.HasFrontMatter || !reflect.DeepEqual(d.Article, want) {
		t.Errorf("Parse =\n%#v\nwant\n%#v", d.Article, want)
	}
}

func TestParseTagsList(t *testing.T) {
	d, err := Parse([]byte("---\nid: a\ntitle: A\ntags:\n  - one\n  - two words\n---\nx"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Article.Tags, []string{"one", "two words"}) {
		t.Errorf("tags = %q", d.Article.Tags)
	}
}

func TestParseReviewByVariants(t *testing.T) {
	want := time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)
	for _, line := range []string{"review_by: 2026-02-03", "review-by: '2026-02-03'", "reviewBy: 2026-02-03T10:00:00Z"} {
		d, err := Parse([]byte("---\ntitle: T\n" + line + "\n---\n"))
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		if !d.Article.ReviewBy.Equal(want) {
			t.Errorf("%s: ReviewBy = %v", line, d.Article.ReviewBy)
		}
	}
}

func TestParseWithoutFrontMatter(t *testing.T) {
	d, err := ParseFile("notes/vpn_setup-guide.md", []byte("Intro\n```\n# not a heading\n```\n# Setting up the VPN #\ntext\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.HasFrontMatter || d.Article.Title != "Setting up the VPN" || !strings.HasPrefix(d.Article.Body, "Intro\n") {
		t.Errorf("doc = %+v", d)
	}
	d, err = ParseFile("notes/vpn_setup-guide.md", []byte("no heading here\n"))
	if err != nil || d.Article.Title != "vpn setup guide" {
		t.Errorf("title from file name = %q, %v", d.Article.Title, err)
	}
	d, err = ParseFile("x.md", []byte("---\nid: x\n---\n# From heading\n"))
	if err != nil || d.Article.Title != "From heading" {
		t.Errorf("title from heading with front matter = %q, %v", d.Article.Title, err)
	}
}

func TestParseCRLFAndBOM(t *testing.T) {
	d, err := Parse([]byte("\uFEFF---\r\ntitle: Win\r\n---\r\nline 1\r\nline 2\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Title != "Win" || d.Article.Body != "line 1\nline 2\n" {
		t.Errorf("doc = %+v", d.Article)
	}
}

func TestParseEmptyFrontMatter(t *testing.T) {
	d, err := Parse([]byte("---\n---\n# T\n"))
	if err != nil || !d.HasFrontMatter || d.Article.Title != "T" || d.Article.Extra != nil {
		t.Errorf("doc = %+v, %v", d, err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		contains  string
	}{
		{"colon in value", "---\nid: a\ntitle: Refunds: the rules\n---\n", 3, "quotes"},
		{"colon on first line", "---\ntitle: Refunds: the rules\n---\n", 2, "quotes"},
		{"bad indent", "---\ntitle: x\n  id: y\n---\n", 3, "quotes"},
		{"tab indent", "---\nid: a\ntags:\n\t- x\n---\n", 4, "tabs"},
		{"unclosed quote", "---\nid: a\ntitle: 'open\n---\nbody\n", 0, "never closed"},
		{"not closed", "---\nid: a\ntitle: x\n", 1, "never closed"},
		{"duplicate", "---\nid: a\ntitle: x\nslug: b\n---\n", 4, "line 2"},
		{"bad status", "---\ntitle: x\nstatus: done\n---\n", 3, "draft, review, published or archived"},
		{"bad audience", "---\ntitle: x\naudience: all\n---\n", 3, "customer-facing"},
		{"bad date", "---\ntitle: x\nreview_by: next week\n---\n", 3, "YYYY-MM-DD"},
		{"title list", "---\ntitle: [a, b]\n---\n", 2, "single value"},
		{"tags map", "---\ntags:\n  a: b\n---\n", 3, "list"},
		{"not a mapping", "---\n- a\n- b\n---\n", 2, "key: value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse = %v, want a *SyntaxError", err)
			}
			if c.line > 0 && se.Line != c.line {
				t.Errorf("line = %d, want %d (%v)", se.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("error %q does not mention %q", err, c.contains)
			}
		})
	}
}

func TestParseTOML(t *testing.T) {
	_, err := Parse([]byte("+++\ntitle = \"x\"\n+++\nbody"))
	if !errors.Is(err, ErrTOML) || !strings.Contains(err.Error(), "use YAML between --- lines") {
		t.Errorf("Parse(TOML) = %v", err)
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	if _, err := Parse([]byte("---\ntitle: \xff\n---\n")); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("Parse(invalid UTF-8) = %v", err)
	}
}
