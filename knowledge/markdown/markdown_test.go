package markdown

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func render(t *testing.T, opts Options, src string) Result {
	t.Helper()
	res, err := New(opts).Render([]byte(src))
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	return res
}

func assertContains(t *testing.T, html string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(html, w) {
			t.Errorf("output lacks %s\n%s", w, html)
		}
	}
}

func TestRenderTable(t *testing.T) {
	res := render(t, Options{}, "| Plan | Price |\n|:-----|------:|\n| Basic | 5 € |\n| <b>Pro</b> | ~~20~~ 15 € |\n")
	assertContains(t, res.HTML,
		"<table>", "<thead>", "<tbody>", `<th align="left">Plan</th>`, `<td align="right">5 €</td>`, "<del>20</del>")
	if strings.Contains(res.HTML, "style=") || strings.Contains(res.HTML, "<b>") {
		t.Errorf("table kept style or raw HTML:\n%s", res.HTML)
	}
}

func TestRenderTaskList(t *testing.T) {
	res := render(t, Options{}, "- [x] Verify the order number\n- [ ] Issue the refund\n")
	assertContains(t, res.HTML,
		`<li><input aria-label="Done" checked="" disabled="" type="checkbox"> Verify the order number</li>`,
		`<li><input aria-label="Not done" disabled="" type="checkbox"> Issue the refund</li>`)
}

func TestRenderFootnotes(t *testing.T) {
	res := render(t, Options{}, "Refunds take 5 days.[^bank] Again.[^bank]\n\n[^bank]: Depends on the bank.\n")
	assertContains(t, res.HTML,
		`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
		`<sup id="fnref1:1">`,
		`<div class="footnotes" role="doc-endnotes">`, `<li id="fn:1">`, "Depends on the bank.",
		`<a href="#fnref:1" class="footnote-backref" role="doc-backlink">`)
}

func TestRenderHeadings(t *testing.T) {
	src := "# Refund policy\n\nText\n\n## Who can ask\n\n## Who can ask\n\n### Rückerstattung **schnell**\n\n#### `code` & more\n"
	res := render(t, Options{}, src)
	want := []Heading{
		{Level: 1, Text: "Refund policy", ID: "refund-policy"},
		{Level: 2, Text: "Who can ask", ID: "who-can-ask"},
		{Level: 2, Text: "Who can ask", ID: "who-can-ask-1"},
		{Level: 3, Text: "Rückerstattung schnell", ID: "rückerstattung-schnell"},
		{Level: 4, Text: "code & more", ID: "code--more"},
	}
	if !reflect.DeepEqual(res.Headings, want) {
		t.Errorf("headings:\n got %+v\nwant %+v", res.Headings, want)
	}
	assertContains(t, res.HTML, `<h1 id="refund-policy">Refund policy</h1>`, `<h2 id="who-can-ask-1">`,
		`<h3 id="rückerstattung-schnell">Rückerstattung <strong>schnell</strong></h3>`)
}

func TestRenderHeadingIDsRestartPerDocument(t *testing.T) {
	r := New(Options{})
	for i := range 2 {
		res, err := r.Render([]byte("# Intro\n"))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Headings) != 1 || res.Headings[0].ID != "intro" {
			t.Fatalf("render %d: headings %+v, want one with id intro", i, res.Headings)
		}
	}
}

func TestRenderArticleLinks(t *testing.T) {
	src := "See [refunds](billing-refunds.md), [the section](../billing/Billing-Refunds.md#Partial-Refunds), " +
		"[[shipping-times]], [[faq|the FAQ]], [[faq#Contact|contact]] and [again](./shipping-times.markdown).\n"
	res := render(t, Options{}, src)
	assertContains(t, res.HTML,
		`<a href="#/article/billing-refunds" data-article="billing-refunds">refunds</a>`,
		`<a href="#/article/billing-refunds#partial-refunds" data-article="billing-refunds">the section</a>`,
		`<a href="#/article/shipping-times" data-article="shipping-times">shipping-times</a>`,
		`<a href="#/article/faq" data-article="faq">the FAQ</a>`,
		`<a href="#/article/faq#contact" data-article="faq">contact</a>`,
		`<a href="#/article/shipping-times" data-article="shipping-times">again</a>`)
	want := []string{"billing-refunds", "shipping-times", "faq"}
	if !reflect.DeepEqual(res.ArticleLinks, want) {
		t.Errorf("ArticleLinks = %q, want %q", res.ArticleLinks, want)
	}
}

func TestRenderRejectsNonSlugArticleIDs(t *testing.T) {
	res := render(t, Options{}, "[a](My%20Notes.md) [b](_draft.md) [[Billing Refunds]] [[-x]] [c](%zz.md)\n")
	if strings.Contains(res.HTML, "<a") {
		t.Errorf("non-slug ids were linked:\n%s", res.HTML)
	}
	assertContains(t, res.HTML, "a b Billing Refunds -x c")
	if len(res.ArticleLinks) != 0 {
		t.Errorf("ArticleLinks = %q, want none", res.ArticleLinks)
	}
}

func TestRenderExternalLinks(t *testing.T) {
	src := "[docs](https://example.com/docs?a=1&b=2) <http://example.org> www.example.net " +
		"[mail](mailto:support@example.com) help@example.com [ref][r]\n\n[r]: https://example.com/ref \"Ref\"\n"
	res := render(t, Options{}, src)
	assertContains(t, res.HTML,
		`<a href="https://example.com/docs?a=1&amp;b=2" data-external="true" rel="noopener noreferrer">docs</a>`,
		`<a href="http://example.org" data-external="true" rel="noopener noreferrer">http://example.org</a>`,
		`<a href="http://www.example.net" data-external="true" rel="noopener noreferrer">www.example.net</a>`,
		`<a href="mailto:support@example.com" data-external="true" rel="noopener noreferrer">mail</a>`,
		`<a href="mailto:help@example.com" data-external="true" rel="noopener noreferrer">help@example.com</a>`,
		`<a href="https://example.com/ref" title="Ref" data-external="true" rel="noopener noreferrer">ref</a>`)
	if len(res.ArticleLinks) != 0 {
		t.Errorf("ArticleLinks = %q, want none", res.ArticleLinks)
	}
}

