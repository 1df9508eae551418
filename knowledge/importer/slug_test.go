package importer

import (
	"strings"
	"testing"

	"concierge/knowledge"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Refund Policy":          "refund-policy",
		"  How to: reset VPN?! ": "how-to-reset-vpn",
		"Rückgabe & Umtausch":    "ruckgabe-umtausch",
		"v1.2_notes":             "v1.2_notes",
		"--.hidden--":            "hidden",
		"返金":                     "",
		strings.Repeat("a", 200): strings.Repeat("a", knowledge.MaxIDLen),
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got := Slugify(in); got != "" && !knowledge.ValidID(got) {
			t.Errorf("Slugify(%q) = %q is not a valid id", in, got)
		}
	}
}

func TestIDFromPath(t *testing.T) {
	if got := idFromPath("guides/Plain Note.markdown"); got != "plain-note" {
		t.Errorf("idFromPath = %q", got)
	}
	a, b := idFromPath("x/返金.md"), idFromPath("y/返金.md")
	if a == b || !knowledge.ValidID(a) || !strings.HasPrefix(a, "article-") {
		t.Errorf("ids for non-Latin names = %q, %q", a, b)
	}
}
