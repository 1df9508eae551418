package frontmatter

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

// roundTrip inputs: import → export → import → export must be stable.
var roundTripInputs = map[string]string{
	"hugo": "---\ntitle: \"Refunds: the rules\"\ndate: 2024-01-05\ndraft: true\nweight: 10\nratio: 0.25\n" +
		"categories: [billing, policy]\nparams:\n  zeta: 1\n  alpha: [x, {k: v}]\nempty:\nslug: refunds\n---\n\n# Refunds\n\nText.\n",
	"obsidian": "---\ntags:\n  - vpn\n  - \"2024\"\naliases: [VPN help]\nreviewBy: 2026-01-31\ncssclass: wide\n---\nBody\n",
	"plain":    "# Just a heading\n\nNo front matter.\n",
	"quoting":  "---\nid: x\ntitle: \"yes\"\nflag: \"off\"\nwhen: \"2024-01-05\"\nowner: '123'\nnote: \"line one\\nline two\"\nodd: \"key: value # not a comment\"\n---\n",
	"crlf":     "---\r\ntitle: Windows\r\n---\r\nbody\r\n",
	"empty fm": "---\n---\nbody",
	"unicode":  "---\ntitle: Rückerstattung – Überblick 返金\nmotto: \"¿qué?\"\n---\nÄ\n",
}

func TestRoundTripIsByteIdentical(t *testing.T) {
	for name, src := range roundTripInputs {
		t.Run(name, func(t *testing.T) {
			d1, err := ParseFile("file.md", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			out1, err := Format(d1.Article)
			if err != nil {
				t.Fatal(err)
			}
			d2, err := ParseFile("file.md", out1)
			if err != nil {
				t.Fatalf("re-import of the export failed: %v\n%s", err, out1)
			}
			out2, err := Format(d2.Article)
			if err != nil {
				t.Fatal(err)
			}
			if string(out1) != string(out2) {
				t.Errorf("export not stable:\n--- first\n%s\n--- second\n%s", out1, out2)
			}
			if d1.Article.ComputeHash() != d2.Article.ComputeHash() {
				t.Errorf("content changed over the round trip:\n%+v\n%+v", d1.Article, d2.Article)
			}
			// The store keeps Extra as JSON; exporting from it must not change a byte.
			var stored knowledge.Article
			b, _ := json.Marshal(d2.Article)
			if err := json.Unmarshal(b, &stored); err != nil {
				t.Fatal(err)
			}
			out3, err := Format(stored)
			if err != nil {
				t.Fatal(err)
			}
			if string(out3) != string(out1) {
				t.Errorf("export after a JSON round trip differs:\n--- before\n%s\n--- after\n%s", out1, out3)
			}
		})
	}
}

func TestFormatLayout(t *testing.T) {
	a := knowledge.Article{
		ID: "refunds", Title: "Refunds", Department: "Billing", Tags: []string{"money", "eu"},
		Language: "en", Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished,
		Owner: "ana", ReviewBy: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		UpdatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Version: 4,
		Extra: map[string]any{"zeta": "z", "alpha": 1, "Title": "clash is skipped"},
		Body:  "# Refunds\n",
	}
	got, err := Format(a)
	if err != nil {
		t.Fatal(err)
	}
	want := "---\nid: refunds\ntitle: Refunds\ndepartment: Billing\ntags: [money, eu]\nlanguage: en\n" +
		"audience: customer-facing\nstatus: published\nowner: ana\nreview_by: 2026-03-01\n" +
		"updated: 2026-01-02T03:04:05Z\nversion: 4\nalpha: 1\nzeta: z\n---\n# Refunds\n"
	if string(got) != want {
		t.Errorf("Format =\n%s\nwant\n%s", got, want)
	}
	// updated and version are ignored on import.
	d, err := Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if d.Article.Version != 0 || !d.Article.UpdatedAt.IsZero() || d.Article.Extra["updated"] != nil {
		t.Errorf("store-owned fields leaked into the import: %+v", d.Article)
	}
}

func TestFormatQuoting(t *testing.T) {
	got, err := Format(knowledge.Article{ID: "a", Title: "yes", Owner: "123",
		Extra: map[string]any{"date": "2024-01-05", "at": "2024-01-05T10:00:00Z", "code": "007", "b": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`title: "yes"`, `owner: "123"`, "date: 2024-01-05\n", "at: 2024-01-05T10:00:00Z\n", `code: "007"`, `b: "true"`} {
		if !strings.Contains(string(got), line) {
			t.Errorf("export lacks %q:\n%s", line, got)
		}
	}
}

func TestFormatRejectsUnwritableExtra(t *testing.T) {
	_, err := Format(knowledge.Article{ID: "a", Title: "A", Extra: map[string]any{"ch": make(chan int)}})
	if err == nil || !strings.Contains(err.Error(), `"ch"`) {
		t.Errorf("Format = %v, want an error naming the key", err)
	}
}
