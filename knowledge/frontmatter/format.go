package frontmatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"concierge/knowledge"
)

// Format writes a as Markdown with YAML front matter. Known fields come in a
// fixed order (id, title, department, tags, language, audience, status,
// owner, review_by, updated, version), empty ones omitted, then the Extra
// keys sorted by name. Extra keys that clash with a known key are skipped.
func Format(a knowledge.Article) ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) { m.Content = append(m.Content, str(key), v) }
	addStr := func(key, v string) {
		if v != "" {
			add(key, str(v))
		}
	}
	addStr("id", a.ID)
	addStr("title", a.Title)
	addStr("department", a.Department)
	if len(a.Tags) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, t := range a.Tags {
			seq.Content = append(seq.Content, str(t))
		}
		add("tags", seq)
	}
	addStr("language", a.Language)
	addStr("audience", string(a.Audience))
	addStr("status", string(a.Status))
	addStr("owner", a.Owner)
	if !a.ReviewBy.IsZero() {
		add("review_by", plain(a.ReviewBy.UTC().Format(time.DateOnly)))
	}
	if !a.UpdatedAt.IsZero() {
		add("updated", plain(a.UpdatedAt.UTC().Format(time.RFC3339)))
	}
	if a.Version > 0 {
		add("version", plain(strconv.Itoa(a.Version)))
	}

	keys := make([]string, 0, len(a.Extra))
	for k := range a.Extra {
		if _, clash := keyAliases[strings.ToLower(k)]; !clash {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		n, err := toNode(a.Extra[k])
		if err != nil {
			return nil, fmt.Errorf("front matter key %q: %w", k, err)
		}
		add(k, n)
	}

	var buf bytes.Buffer
	buf.WriteString("---\n")
	if len(m.Content) > 0 {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(m); err != nil {
			return nil, fmt.Errorf("write front matter: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("write front matter: %w", err)
		}
	}
	buf.WriteString("---\n")
	buf.WriteString(a.Body)
	return buf.Bytes(), nil
}

// str is a text scalar; the encoder quotes it when it would otherwise read
// back as a number, date, boolean or null. YAML 1.1 booleans (yes, no, on,
// off…) are quoted too, for the many tools (Hugo, Jekyll) that still read
// them as true/false.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off":
		n.Style = yaml.DoubleQuotedStyle
	}
	// yaml.v3 writes multi-line text as a literal block, which drops a
	// leading blank line or indentation ("\ne" read back as "e"; found by
	// FuzzParseFormat): such text is quoted instead.
	if first, _, multi := strings.Cut(s, "\n"); multi && strings.TrimLeft(first, " \t") != first || strings.HasPrefix(s, "\n") {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// text is a string from Extra. Dates and timestamps (which Parse keeps as
// text) are written unquoted, as they were in the source file.
func text(s string) *yaml.Node {
	if isTimestamp(s) {
		return plain(s)
	}
	return str(s)
}

func isTimestamp(s string) bool {
	if len(s) < len("2006-01-02") || s[4] != '-' {
		return false
	}
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			return true
		}
	}
	return false
}

// plain is a scalar written as is (dates, numbers).
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func toNode(v any) (*yaml.Node, error) {
	switch x := v.(type) {
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	case string:
		return text(x), nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}, nil
	case float64:
		return floatNode(x), nil
	case json.Number: // an integer beyond 2^53 kept by the store as written
		if strings.ContainsAny(x.String(), ".eE") {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: x.String()}, nil
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: x.String()}, nil
	case float32:
		return floatNode(float64(x)), nil
	case time.Time:
		if x.Equal(x.Truncate(24*time.Hour)) && x.Location() == time.UTC {
			return plain(x.Format(time.DateOnly)), nil
		}
		return plain(x.Format(time.RFC3339Nano)), nil
	case map[string]any:
		m := &yaml.Node{Kind: yaml.MappingNode}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			n, err := toNode(x[k])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			m.Content = append(m.Content, str(k), n)
		}
		return m, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(rv.Int(), 10)}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(rv.Uint(), 10)}, nil
	case reflect.Slice, reflect.Array:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for i := range rv.Len() {
			n, err := toNode(rv.Index(i).Interface())
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i+1, err)
			}
			seq.Content = append(seq.Content, n)
		}
		return seq, nil
	}
	return nil, fmt.Errorf("a value of type %T cannot be written as YAML", v)
}

// floatNode writes whole numbers without a fraction, so a YAML integer that
// went through JSON (which has only floats) comes back as written.
func floatNode(f float64) *yaml.Node {
	switch {
	case math.IsNaN(f):
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: ".nan"}
	case math.IsInf(f, 1):
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: ".inf"}
	case math.IsInf(f, -1):
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: "-.inf"}
	case f == math.Trunc(f) && math.Abs(f) < 1<<63:
		// Whole numbers an int64 holds are written as integers: the store
		// keeps Extra as JSON, which cannot tell 1e16 from 10000000000000000,
		// so both export the same way.
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatFloat(f, 'f', -1, 64)}
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: s}
}
