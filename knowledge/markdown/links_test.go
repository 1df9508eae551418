package markdown

import "testing"

func TestClassifyLink(t *testing.T) {
	cases := []struct {
		in   string
		want linkTarget
	}{
		{"https://example.com/a", linkTarget{kind: linkExternal, dest: "https://example.com/a"}},
		{"HTTP://EXAMPLE.COM", linkTarget{kind: linkExternal, dest: "HTTP://EXAMPLE.COM"}},
		{"mailto:a@b.example", linkTarget{kind: linkExternal, dest: "mailto:a@b.example"}},
		{" https://example.com ", linkTarget{kind: linkExternal, dest: "https://example.com"}},
		{"billing-refunds.md", linkTarget{kind: linkArticle, id: "billing-refunds"}},
		{"../billing/Billing-Refunds.MD#Partial", linkTarget{kind: linkArticle, id: "billing-refunds", fragment: "partial"}},
		{"/kb/faq.markdown?x=1#top", linkTarget{kind: linkArticle, id: "faq", fragment: "top"}},
		{`..\win\path.md`, linkTarget{kind: linkArticle, id: "path"}},
		{"faq.md#bad\"frag", linkTarget{kind: linkArticle, id: "faq"}},
		{"r%C3%BCck.md", linkTarget{kind: linkRejected}},
		{"my notes.md", linkTarget{kind: linkRejected}},
		{"%zz.md", linkTarget{kind: linkRejected}},
		{".md", linkTarget{kind: linkRejected}},
		{"#section", linkTarget{kind: linkFragment, dest: "#section"}},
		{"files/terms.pdf", linkTarget{kind: linkRelative, dest: "files/terms.pdf"}},
		{"../../etc/passwd", linkTarget{kind: linkRejected}},
		{"files/%2e%2e/%2e%2e/etc/passwd", linkTarget{kind: linkRejected}},
		{"javascript:alert(1)", linkTarget{kind: linkRejected}},
		{"JaVaScRiPt:alert(1)", linkTarget{kind: linkRejected}},
		{"java\tscript:alert(1)", linkTarget{kind: linkRejected}},
		{"\x01javascript:alert(1)", linkTarget{kind: linkRejected}},
		{"vbscript:x", linkTarget{kind: linkRejected}},
		{"data:text/html,x", linkTarget{kind: linkRejected}},
		{"file:///etc/passwd", linkTarget{kind: linkRejected}},
		{"tel:+491234", linkTarget{kind: linkRejected}},
		{"//evil.example/x", linkTarget{kind: linkRejected}},
		{`\\evil.example\x`, linkTarget{kind: linkRejected}},
		{"", linkTarget{kind: linkRejected}},
		{"#jAvAsCript:", linkTarget{kind: linkRejected}},
		{"https://example.com/?next=javascript%253Aalert(1)", linkTarget{kind: linkRejected}},
		{"files/x.pdf#data:text/html,x", linkTarget{kind: linkRejected}},
		{"https://example.com/metadata:v1", linkTarget{kind: linkExternal, dest: "https://example.com/metadata:v1"}},
	}
	for _, c := range cases {
		if got := classifyLink(c.in); got != c.want {
			t.Errorf("classifyLink(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestResolveURLReachesFixedPoint(t *testing.T) {
	cases := map[string]string{
		"&#106;avascript:x":              "javascript:x",
		"&amp;#106;avascript:x":          "javascript:x",
		"javascript&colon;x":             "javascript:x",
		`javascript\:x`:                  "javascript:x",
		"https://a.example/?a=1&amp;b=2": "https://a.example/?a=1&b=2",
	}
	for in, want := range cases {
		if got := resolveURL([]byte(in)); got != want {
			t.Errorf("resolveURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassifyWikiLink(t *testing.T) {
	cases := []struct {
		in   string
		want linkTarget
	}{
		{"billing-refunds", linkTarget{kind: linkArticle, id: "billing-refunds"}},
		{"Billing-Refunds.md#Partial", linkTarget{kind: linkArticle, id: "billing-refunds", fragment: "partial"}},
		{"billing/faq", linkTarget{kind: linkArticle, id: "faq"}},
		{"Billing Refunds", linkTarget{kind: linkRejected}},
		{"javascript:alert(1)", linkTarget{kind: linkRejected}},
		{"", linkTarget{kind: linkRejected}},
	}
	for _, c := range cases {
		if got := classifyWikiLink(c.in); got != c.want {
			t.Errorf("classifyWikiLink(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestImageAllowed(t *testing.T) {
	allowed := []string{"https://example.com/a.png", "img/a.png", "./a.png", "/static/a.png", "a.png?v=1"}
	refused := []string{
		"http://example.com/a.png", "//example.com/a.png", "data:image/png;base64,AA", "javascript:alert(1)",
		"file:///c/a.png", "JAVASCRIPT:x", "java\nscript:x", `\\host\share\a.png`, "",
		// Relative paths may not climb out (issue 4: path traversal in image paths).
		"../a.png", "../../etc/passwd", "img/../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", `..\..\etc\passwd`,
		"attachments/../../etc/passwd",
	}
	rewritten := map[string]string{
		"attachments/billing-refunds/receipt.png":   "/kb-files/billing-refunds/receipt.png",
		"./attachments/billing-refunds/receipt.png": "/kb-files/billing-refunds/receipt.png",
		"img/a.png": "img/a.png",
	}
	for in, want := range rewritten {
		if got, ok := imageAllowed(in); !ok || got != want {
			t.Errorf("imageAllowed(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, s := range allowed {
		if _, ok := imageAllowed(s); !ok {
			t.Errorf("imageAllowed(%q) = false, want true", s)
		}
	}
	for _, s := range refused {
		if _, ok := imageAllowed(s); ok {
			t.Errorf("imageAllowed(%q) = true, want false", s)
		}
	}
}

func TestArticleHref(t *testing.T) {
	if got := articleHref("faq", ""); got != "#/article/faq" {
		t.Errorf("articleHref = %q", got)
	}
	if got := articleHref("faq", "top"); got != "#/article/faq#top" {
		t.Errorf("articleHref = %q", got)
	}
}
