package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// PlainText converts Markdown to readable plain text: the words without the
// markup, one block per line, link text without addresses, image alt text,
// code as is. Raw HTML is dropped. It suits search snippets and embedding.
func PlainText(src []byte) string {
	md := goldmark.New(goldmark.WithExtensions(
		extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList, extension.Footnote,
		wikiLinkExtension{},
	))
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	var b strings.Builder
	writePlain(&b, doc, src)
	return strings.TrimSpace(collapseBlankLines(b.String()))
}

// writePlain appends the text of n and its descendants to b.
func writePlain(b *strings.Builder, n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Value(src)
		if _, code := n.Parent().(*ast.CodeSpan); !code {
			v = util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(v)))
		}
		b.Write(v)
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte('\n')
		}
		return
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			// Typographer substitutions are HTML entities such as "&ldquo;".
			b.WriteString(html.UnescapeString(string(n.Value)))
		} else {
			b.Write(n.Value)
		}
		return
	case *ast.AutoLink:
		b.Write(n.Label(src))
		return
	case *ast.RawHTML, *ast.HTMLBlock:
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		if !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
		return
	case *ast.ThematicBreak:
		b.WriteByte('\n')
		return
	case *east.TaskCheckBox:
		if n.IsChecked {
			b.WriteString("[x] ")
		} else {
			b.WriteString("[ ] ")
		}
		return
	case *east.FootnoteLink, *east.FootnoteBacklink:
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writePlain(b, c, src)
		if _, ok := c.(*east.TableCell); ok && c.NextSibling() != nil {
			b.WriteByte('\t')
		}
	}
	if n.Type() == ast.TypeBlock {
		_, cell := n.(*east.TableCell)
		if !cell && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte('\n')
		}
	}
}

// inlineText is the plain text of n's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writePlain(&b, c, src)
	}
	return strings.TrimSpace(b.String())
}

// collapseBlankLines squeezes runs of blank lines into one.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