func TestRenderOtherSchemesLoseTheLinkButKeepText(t *testing.T) {
	res := render(t, Options{}, "[call us](tel:+4912345) [ftp](ftp://files.example) [local](//cdn.example/x) [js](javascript:void(0))\n")
	if strings.Contains(res.HTML, "<a") {
		t.Errorf("unsupported schemes kept a link:\n%s", res.HTML)
	}
	assertContains(t, res.HTML, "call us ftp local js")
}

func TestRenderInPageAndRelativeLinks(t *testing.T) {
	res := render(t, Options{}, "[up](#refund-policy) [file](files/terms.pdf)\n")
	assertContains(t, res.HTML, `<a href="#refund-policy">up</a>`, `<a href="files/terms.pdf">file</a>`)
}

func TestRenderImages(t *testing.T) {
	res := render(t, Options{}, "![ok](https://example.com/a.png) ![rel](img/b.png \"B\") ![plain](http://example.com/c.png) ![data](data:image/png;base64,AAAA) ![proto](//example.com/d.png)\n")
	assertContains(t, res.HTML, `<img src="https://example.com/a.png" alt="ok">`, `<img src="img/b.png" alt="rel" title="B">`, "plain data proto")
	if strings.Count(res.HTML, "<img") != 2 {
		t.Errorf("want exactly 2 images:\n%s", res.HTML)
	}
}

func TestRenderRawHTMLIsDropped(t *testing.T) {
	res := render(t, Options{}, "Hello <b>bold</b> <span class=\"x\">world</span>\n\n<div>block</div>\n")
	if strings.Contains(res.HTML, "<b>") || strings.Contains(res.HTML, "<span") || strings.Contains(res.HTML, "block") {
		t.Errorf("raw HTML passed through:\n%s", res.HTML)
	}
	assertContains(t, res.HTML, "Hello bold world")
}

