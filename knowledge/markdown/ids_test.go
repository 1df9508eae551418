package markdown

import (
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestSlugifyHeading(t *testing.T) {
	cases := map[string]string{
		"Refund policy":             "refund-policy",
		"  Trim me  ":               "trim-me",
		`Quotes " and ' <b>`:        "quotes--and--b",
		"Rückerstattung & Gebühren": "rückerstattung--gebühren",
		"日本語の見出し":                   "日本語の見出し",
		"!!!":                       "",
		"snake_case-and-kebab":      "snake-case-and-kebab",
	}
	for in, want := range cases {
		if got := slugifyHeading(in); got != want {
			t.Errorf("slugifyHeading(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugifyHeadingCapsLength(t *testing.T) {
	long := ""
	for range 50 {
		long += "ab "
	}
	if got := slugifyHeading(long); len(got) > maxIDLen {
		t.Fatalf("id has %d bytes, want at most %d", len(got), maxIDLen)
	}
}

func TestHeadingIDsUnique(t *testing.T) {
	ids := newHeadingIDs()
	ids.Put([]byte("taken"))
	got := []string{
		string(ids.Generate([]byte("Setup"), ast.KindHeading)),
		string(ids.Generate([]byte("Setup"), ast.KindHeading)),
		string(ids.Generate([]byte("Setup"), ast.KindHeading)),
		string(ids.Generate([]byte("Taken"), ast.KindHeading)),
		string(ids.Generate([]byte("???"), ast.KindHeading)),
		string(ids.Generate([]byte("???"), ast.KindParagraph)),
	}
	want := []string{"setup", "setup-1", "setup-2", "taken-1", "heading", "id"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("id %d = %q, want %q", i, got[i], want[i])
		}
	}
}
