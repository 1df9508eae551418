package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// maxWikiLinkLen bounds the text between [[ and ]] so that a stray "[[" does
// not make the parser scan a whole paragraph.
const maxWikiLinkLen = 256

// kindWikiLink is the AST kind of a wiki link. The link transformer replaces
// every wiki link node by an ordinary link (or plain text), so no renderer is
// registered for it.
var kindWikiLink = ast.NewNodeKind("WikiLink")

// wikiLinkNode is [[target]] or [[target|label]]; target may carry a
// "#fragment".
type wikiLinkNode struct {
	ast.BaseInline
	Target []byte
}

func (n *wikiLinkNode) Kind() ast.NodeKind { return kindWikiLink }

func (n *wikiLinkNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": string(n.Target)}, nil)
}

// wikiLinkParser parses [[target]] and [[target|label]] on a single line.
type wikiLinkParser struct{}

func (wikiLinkParser) Trigger() []byte { return []byte{'['} }

func (wikiLinkParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 5 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	rest := line[2:]
	if len(rest) > maxWikiLinkLen+2 {
		rest = rest[:maxWikiLinkLen+2]
	}
	end := bytes.Index(rest, []byte("]]"))
	if end <= 0 {
		return nil
	}
	inner := rest[:end]
	if bytes.ContainsAny(inner, "[]\n\r") {
		return nil
	}
	target, label, hasLabel := bytes.Cut(inner, []byte("|"))
	target = bytes.TrimSpace(target)
	label = bytes.TrimSpace(label)
	if len(target) == 0 {
		return nil
	}
	if !hasLabel || len(label) == 0 {
		label = target
	}
	n := &wikiLinkNode{Target: append([]byte(nil), target...)}
	n.AppendChild(n, ast.NewString(append([]byte(nil), label...)))
	block.Advance(2 + end + 2)
	return n
}

// wikiLinkExtension registers the wiki link parser ahead of goldmark's link
// parser (priority 200), which would otherwise claim the first "[".
type wikiLinkExtension struct{}

func (wikiLinkExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 199)))
}
