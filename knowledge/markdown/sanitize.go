package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// newPolicy is the allow-list every rendered document passes through. It is
// a second line of defence: goldmark already omits raw HTML and the link
// transformer already drops unsafe URLs. Anything not listed here (scripts,
// styles, iframes, forms, SVG, MathML, event handlers, style attributes) is
// removed.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	// URLs: http, https and mailto, or relative; must parse.
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")

	p.AllowElements("p", "br", "hr", "blockquote", "pre", "ul", "em", "strong", "del", "thead", "tbody", "tr", "sub")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowElements("ol")

	// Headings carry generated ids (see headingIDs).
	p.AllowAttrs("id").Matching(regexp.MustCompile(`^[\p{L}\p{M}\p{N}_-]{1,100}$`)).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6")

	// Code: a language class from the fence's info string.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[A-Za-z0-9_+#.-]{1,40}$`)).OnElements("code")
	p.AllowElements("code")

	// Links. href is checked against the URL rules above; data-article and
	// data-external are set by the link transformer, as is rel.
	p.AllowAttrs("href").OnElements("a")
	// Titles and alt texts are plain text; the sanitizer escapes them.
	plainAttr := regexp.MustCompile(`^[^\x00-\x08\x0b\x0c\x0e-\x1f]{0,500}$`)
	p.AllowAttrs("title").Matching(plainAttr).OnElements("a", "img")
	p.AllowAttrs("data-article").Matching(articleIDPattern).OnElements("a")
	p.AllowAttrs("data-external").Matching(regexp.MustCompile(`^true$`)).OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^noopener noreferrer$`)).OnElements("a")

	// Footnotes (goldmark's footnote extension).
	footnoteID := regexp.MustCompile(`^fn(ref[0-9]*)?:[0-9]{1,6}$`)
	p.AllowAttrs("id").Matching(footnoteID).OnElements("sup", "li")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^footnote-(ref|backref)$`)).OnElements("a")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-(noteref|backlink)$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^footnotes$`)).OnElements("div")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^doc-endnotes$`)).OnElements("div")
	p.AllowElements("sup", "li", "div")

	// Images: https or relative only. The link transformer enforces this;
	// the pattern here backs it up (no scheme other than https, no
	// protocol-relative "//host").
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^(?:https://[^\s]+|/?[^/\\\s:][^\s:]*)$`)).OnElements("img")
	p.AllowAttrs("alt").Matching(plainAttr).OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img")

	// Tables, with alignment as an attribute (style is not allowed).
	p.AllowElements("table")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowElements("th", "td")

	// Task lists: a disabled checkbox.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	p.AllowAttrs("aria-label").Matching(regexp.MustCompile(`^(` + taskDone + `|` + taskNotDone + `)$`)).OnElements("input")

	return p
}
