package markdown

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// maxIDLen caps generated heading ids, in bytes.
const maxIDLen = 80

// headingIDs generates heading ids the way GitHub and Hugo do ("Refund
// policy" → "refund-policy"), but keeps letters and digits of every script so
// that headings in other languages get meaningful anchors. Ids are unique
// within one document: repeats get "-1", "-2", … appended. One headingIDs
// serves one document; it is not safe for concurrent use.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slugifyHeading(string(value))
	if base == "" {
		base = "heading"
		if kind != ast.KindHeading {
			base = "id"
		}
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs: it reserves an id chosen elsewhere.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// slugifyHeading lower-cases s, keeps letters, marks and digits, turns spaces,
// hyphens and underscores into hyphens and drops everything else.
func slugifyHeading(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	for _, r := range s {
		var out rune
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			out = unicode.ToLower(r)
		case r == ' ' || r == '\t' || r == '-' || r == '_':
			out = '-'
		default:
			continue
		}
		if b.Len()+utf8.RuneLen(out) > maxIDLen {
			break
		}
		b.WriteRune(out)
	}
	return b.String()
}
