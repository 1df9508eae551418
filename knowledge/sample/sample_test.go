package sample

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

type frontMatter struct {
	ID         string    `yaml:"id"`
	Title      string    `yaml:"title"`
	Department string    `yaml:"department"`
	Tags       []string  `yaml:"tags"`
	Language   string    `yaml:"language"`
	Audience   string    `yaml:"audience"`
	Status     string    `yaml:"status"`
	Owner      string    `yaml:"owner"`
	ReviewBy   time.Time `yaml:"review_by"`
}

type article struct {
	path string
	fm   frontMatter
	body string
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

func splitFrontMatter(t *testing.T, name string, data []byte) (frontMatter, string) {
	t.Helper()
	var fm frontMatter
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Errorf("%s: no front matter", name)
		return fm, s
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Errorf("%s: front matter not closed", name)
		return fm, s
	}
	head, body := s[4:4+end+1], s[4+end+5:]
	var raw map[string]any
	if err := yaml.Unmarshal([]byte(head), &raw); err != nil {
		t.Errorf("%s: front matter: %v", name, err)
		return fm, body
	}
	for _, k := range []string{"id", "title", "department", "tags", "language", "audience", "status", "owner", "review_by"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("%s: front matter lacks %q", name, k)
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader([]byte(head)))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		t.Errorf("%s: front matter: %v", name, err)
	}
	return fm, body
}

func loadAll(t *testing.T) map[string]article {
	t.Helper()
	arts := map[string]article{}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path.Ext(p) != ".md" {
			t.Errorf("%s: unexpected non-Markdown file", p)
			return nil
		}
		data, err := fs.ReadFile(FS(), p)
		if err != nil {
			return err
		}
		fm, body := splitFrontMatter(t, p, data)
		base := strings.TrimSuffix(path.Base(p), ".md")
		if fm.ID != base {
			t.Errorf("%s: id %q does not equal file base name %q", p, fm.ID, base)
		}
		if prev, dup := arts[fm.ID]; dup {
			t.Errorf("%s: duplicate id %q (also %s)", p, fm.ID, prev.path)
		}
		arts[fm.ID] = article{path: p, fm: fm, body: body}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func TestSampleKnowledgeBase(t *testing.T) {
	arts := loadAll(t)
	if n := len(arts); n < 40 || n > 60 {
		t.Errorf("got %d articles, want 40-60", n)
	}
	depts := map[string]bool{}
	langs := map[string]int{}
	owners := map[string]string{}
	for id, a := range arts {
		fm := a.fm
		depts[fm.Department] = true
		langs[fm.Language]++
		if fm.Title == "" || fm.Department == "" || fm.Owner == "" || len(fm.Tags) == 0 || fm.ReviewBy.IsZero() {
			t.Errorf("%s: empty required front matter value", id)
		}
		switch fm.Audience {
		case "internal", "customer-facing":
		default:
			t.Errorf("%s: bad audience %q", id, fm.Audience)
		}
		switch fm.Status {
		case "draft", "review", "published", "archived":
		default:
			t.Errorf("%s: bad status %q", id, fm.Status)
		}
		if o, ok := owners[fm.Department]; ok && o != fm.Owner {
			t.Errorf("%s: owner %q, but department %s is owned by %q", id, fm.Owner, fm.Department, o)
		}
		owners[fm.Department] = fm.Owner
		if strings.HasPrefix(strings.TrimSpace(a.body), "# ") {
			t.Errorf("%s: body repeats the title as a level-1 heading", id)
		}
		for _, m := range linkRE.FindAllStringSubmatch(a.body, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "#") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			if _, ok := arts[strings.TrimSuffix(target, ".md")]; !ok || path.Ext(target) != ".md" || strings.Contains(target, "/") {
				t.Errorf("%s: link %q does not name an existing article", id, m[1])
			}
		}
	}
	if len(depts) < 6 {
		t.Errorf("got %d departments, want >= 6", len(depts))
	}
	if langs["ru"] < 5 || langs["th"] < 5 {
		t.Errorf("got %d ru and %d th articles, want >= 5 each", langs["ru"], langs["th"])
	}
}

func TestQueriesReferToArticles(t *testing.T) {
	arts := loadAll(t)
	data, err := os.ReadFile("testdata/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct {
		Query       string   `json:"query"`
		Top3        []string `json:"top3"`
		Departments []string `json:"departments"`
		None        bool     `json:"none"`
	}
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 20 || len(qs) > 30 {
		t.Errorf("got %d queries, want 20-30", len(qs))
	}
	depts := map[string]bool{}
	for _, a := range arts {
		depts[a.fm.Department] = true
	}
	for _, q := range qs {
		if q.None != (len(q.Top3) == 0) {
			t.Errorf("%q: a query either expects articles or is marked none", q.Query)
		}
		for _, id := range q.Top3 {
			a, ok := arts[id]
			if !ok {
				t.Errorf("%q: unknown article %q", q.Query, id)
			} else if a.fm.Status != "published" {
				t.Errorf("%q: expected article %q is %s; default search shows published only", q.Query, id, a.fm.Status)
			}
		}
		for _, d := range q.Departments {
			if !depts[d] {
				t.Errorf("%q: unknown department %q", q.Query, d)
			}
		}
	}
}
