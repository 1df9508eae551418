package markdown

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// bannedTags must never appear as elements in rendered output.
var bannedTags = []string{"<script", "<iframe", "<style", "<form", "<object", "<embed", "<svg", "<math", "<button", "<meta", "<base", "<link", "<textarea", "<select", "<video", "<audio", "<source", "<details"}

// allowedTags is every element the sanitizer may let through.
var allowedTags = map[string]bool{
	"p": true, "br": true, "hr": true, "blockquote": true, "pre": true, "code": true,
	"ul": true, "ol": true, "li": true, "em": true, "strong": true, "del": true, "sub": true, "sup": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"a": true, "img": true, "div": true, "input": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
}

// eventAttr finds an on…= attribute in a tag, skipping over quoted attribute
// values (where such text is inert).
// dangerousURL finds a dangerous scheme anywhere in a URL (an independent
// restatement of the rule, so that the check does not trust the code under
// test).
var dangerousURL = regexp.MustCompile(`(?:^|[^a-z0-9+.-])(?:javascript|vbscript|data|file):`)

var eventAttr = regexp.MustCompile(`(?i)<[a-z][a-z0-9]*(?:\s+[^\s"'>=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s+on[a-z]+\s*=`)

// assertInert fails t if out could run script, load a frame or form, or
// reach a dangerous URL.
func assertInert(t testing.TB, src, out string) {
	t.Helper()
	lower := strings.ToLower(out)
	for _, tag := range bannedTags {
		if strings.Contains(lower, tag) {
			t.Errorf("output contains %s\nsource: %q\noutput: %s", tag, src, out)
		}
	}
	if eventAttr.MatchString(out) {
		t.Errorf("output contains an event handler attribute\nsource: %q\noutput: %s", src, out)
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if !allowedTags[tok.Data] {
			t.Errorf("output contains element <%s>\nsource: %q\noutput: %s", tok.Data, src, out)
		}
		for _, a := range tok.Attr {
			name := strings.ToLower(a.Key)
			if strings.HasPrefix(name, "on") || name == "style" || name == "srcdoc" || name == "formaction" || name == "action" {
				t.Errorf("output has attribute %s on <%s>\nsource: %q\noutput: %s", name, tok.Data, src, out)
			}
			if name == "href" || name == "src" {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if u, err := url.PathUnescape(v); err == nil {
					v += " " + strings.ToLower(strings.Join(strings.Fields(u), ""))
				}
				v = strings.Map(func(r rune) rune {
					if r < 0x20 || r == 0x7f {
						return -1
					}
					return r
				}, v)
				if dangerousURL.MatchString(v) {
					t.Errorf("output has %s=%q\nsource: %q\noutput: %s", name, a.Val, src, out)
				}
			}
			if tok.Data == "img" && name == "src" {
				if _, ok := imageAllowed(a.Val); !ok {
					t.Errorf("output loads image from %q\nsource: %q\noutput: %s", a.Val, src, out)
				}
			}
			if tok.Data == "input" && name == "type" && a.Val != "checkbox" {
				t.Errorf("output has <input type=%q>\nsource: %q", a.Val, src)
			}
		}
	}
}

func xssCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "xss", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 30 {
		t.Fatalf("XSS corpus has %d files, want at least 30", len(files))
	}
	corpus := make(map[string][]byte, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		corpus[filepath.Base(f)] = b
	}
	return corpus
}

func TestXSSCorpusIsInert(t *testing.T) {
	for _, opts := range []Options{{}, {Typographer: true}} {
		r := New(opts)
		for name, src := range xssCorpus(t) {
			t.Run(name, func(t *testing.T) {
				res, err := r.Render(src)
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				assertInert(t, string(src), res.HTML)
			})
		}
	}
}

// The checker itself must be able to fail.
func TestAssertInertCatchesPayloads(t *testing.T) {
	bad := []string{
		`<script>alert(1)</script>`,
		`<img src="x" onerror="alert(1)">`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JAVA&#x09;SCRIPT:alert(1)">x</a>`,
		`<img src="data:image/png;base64,AAAA">`,
		`<img src="http://tracker.example/p.png">`,
		`<iframe src="https://example.com"></iframe>`,
		`<p style="color:red">x</p>`,
		`<svg><circle/></svg>`,
		`<input type="text">`,
		`<p title="x" onclick=alert(1)>y</p>`,
		`<a href="https://example.com"onmouseover="alert(1)">x</a>`,
		`<a href="#javascript:alert(1)">x</a>`,
		`<a href="https://example.com/?next=javascript%3Aalert(1)">x</a>`,
	}
	for _, out := range bad {
		ft := &fakeTB{TB: t}
		assertInert(ft, "", out)
		if !ft.failed {
			t.Errorf("assertInert accepted %s", out)
		}
	}
	ft := &fakeTB{TB: t}
	assertInert(ft, "", `<p><a href="https://example.com" title="a&#34; onclick=&#34;x" rel="noopener noreferrer">x</a> <img src="img/a.png" alt="a"></p>`)
	if ft.failed {
		t.Error("assertInert rejected safe output")
	}
}

// fakeTB records failures instead of failing the real test.
type fakeTB struct {
	testing.TB
	failed bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Errorf(string, ...any) { f.failed = true }
func (f *fakeTB) Fatalf(string, ...any) { f.failed = true }

func TestPolicyStripsRawHTMLEvenIfGoldmarkPassedIt(t *testing.T) {
	// The sanitizer is a second line of defence: feed it HTML directly.
	p := newPolicy()
	in := `<p onclick="x">a<script>b</script><iframe src="x"></iframe><a href="javascript:alert(1)">c</a>` +
		`<img src="http://x.example/a.png"><img src="//x.example/a.png"><img src="data:image/png;base64,AA">` +
		`<h2 id="x&quot; onclick=&quot;y">h</h2><code class="language-go x">c</code><input type="text">` +
		`<td style="color:red" align="left">t</td></p>`
	out := string(p.SanitizeBytes([]byte(in)))
	assertInert(t, in, out)
	for _, bad := range []string{"http://x.example", "//x.example", `id="x`, `class="language-go x"`, `type="text"`, "style="} {
		if strings.Contains(out, bad) {
			t.Errorf("policy kept %q: %s", bad, out)
		}
	}
}

func TestPolicyKeepsWhatTheRendererNeeds(t *testing.T) {
	p := newPolicy()
	in := `<h2 id="refund-policy">R</h2><pre><code class="language-go">x</code></pre>` +
		`<a href="#/article/faq" data-article="faq">f</a>` +
		`<a href="https://example.com" data-external="true" rel="noopener noreferrer">e</a>` +
		`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>` +
		`<div class="footnotes" role="doc-endnotes"><ol><li id="fn:1">n</li></ol></div>` +
		`<table><tr><th align="right">h</th></tr></table><input checked="" disabled="" type="checkbox">` +
		`<img src="https://example.com/a.png" alt="a"><img src="img/b.png" alt="b">`
	out := string(p.SanitizeBytes([]byte(in)))
	for _, want := range []string{
		`id="refund-policy"`, `class="language-go"`, `data-article="faq"`, `data-external="true"`,
		`rel="noopener noreferrer"`, `id="fnref:1"`, `class="footnote-ref"`, `class="footnotes"`, `id="fn:1"`,
		`align="right"`, `type="checkbox"`, `disabled`, `src="https://example.com/a.png"`, `src="img/b.png"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("policy dropped %s:\n%s", want, out)
		}
	}
}
