package editorial

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"golang.org/x/net/html"

	"concierge/knowledge"
	"concierge/knowledge/frontmatter"
)

// HTMLToMarkdown converts an HTML page to a Markdown body and a title (the
// <title>, else the first <h1>, else ""). Scripts, styles, iframes, forms
// and the <head> are dropped; event-handler attributes and javascript: links
// cannot survive because Markdown has no place for them (and the renderer
// refuses raw HTML and unsafe URLs anyway).
func HTMLToMarkdown(data []byte) (title, body string, err error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return "", "", fmt.Errorf("the HTML cannot be read: %w", err)
	}
	title = textOf(find(doc, "title"))
	if title == "" {
		title = textOf(find(doc, "h1"))
	}
	defang(doc)
	md, err := htmltomarkdown.ConvertNode(doc)
	if err != nil {
		return "", "", fmt.Errorf("the HTML cannot be converted to Markdown: %w", err)
	}
	body = strings.TrimSpace(string(md))
	if body != "" {
		body += "\n"
	}
	return title, body, nil
}

// ConvertHTMLFile is the importer's HTML hook: it turns an HTML file into a
// Markdown document with front matter (the title), ready to parse.
func ConvertHTMLFile(_ string, data []byte) ([]byte, error) {
	title, body, err := HTMLToMarkdown(data)
	if err != nil {
		return nil, err
	}
	return frontmatter.Format(knowledge.Article{Title: title, Body: body})
}

// defang removes what must not reach the Markdown: links other than
// http(s), mailto and relative ones become plain text,
// images other than https and relative paths that stay inside the folder are
// dropped. The renderer refuses these too; this keeps them out of the
// stored article.
func defang(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch c.Data {
			case "a":
				if v, ok := attr(c, "href"); ok && !safeHref(v) {
					// Keep the text, drop the link.
					defang(c)
					for k := c.FirstChild; k != nil; k = c.FirstChild {
						c.RemoveChild(k)
						n.InsertBefore(k, c)
					}
					n.RemoveChild(c)
					c = next
					continue
				}
			case "img":
				if v, _ := attr(c, "src"); !safeImage(v) {
					n.RemoveChild(c)
					c = next
					continue
				}
			}
			defang(c)
		}
		c = next
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func scheme(raw string) (string, *url.URL, bool) {
	v := strings.Map(func(r rune) rune {
		if r < 0x21 || r == 0x7f {
			return -1
		}
		return r
	}, raw)
	u, err := url.Parse(v)
	if err != nil {
		return "", nil, false
	}
	return strings.ToLower(u.Scheme), u, true
}

func safeHref(raw string) bool {
	s, _, ok := scheme(raw)
	return ok && (s == "" || s == "http" || s == "https" || s == "mailto")
}

func safeImage(raw string) bool {
	s, u, ok := scheme(raw)
	if !ok || raw == "" || (s != "" && s != "https") || (s == "" && u.Host != "") {
		return false
	}
	for _, seg := range strings.Split(strings.ReplaceAll(u.Path, `\`, "/"), "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

func find(n *html.Node, tag string) *html.Node {
	if n == nil {
		return nil
	}
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}
