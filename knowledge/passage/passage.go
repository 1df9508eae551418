// Package passage splits an article's Markdown body into bounded, plain-text
// passages, each with its heading path, for indexing and snippets.
package passage

import (
	"fmt"
	"strings"

	"concierge/knowledge"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// DefaultMaxRunes bounds a passage when Split is given maxRunes <= 0.
const DefaultMaxRunes = 1200

// Passage is one searchable piece of an article.
type Passage struct {
	ID        string   // "<articleID>#<ordinal>"
	ArticleID string   //
	Ordinal   int      // 0-based position in the article
	Headings  []string // Markdown heading path, outermost first; the title is not repeated here
	Text      string   // plain text, no Markdown syntax; paragraphs separated by "\n\n"
}

// Split splits a.Body by headings into passages of at most maxRunes runes
// (longer sections are cut at paragraph, then sentence, then word
// boundaries). The article title is not part of any passage: the search
// index stores it as its own boosted field. An article whose body has no
// text still yields one passage with empty Text, so it stays findable by
// title. A leading heading equal to the title is dropped from heading paths.
func Split(a knowledge.Article, maxRunes int) []Passage {
	if maxRunes <= 0 {
		maxRunes = DefaultMaxRunes
	}
	secs := sections(a.Title, []byte(a.Body))
	var out []Passage
	for _, s := range secs {
		for _, chunk := range pack(s.blocks, maxRunes) {
			out = append(out, Passage{
				ID:        fmt.Sprintf("%s#%d", a.ID, len(out)),
				ArticleID: a.ID,
				Ordinal:   len(out),
				Headings:  append([]string(nil), s.headings...),
				Text:      chunk,
			})
		}
	}
	if len(out) == 0 {
		out = append(out, Passage{ID: a.ID + "#0", ArticleID: a.ID})
	}
	return out
}

type section struct {
	headings []string
	blocks   []string
}

var md = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList))

func sections(title string, src []byte) []section {
	doc := md.Parser().Parse(text.NewReader(src))
	var (
		out   []section
		stack []struct {
			level int
			text  string
		}
		cur section
	)
	flush := func() {
		if len(cur.blocks) > 0 {
			out = append(out, cur)
		}
		cur = section{}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			ht := collapse(inlineText(h, src))
			for len(stack) > 0 && stack[len(stack)-1].level >= h.Level {
				stack = stack[:len(stack)-1]
			}
			if !(len(stack) == 0 && len(out) == 0 && strings.EqualFold(ht, strings.TrimSpace(title))) && ht != "" {
				stack = append(stack, struct {
					level int
					text  string
				}{h.Level, ht})
			}
			for _, s := range stack {
				cur.headings = append(cur.headings, s.text)
			}
			continue
		}
		cur.blocks = append(cur.blocks, blockTexts(n, src)...)
	}
	flush()
	return out
}

// blockTexts returns the plain text of a block node, one string per
// paragraph-like unit (list items and table rows become separate units).
func blockTexts(n ast.Node, src []byte) []string {
	var out []string
	add := func(s string) {
		if s = collapse(s); s != "" {
			out = append(out, s)
		}
	}
	switch b := n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var sb strings.Builder
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			sb.Write(seg.Value(src))
		}
		add(sb.String())
	case *ast.HTMLBlock, *ast.ThematicBreak:
		// Raw HTML and rules carry no searchable prose.
	case *ast.List, *ast.Blockquote, *ast.ListItem, *east.DefinitionList, *east.DefinitionDescription:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			out = append(out, blockTexts(c, src)...)
		}
	case *east.Table:
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for c := row.FirstChild(); c != nil; c = c.NextSibling() {
				if t := collapse(inlineText(c, src)); t != "" {
					cells = append(cells, t)
				}
			}
			add(strings.Join(cells, " · "))
		}
	default:
		if n.HasChildren() && n.FirstChild().Type() == ast.TypeBlock {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				out = append(out, blockTexts(c, src)...)
			}
			return out
		}
		add(inlineText(n, src))
	}
	return out
}

// inlineText concatenates the visible text of n's inline descendants.
func inlineText(n ast.Node, src []byte) string {
	var sb strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			sb.Write(t.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		case *ast.String:
			sb.Write(t.Value)
		case *ast.AutoLink:
			sb.Write(t.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return sb.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
