// Package frontmatter reads and writes Markdown files with YAML front matter
// between --- lines (the Hugo / Obsidian / Jekyll convention). Keys
// Concierge does not know are kept in Article.Extra and written back, so an
// import followed by an export loses nothing, and export → import → export
// is byte-identical.
package frontmatter

import (
	"errors"
	"fmt"
	"math"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"concierge/knowledge"
)

// Doc is a parsed Markdown file.
type Doc struct {
	// Article holds the front matter fields and the body (the Markdown after
	// the front matter). ID is empty when the front matter has none; Title
	// falls back to the first "# " heading, or with ParseFile to the file name.
	// Version, UpdatedAt and ContentHash are always zero: the store owns them.
	Article knowledge.Article
	// HasFrontMatter is false for plain Markdown files.
	HasFrontMatter bool
}

// ErrTOML is returned for files with TOML front matter between +++ lines.
var ErrTOML = errors.New("TOML front matter is not supported; use YAML between --- lines")

// SyntaxError is a problem in the front matter. Line counts from 1 at the
// top of the file (0 when the YAML parser gave no line).
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	if e.Line <= 0 {
		return "front matter: " + e.Msg
	}
	return fmt.Sprintf("front matter, line %d: %s", e.Line, e.Msg)
}

// Parse reads a Markdown file with optional YAML front matter. CRLF and CR
// line endings are converted to LF and a UTF-8 byte order mark is dropped.
func Parse(data []byte) (Doc, error) {
	if !utf8.Valid(data) {
		return Doc{}, errors.New("the file is not valid UTF-8 text; re-save it with UTF-8 encoding")
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	// A lone CR ends a line too (old Mac files; CommonMark agrees). Left
	// alone, "\r\r\n" became "\r\n" and changed again on the next read
	// (found by FuzzParseFormat).
	text = strings.ReplaceAll(text, "\r", "\n")

	first, rest, _ := strings.Cut(text, "\n")
	switch strings.TrimRight(first, " \t") {
	case "+++":
		return Doc{}, ErrTOML
	case "---":
	default:
		a := knowledge.Article{Body: text}
		a.Title = FirstHeading(text)
		return Doc{Article: a}, nil
	}

	yamlText, body, ok := splitFrontMatter(rest)
	if !ok {
		return Doc{}, &SyntaxError{Line: 1, Msg: "the front matter that starts here is never closed; add a line containing only --- after it"}
	}
	a, err := decode(yamlText)
	if err != nil {
		return Doc{}, err
	}
	a.Body = body
	if a.Title == "" {
		a.Title = FirstHeading(body)
	}
	return Doc{Article: a, HasFrontMatter: true}, nil
}

// ParseFile is Parse with a last resort for the title: the file name.
func ParseFile(name string, data []byte) (Doc, error) {
	d, err := Parse(data)
	if err != nil {
		return d, err
	}
	if d.Article.Title == "" {
		d.Article.Title = TitleFromFileName(name)
	}
	return d, nil
}

// splitFrontMatter finds the closing --- (or ...) line in rest, the text
// after the opening line.
func splitFrontMatter(rest string) (yamlText, body string, ok bool) {
	off := 0
	for off <= len(rest) {
		line, _, found := strings.Cut(rest[off:], "\n")
		if l := strings.TrimRight(line, " \t"); l == "---" || l == "..." {
			end := off + len(line)
			if found {
				end++
			}
			return rest[:off], rest[end:], true
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	return "", "", false
}

// FirstHeading returns the text of the first level-1 ATX heading ("# x")
// outside fenced code blocks, or "".
func FirstHeading(md string) string {
	fence := ""
	for line := range strings.SplitSeq(md, "\n") {
		t := strings.TrimLeft(line, " ")
		if len(line)-len(t) > 3 {
			continue // indented code
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = t[:3]
			continue
		}
		if h, ok := strings.CutPrefix(t, "# "); ok {
			h = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(h), "#"))
			if h != "" {
				return h
			}
		}
	}
	return ""
}

// TitleFromFileName turns "how_to-reset-VPN.md" into "how to reset VPN".
func TitleFromFileName(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if ext := path.Ext(base); ext != "" {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.Join(strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
	return base
}

// keyAliases maps accepted front matter keys (lower-cased) to the canonical
// name Format writes.
var keyAliases = map[string]string{
	"id": "id", "slug": "id",
	"title":      "title",
	"department": "department",
	"tags":       "tags",
	"language":   "language", "lang": "language",
	"audience":  "audience",
	"status":    "status",
	"owner":     "owner",
	"review_by": "review_by", "reviewby": "review_by", "review-by": "review_by",
	"updated": "updated",
	"version": "version",
}

// lineOffset converts a YAML line to a file line. decode prepends a newline
// standing for the opening --- so that YAML lines are file lines: yaml.v3
// reports no line at all for errors on the first line of its input.
const lineOffset = 0

func decode(yamlText string) (knowledge.Article, error) {
	var a knowledge.Article
	var root yaml.Node
	if err := yaml.Unmarshal([]byte("\n"+yamlText), &root); err != nil {
		return a, yamlError(err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return a, nil // empty front matter
	}
	m := root.Content[0]
	if m.Kind == yaml.ScalarNode && m.ShortTag() == "!!null" {
		return a, nil
	}
	if m.Kind != yaml.MappingNode {
		return a, &SyntaxError{Line: m.Line + lineOffset, Msg: "the front matter must be \"key: value\" lines"}
	}
	seen := map[string]int{} // canonical key → line
	budget := maxValues
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], resolveAlias(m.Content[i+1])
		line := k.Line + lineOffset
		if k.Kind != yaml.ScalarNode {
			return a, &SyntaxError{Line: line, Msg: "a key must be plain text"}
		}
		canon, known := keyAliases[strings.ToLower(k.Value)]
		if !known {
			canon = k.Value
		}
		if prev, dup := seen[canon]; dup {
			return a, &SyntaxError{Line: line, Msg: fmt.Sprintf("%q is set twice (also on line %d); keep one", k.Value, prev)}
		}
		seen[canon] = line
		if !known {
			val, err := toValue(v, &budget)
			if err != nil {
				return a, err
			}
			if a.Extra == nil {
				a.Extra = map[string]any{}
			}
			a.Extra[k.Value] = val
			continue
		}
		if err := setKnown(&a, canon, k.Value, v); err != nil {
			return a, err
		}
	}
	return a, nil
}

func setKnown(a *knowledge.Article, canon, key string, v *yaml.Node) error {
	line := v.Line + lineOffset
	if canon == "updated" || canon == "version" {
		return nil // owned by the store; written on export for information
	}
	if canon == "tags" {
		tags, err := toTags(v)
		if err != nil {
			return err
		}
		a.Tags = tags
		return nil
	}
	if v.Kind != yaml.ScalarNode {
		return &SyntaxError{Line: line, Msg: fmt.Sprintf("%s must be a single value, not a list or a nested block", key)}
	}
	s := strings.TrimSpace(v.Value)
	if v.ShortTag() == "!!null" {
		s = ""
	}
	switch canon {
	case "id":
		a.ID = s
	case "title":
		a.Title = s
	case "department":
		a.Department = s
	case "language":
		a.Language = s
	case "owner":
		a.Owner = s
	case "audience":
		au := knowledge.Audience(strings.ToLower(s))
		if s != "" && !au.Valid() {
			return &SyntaxError{Line: line, Msg: fmt.Sprintf("audience %q is not valid; use %q or %q", s, knowledge.AudienceInternal, knowledge.AudienceCustomer)}
		}
		a.Audience = au
	case "status":
		st := knowledge.Status(strings.ToLower(s))
		if s != "" && !st.Valid() {
			return &SyntaxError{Line: line, Msg: fmt.Sprintf("status %q is not valid; use draft, review, published or archived", s)}
		}
		a.Status = st
	case "review_by":
		if s == "" {
			return nil
		}
		t, err := parseDate(s)
		if err != nil {
			return &SyntaxError{Line: line, Msg: fmt.Sprintf("%s %q is not a date; write it as YYYY-MM-DD", key, s)}
		}
		a.ReviewBy = t
	}
	return nil
}

func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			y, m, d := t.Date()
			return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, errors.New("not a date")
}

func toTags(v *yaml.Node) ([]string, error) {
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if v.ShortTag() == "!!null" {
			return nil, nil
		}
		for t := range strings.SplitSeq(v.Value, ",") {
			add(t)
		}
	case yaml.SequenceNode:
		for _, e := range v.Content {
			e = resolveAlias(e)
			if e.Kind != yaml.ScalarNode {
				return nil, &SyntaxError{Line: e.Line + lineOffset, Msg: "each tag must be plain text"}
			}
			add(e.Value)
		}
	default:
		return nil, &SyntaxError{Line: v.Line + lineOffset, Msg: "tags must be a list like [billing, refunds] or comma-separated text"}
	}
	return out, nil
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 32; i++ {
		n = n.Alias
	}
	return n
}

