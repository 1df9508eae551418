// Package markdown renders knowledge base articles from Markdown to safe
// HTML for the Concierge frontend.
//
// Rendering follows Hugo's markup conventions: GitHub Flavored Markdown
// (tables, strikethrough, autolinks, task lists), footnotes, automatic unique
// heading ids and an optional typographer. Raw HTML in the source is never
// passed through, and every rendered document is additionally filtered by an
// allow-list sanitizer, so the output can be inserted into the page as is.
//
// Links between articles, whether relative Markdown links such as
// [x](billing-refunds.md) or wiki links such as [[billing-refunds]], are
// rewritten to the frontend's router ("#/article/<id>") and reported in
// Result.ArticleLinks. External links are marked with data-external="true" so
// that the frontend can open them in the system browser.
package markdown

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer turns an article body into sanitized HTML. Implementations are safe
// for concurrent use.
type Renderer interface {
	Render(src []byte) (Result, error)
}

// Options tunes a Renderer.
type Options struct {
	// Typographer turns straight quotes, dashes and ellipses into their
	// typographic forms ("smart quotes").
	Typographer bool
}

// Heading is one heading of a rendered article, in document order.
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	ID    string `json:"id"` // the id attribute of the rendered heading, unique in the document
}

// Result is a rendered article.
type Result struct {
	// HTML is sanitized and safe to insert into the page.
	HTML     string    `json:"html"`
	Headings []Heading `json:"headings"`
	// ArticleLinks lists the ids of the articles this one links to, in order
	// of first appearance, without duplicates.
	ArticleLinks []string `json:"articleLinks"`
}

// goldmarkRenderer is the Renderer returned by New. The goldmark instance and
// the sanitizer policy are built once and shared by every call; per-document
// state travels in the parser.Context.
type goldmarkRenderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New builds a Renderer. Building is comparatively expensive; create one
// Renderer and reuse it.
func New(opts Options) Renderer {
	return &goldmarkRenderer{md: newGoldmark(opts), policy: newPolicy()}
}

// newGoldmark configures goldmark. Raw HTML stays disabled (goldmark's
// default), so HTML in the source is replaced by a comment that the sanitizer
// then drops.
func newGoldmark(opts Options) goldmark.Markdown {
	exts := []goldmark.Extender{
		// GFM, spelled out so that table alignment uses the align attribute:
		// the sanitizer forbids style attributes.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		taskCheckBoxExtension{},
		extension.Footnote,
		wikiLinkExtension{},
	}
	if opts.Typographer {
		exts = append(exts, extension.Typographer)
	}
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 1000)),
		),
	)
}

// Render converts src to sanitized HTML and collects its headings and the
// articles it links to.
func (r *goldmarkRenderer) Render(src []byte) (Result, error) {
	st := &renderState{}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	headings := collectHeadings(doc, src)

	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return Result{}, fmt.Errorf("render markdown: %w", err)
	}
	// Empty slices rather than nil, so that JSON carries [] and not null.
	if headings == nil {
		headings = []Heading{}
	}
	links := st.articleLinks
	if links == nil {
		links = []string{}
	}
	return Result{
		HTML:         restoreArticleFragments(r.policy.SanitizeBytes(buf.Bytes())),
		Headings:     headings,
		ArticleLinks: links,
	}, nil
}

// collectHeadings lists the document's headings with the ids goldmark gave them.
func collectHeadings(doc ast.Node, src []byte) []Heading {
	var hs []Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := n.(*ast.Heading)
		if !ok {
			return ast.WalkContinue, nil
		}
		var id string
		if v, ok := h.AttributeString("id"); ok {
			switch v := v.(type) {
			case []byte:
				id = string(v)
			case string:
				id = v
			}
		}
		hs = append(hs, Heading{Level: h.Level, Text: inlineText(h, src), ID: id})
		return ast.WalkSkipChildren, nil
	})
	return hs
}

// escapedArticleFragment finds article hrefs whose "#" before the heading id
// the sanitizer re-encoded as "%23" while normalising the URL. Quotes inside
// text and attribute values are escaped in sanitized output, so the pattern
// only matches real href attributes.
var escapedArticleFragment = regexp.MustCompile(`href="` + regexp.QuoteMeta(ArticleHrefPrefix) + `([a-z0-9][a-z0-9._-]*)%23`)

// restoreArticleFragments turns href="#/article/<id>%23<heading>" back into
// href="#/article/<id>#<heading>".
func restoreArticleFragments(html []byte) string {
	if !bytes.Contains(html, []byte("%23")) {
		return string(html)
	}
	return string(escapedArticleFragment.ReplaceAll(html, []byte(`href="`+ArticleHrefPrefix+`$1#`)))
}
