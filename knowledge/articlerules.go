package knowledge

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxIDLen is the longest article id accepted.
const MaxIDLen = 120

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	langPattern = regexp.MustCompile(`^[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*$`)
)

// ValidID reports whether id is an acceptable article id: lowercase letters,
// digits, '-', '_' and '.', starting with a letter or digit, at most
// MaxIDLen characters.
func ValidID(id string) bool {
	return len(id) <= MaxIDLen && idPattern.MatchString(id)
}

// InvalidArticle returns an error wrapping ErrInvalid whose text reads
// "invalid article: <message>", the form every store reports.
func InvalidArticle(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Normalize validates a and fills defaults (audience internal, status draft,
// language "en"), trims the title and tags, drops empty and repeated tags,
// reduces ReviewBy to a UTC date and sets ContentHash. Every store runs it
// before writing, and import previews use it to tell what an import would
// change. Errors wrap ErrInvalid and name the field.
func Normalize(a Article) (Article, error) {
	n, err := normalize(a)
	if err != nil {
		return a, err
	}
	n.ContentHash = n.ComputeHash()
	return n, nil
}

func normalize(a Article) (Article, error) {
	if !ValidID(a.ID) {
		if a.ID == "" {
			return a, InvalidArticle("the article has no id")
		}
		return a, InvalidArticle("id %q is not valid: use lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most %d characters", a.ID, MaxIDLen)
	}
	for _, f := range []struct{ name, value string }{
		{"title", a.Title}, {"body", a.Body}, {"department", a.Department},
		{"language", a.Language}, {"owner", a.Owner}, {"source", a.Source},
		{"source path", a.SourcePath},
	} {
		if !utf8.ValidString(f.value) {
			return a, InvalidArticle("article %q: the %s is not valid UTF-8 text", a.ID, f.name)
		}
	}
	a.Title = strings.TrimSpace(a.Title)
	if a.Title == "" {
		return a, InvalidArticle("article %q has no title", a.ID)
	}
	a.Department = strings.TrimSpace(a.Department)
	a.Owner = strings.TrimSpace(a.Owner)

	a.Language = strings.TrimSpace(a.Language)
	if a.Language == "" {
		a.Language = "en"
	} else if !langPattern.MatchString(a.Language) {
		return a, InvalidArticle("article %q: language %q is not a language code such as \"en\" or \"pt-BR\"", a.ID, a.Language)
	}
	if a.Audience == "" {
		a.Audience = AudienceInternal
	} else if !a.Audience.Valid() {
		return a, InvalidArticle("article %q: audience %q is not one of %q, %q", a.ID, a.Audience, AudienceInternal, AudienceCustomer)
	}
	if a.Status == "" {
		a.Status = StatusDraft
	} else if !a.Status.Valid() {
		return a, InvalidArticle("article %q: status %q is not one of draft, review, published, archived", a.ID, a.Status)
	}

	tags := make([]string, 0, len(a.Tags))
	seen := make(map[string]bool, len(a.Tags))
	for _, t := range a.Tags {
		if !utf8.ValidString(t) {
			return a, InvalidArticle("article %q: a tag is not valid UTF-8 text", a.ID)
		}
		t = strings.TrimSpace(t)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	a.Tags = tags

	if !a.ReviewBy.IsZero() {
		y, m, d := a.ReviewBy.UTC().Date()
		a.ReviewBy = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if len(a.Extra) == 0 {
		a.Extra = nil
	} else if err := validExtra(a.Extra, "extra"); err != nil {
		return a, InvalidArticle("article %q: %v", a.ID, err)
	}
	if _, err := json.Marshal(a.Extra); err != nil {
		return a, InvalidArticle("article %q: extra front matter cannot be stored: %v", a.ID, err)
	}
	return a, nil
}

func validExtra(v any, where string) error {
	switch x := v.(type) {
	case string:
		if !utf8.ValidString(x) {
			return fmt.Errorf("%s is not valid UTF-8 text", where)
		}
	case map[string]any:
		for k, e := range x {
			if !utf8.ValidString(k) {
				return fmt.Errorf("a key in %s is not valid UTF-8 text", where)
			}
			if err := validExtra(e, where+"."+k); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			if err := validExtra(e, fmt.Sprintf("%s[%d]", where, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