// maxValues bounds the values the unknown keys of one front matter may
// expand to. Aliases are expanded, so without a bound a few lines of nested
// aliases ("billion laughs") would make an import run out of time and memory.
const maxValues = 10000

// toValue converts a YAML node to plain Go values that survive a JSON round
// trip: map[string]any, []any, string, int, float64, bool, nil. Timestamps
// stay text as written. Each value produced uses one unit of *budget.
func toValue(n *yaml.Node, budget *int) (any, error) {
	n = resolveAlias(n)
	if *budget--; *budget < 0 {
		return nil, &SyntaxError{Line: n.Line + lineOffset, Msg: fmt.Sprintf("the front matter expands to more than %d values (aliases within aliases?); write the values out or remove them", maxValues)}
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, &SyntaxError{Line: k.Line + lineOffset, Msg: "a key must be plain text"}
			}
			if _, dup := m[k.Value]; dup {
				return nil, &SyntaxError{Line: k.Line + lineOffset, Msg: fmt.Sprintf("%q is set twice; keep one", k.Value)}
			}
			v, err := toValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := toValue(e, budget)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err == nil {
				return b, nil
			}
		case "!!int":
			var i int
			if err := n.Decode(&i); err == nil {
				return i, nil
			}
		case "!!float":
			// NaN and infinities stay text as written: the store keeps
			// Extra as JSON, which has no place for them.
			var f float64
			if err := n.Decode(&f); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
				return f, nil
			}
		}
		return n.Value, nil
	}
	return nil, &SyntaxError{Line: n.Line + lineOffset, Msg: "unsupported YAML value"}
}

// yamlError turns a yaml.v3 error into a SyntaxError with a file line and a
// hint a non-programmer can act on.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if _, scanErr := fmt.Sscanf(n, "%d", &line); scanErr == nil {
				msg = tail
				line += lineOffset
			}
		}
	}
	for _, h := range []struct{ has, hint string }{
		{"mapping values are not allowed", "a value contains \": \": put the value in quotes, or fix the indentation"},
		{"tab character", "indent with spaces, not tabs"},
		{"cannot start any token", "indent with spaces, not tabs, and quote values starting with @ or `"},
		{"did not find expected key", "check the indentation of this and the previous lines"},
		{"unexpected end of stream", "a quote or bracket is never closed"},
		{"did not find expected node content", "a list or value is incomplete; check brackets and quotes"},
		{"could not find expected ':'", "each line needs \"key: value\"; put values with special characters in quotes"},
	} {
		if strings.Contains(msg, h.has) {
			msg += " (" + h.hint + ")"
			break
		}
	}
	return &SyntaxError{Line: line, Msg: msg}
}
