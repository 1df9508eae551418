package markdown

import (
	"bytes"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ArticleHrefPrefix starts the href of every link to another article; the
// frontend's router handles "#/article/<id>".
const ArticleHrefPrefix = "#/article/"

var (
	// articleIDPattern is what an article id must look like to be linked.
	articleIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)
	// fragmentPattern is what a fragment (heading id) must look like to be
	// kept on an article link.
	fragmentPattern = regexp.MustCompile(`^[\p{L}\p{M}\p{N}_.:-]{1,100}$`)
	// schemePattern matches a URL scheme (RFC 3986) and its colon.
	schemePattern = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	// dangerousSchemePattern finds a script-capable or local scheme anywhere
	// in a (lower-cased) URL, not only at its start: hash routers and
	// redirect parameters can turn "#javascript:…" or "?next=data:…" into a
	// navigation.
	dangerousSchemePattern = regexp.MustCompile(`(?:^|[^a-z0-9+.-])(?:javascript|vbscript|livescript|data|file):`)
)

// hasDangerousScheme reports whether dest mentions javascript:, vbscript:,
// data: or file:, also when percent-encoded or split by control characters.
func hasDangerousScheme(dest string) bool {
	v := strings.ToLower(cleanURL(dest))
	for range 4 {
		if dangerousSchemePattern.MatchString(v) {
			return true
		}
		u, err := url.PathUnescape(v)
		if err != nil || u == v {
			return false
		}
		v = strings.ToLower(cleanURL(u))
	}
	return true // still encoded after several rounds: refuse
}

// stateKey holds the *renderState of the document being rendered.
var stateKey = parser.NewContextKey()

// renderState collects per-document results while parsing.
type renderState struct {
	articleLinks []string
	seen         map[string]bool
}

func (s *renderState) addArticle(id string) {
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	if !s.seen[id] {
		s.seen[id] = true
		s.articleLinks = append(s.articleLinks, id)
	}
}

// linkKind classifies a link destination.
type linkKind int

const (
	linkRejected linkKind = iota // unsafe or unusable: drop the link, keep its text
	linkExternal                 // http, https or mailto
	linkArticle                  // another article
	linkFragment                 // "#section" in this article
	linkRelative                 // any other relative reference
)

// linkTarget is a classified link destination.
type linkTarget struct {
	kind     linkKind
	dest     string // cleaned destination (external, fragment, relative)
	id       string // article id (linkArticle)
	fragment string // heading id within the article (linkArticle), may be empty
}

// cleanURL removes what browsers ignore inside URLs (ASCII control
// characters, including tab and newline, and surrounding spaces) so that a
// scheme cannot hide behind them.
func cleanURL(raw string) string {
	raw = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, raw)
	return strings.TrimSpace(raw)
}

// resolveURL resolves backslash escapes and character references in a link
// destination the way goldmark's HTML renderer does, repeated until nothing
// changes: inline destinations arrive resolved, reference definitions do not,
// and the renderer resolves once more. Classifying the fixed point means no
// later resolution can turn a harmless destination into a dangerous one.
func resolveURL(raw []byte) string {
	v := raw
	for range 8 {
		next := util.ResolveNumericReferences(util.ResolveEntityNames(util.UnescapePunctuations(v)))
		if bytes.Equal(next, v) {
			break
		}
		v = next
	}
	return string(v)
}

