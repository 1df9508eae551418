package knowledge

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestNormalizeDefaults(t *testing.T) {
	a, err := normalize(Article{
		ID: "refunds", Title: "  Refunds  ", Tags: []string{" billing", "", "billing", "eu"},
		ReviewBy: time.Date(2026, 5, 1, 23, 30, 0, 0, time.FixedZone("x", -2*3600)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Refunds" || a.Language != "en" || a.Audience != AudienceInternal || a.Status != StatusDraft {
		t.Errorf("defaults not applied: %+v", a)
	}
	if strings.Join(a.Tags, ",") != "billing,eu" {
		t.Errorf("tags = %q", a.Tags)
	}
	if want := time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC); !a.ReviewBy.Equal(want) {
		t.Errorf("ReviewBy = %v, want %v (the UTC date)", a.ReviewBy, want)
	}
}

func TestNormalizeRejects(t *testing.T) {
	ok := Article{ID: "ok", Title: "OK"}
	cases := map[string]func(a *Article){
		"empty id":         func(a *Article) { a.ID = "" },
		"upper id":         func(a *Article) { a.ID = "Refunds" },
		"space id":         func(a *Article) { a.ID = "a b" },
		"leading dash":     func(a *Article) { a.ID = "-a" },
		"leading dot":      func(a *Article) { a.ID = ".a" },
		"slash id":         func(a *Article) { a.ID = "a/b" },
		"long id":          func(a *Article) { a.ID = strings.Repeat("a", MaxIDLen+1) },
		"no title":         func(a *Article) { a.Title = " \t" },
		"bad utf8 body":    func(a *Article) { a.Body = "ok \xff" },
		"bad utf8 title":   func(a *Article) { a.Title = "\xc3\x28" },
		"bad utf8 tag":     func(a *Article) { a.Tags = []string{"\xff"} },
		"bad utf8 extra":   func(a *Article) { a.Extra = map[string]any{"k": []any{"\xff"}} },
		"bad audience":     func(a *Article) { a.Audience = "everyone" },
		"bad status":       func(a *Article) { a.Status = "done" },
		"bad language":     func(a *Article) { a.Language = "english please" },
		"unstorable extra": func(a *Article) { a.Extra = map[string]any{"f": func() {}} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			a := ok
			mutate(&a)
			if _, err := normalize(a); !errors.Is(err, ErrInvalid) {
				t.Errorf("normalize = %v, want ErrInvalid", err)
			}
		})
	}
	if _, err := normalize(ok); err != nil {
		t.Errorf("valid article rejected: %v", err)
	}
	long := ok
	long.ID = strings.Repeat("a", MaxIDLen)
	if _, err := normalize(long); err != nil {
		t.Errorf("%d-char id rejected: %v", MaxIDLen, err)
	}
}