func TestRenderCodeLanguageClass(t *testing.T) {
	res := render(t, Options{}, "```go\nfmt.Println(\"<hi>\")\n```\n")
	assertContains(t, res.HTML, `<pre><code class="language-go">fmt.Println(&#34;&lt;hi&gt;&#34;)`)
}

func TestRenderTypographer(t *testing.T) {
	src := "\"Quoted\" -- and...\n"
	plain := render(t, Options{}, src)
	typo := render(t, Options{Typographer: true}, src)
	if strings.Contains(plain.HTML, "“") {
		t.Errorf("typographer ran although off:\n%s", plain.HTML)
	}
	assertContains(t, typo.HTML, "“Quoted”", "–", "…")
	h := render(t, Options{Typographer: true}, "# \"Fast\" refunds\n")
	if got := h.Headings[0].Text; got != "“Fast” refunds" {
		t.Errorf("heading text = %q", got)
	}
}

func TestRenderEmpty(t *testing.T) {
	res := render(t, Options{}, "")
	if res.HTML != "" || len(res.Headings) != 0 || len(res.ArticleLinks) != 0 {
		t.Errorf("empty source rendered %+v", res)
	}
	if res.Headings == nil || res.ArticleLinks == nil {
		t.Errorf("empty result has nil slices (JSON null): %#v", res)
	}
}

func TestRenderConcurrent(t *testing.T) {
	r := New(Options{Typographer: true})
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("article-%d", i)
			res, err := r.Render([]byte("# Same\n\n# Same\n\n[[" + id + "]]\n"))
			switch {
			case err != nil:
				errs <- err
			case len(res.ArticleLinks) != 1 || res.ArticleLinks[0] != id:
				errs <- fmt.Errorf("goroutine %d got links %q", i, res.ArticleLinks)
			case len(res.Headings) != 2 || res.Headings[1].ID != "same-1":
				errs <- fmt.Errorf("goroutine %d got headings %+v", i, res.Headings)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func FuzzRender(f *testing.F) {
	for _, src := range xssCorpus(f) {
		f.Add(src)
	}
	f.Add([]byte(benchmarkArticle))
	f.Add([]byte("[[a|b]] [x](y.md#z) <http://a.example> ![i](https://a.example/i.png)"))
	r := New(Options{Typographer: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := r.Render(src)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		assertInert(t, string(src), res.HTML)
		for _, id := range res.ArticleLinks {
			if !articleIDPattern.MatchString(id) {
				t.Errorf("ArticleLinks has non-slug %q", id)
			}
		}
	})
}

const benchmarkArticle = `# Refunds for annual plans

Customers on an **annual plan** can ask for a refund within 30 days of renewal.
After that, offer a [pro-rated credit](billing-credits.md) instead. See also
[[cancellation-policy|the cancellation policy]] and the [payment FAQ](../faq/payments.md#refunds).

## Checklist

- [x] Confirm the account owner's email address
- [x] Check the renewal date in the billing console
- [ ] Issue the refund and add an internal note

## Amounts

| Plan     | Monthly | Annual |
|:---------|--------:|-------:|
| Basic    |    5 €  |   50 € |
| Team     |   12 €  |  120 € |
| Business |   25 €  |  250 € |

> Never refund to a different card than the one charged.[^card]

If the customer disputes the charge with their bank, escalate to
billing@example.com or open https://status.example.com to check for incidents.

` + "```text\nRefund ID: RF-2024-000123\nAmount:    50.00 EUR\n```" + `

[^card]: Card networks treat refunds to another card as a new payment.
`

func BenchmarkRender(b *testing.B) {
	r := New(Options{Typographer: true})
	src := []byte(benchmarkArticle)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainText(b *testing.B) {
	src := []byte(benchmarkArticle)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_ = PlainText(src)
	}
}