// classifyLink decides what a Markdown link destination (as resolved by
// resolveURL) points to.
func classifyLink(raw string) linkTarget {
	dest := cleanURL(raw)
	if dest == "" || hasDangerousScheme(dest) {
		return linkTarget{kind: linkRejected}
	}
	if m := schemePattern.FindString(dest); m != "" {
		switch strings.ToLower(m) {
		case "http:", "https:", "mailto:":
			if _, err := url.Parse(dest); err != nil {
				return linkTarget{kind: linkRejected}
			}
			return linkTarget{kind: linkExternal, dest: dest}
		}
		return linkTarget{kind: linkRejected}
	}
	switch {
	case strings.HasPrefix(dest, "//"), strings.HasPrefix(dest, `\\`), strings.HasPrefix(dest, `/\`):
		// Protocol-relative: would leave the app with an unknown scheme.
		return linkTarget{kind: linkRejected}
	case strings.HasPrefix(dest, "#"):
		return linkTarget{kind: linkFragment, dest: dest}
	}
	p, frag, _ := strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	ext := strings.ToLower(path.Ext(p))
	if ext != ".md" && ext != ".markdown" {
		if climbs(p) {
			// "../../etc/passwd": only the text stays (issue 4).
			return linkTarget{kind: linkRejected}
		}
		return linkTarget{kind: linkRelative, dest: dest}
	}
	unescaped, err := url.PathUnescape(p)
	if err != nil {
		return linkTarget{kind: linkRejected}
	}
	id, ok := articleID(unescaped)
	if !ok {
		return linkTarget{kind: linkRejected}
	}
	return linkTarget{kind: linkArticle, id: id, fragment: cleanFragment(frag, true)}
}

// classifyWikiLink resolves the target of [[target]] or [[target#section]].
func classifyWikiLink(target string) linkTarget {
	if hasDangerousScheme(target) {
		return linkTarget{kind: linkRejected}
	}
	p, frag, _ := strings.Cut(cleanURL(target), "#")
	id, ok := articleID(p)
	if !ok {
		return linkTarget{kind: linkRejected}
	}
	return linkTarget{kind: linkArticle, id: id, fragment: cleanFragment(frag, false)}
}

// articleID turns a path or file name into an article id: the base name
// without a .md/.markdown extension, lower-cased. Directories are ignored, so
// "../billing/Billing-Refunds.md" is "billing-refunds".
func articleID(p string) (string, bool) {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	lower := strings.ToLower(p)
	for _, ext := range []string{".md", ".markdown"} {
		if strings.HasSuffix(lower, ext) {
			lower = lower[:len(lower)-len(ext)]
			break
		}
	}
	if !articleIDPattern.MatchString(lower) {
		return "", false
	}
	return lower, true
}

// cleanFragment returns the fragment if it can be a heading id, else "".
func cleanFragment(frag string, escaped bool) string {
	if escaped {
		u, err := url.PathUnescape(frag)
		if err != nil {
			return ""
		}
		frag = u
	}
	if !fragmentPattern.MatchString(frag) {
		return ""
	}
	// Heading ids are generated in lower case.
	return strings.ToLower(frag)
}

// articleHref is the router address of an article (and heading).
func articleHref(id, fragment string) string {
	if fragment == "" {
		return ArticleHrefPrefix + id
	}
	return ArticleHrefPrefix + id + "#" + fragment
}

// imageAllowed reports whether an image may be loaded from dest: only https
// and relative paths are; everything else (data:, file:, http:, javascript:,
// protocol-relative) is refused.
func imageAllowed(raw string) (string, bool) {
	dest := cleanURL(raw)
	if dest == "" || hasDangerousScheme(dest) || strings.HasPrefix(dest, "//") || strings.HasPrefix(dest, `\`) || strings.HasPrefix(dest, `/\`) {
		return "", false
	}
	if m := schemePattern.FindString(dest); m != "" {
		if strings.ToLower(m) != "https:" {
			return "", false
		}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "", false
	}
	if u.Scheme == "" {
		// A relative image must not climb out of where it is served from:
		// "../../etc/passwd" is refused, also when percent-encoded.
		if climbs(u.Path) {
			return "", false
		}
		if m := attachmentPattern.FindStringSubmatch(u.Path); m != nil && u.RawQuery == "" && u.Fragment == "" {
			return AttachmentURLPrefix + m[1] + "/" + m[2], true
		}
	}
	return dest, true
}

// climbs reports whether a relative path (possibly percent-encoded, with
// either slash) has a ".." segment.
func climbs(p string) bool {
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	for _, seg := range strings.Split(strings.ReplaceAll(p, `\`, "/"), "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// AttachmentURLPrefix is where the app serves article attachments: the
// Markdown path attachments/<articleId>/<name> is rendered as
// /kb-files/<articleId>/<name>.
const AttachmentURLPrefix = "/kb-files/"

// attachmentPattern matches an attachment path as the editor inserts it.
var attachmentPattern = regexp.MustCompile(`^(?:\./)?attachments/([a-z0-9][a-z0-9._-]{0,127})/([A-Za-z0-9][A-Za-z0-9._-]{0,127})$`)

// linkTransformer rewrites links and images after parsing: article links go
// to the router, external links are marked, unsafe links lose their href and
// unsafe images are replaced by their alt text.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	st, _ := pc.Get(stateKey).(*renderState)
	if st == nil {
		st = &renderState{}
	}
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.(type) {
			case *ast.Link, *ast.AutoLink, *ast.Image, *wikiLinkNode:
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.Link:
			applyLink(n, classifyLink(resolveURL(n.Destination)), st)
		case *ast.AutoLink:
			dest := string(n.URL(src))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			link := ast.NewLink()
			link.AppendChild(link, ast.NewString(append([]byte(nil), n.Label(src)...)))
			replaceNode(n, link)
			applyLink(link, classifyLink(dest), st)
		case *wikiLinkNode:
			link := ast.NewLink()
			for c := n.FirstChild(); c != nil; {
				next := c.NextSibling()
				link.AppendChild(link, c)
				c = next
			}
			replaceNode(n, link)
			applyLink(link, classifyWikiLink(string(n.Target)), st)
		case *ast.Image:
			if dest, ok := imageAllowed(resolveURL(n.Destination)); ok {
				n.Destination = []byte(dest)
			} else {
				unwrap(n)
			}
		}
	}
}

// applyLink rewrites link according to t.
func applyLink(link *ast.Link, t linkTarget, st *renderState) {
	switch t.kind {
	case linkArticle:
		link.Destination = []byte(articleHref(t.id, t.fragment))
		link.SetAttributeString("data-article", []byte(t.id))
		st.addArticle(t.id)
	case linkExternal:
		link.Destination = []byte(t.dest)
		link.SetAttributeString("data-external", []byte("true"))
		link.SetAttributeString("rel", []byte("noopener noreferrer"))
	case linkFragment, linkRelative:
		link.Destination = []byte(t.dest)
	default:
		unwrap(link)
	}
}

// replaceNode puts repl where old was.
func replaceNode(old, repl ast.Node) {
	parent := old.Parent()
	parent.ReplaceChild(parent, old, repl)
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
