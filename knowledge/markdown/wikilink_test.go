package markdown

import (
	"strings"
	"testing"
)

func TestWikiLinks(t *testing.T) {
	cases := []struct{ src, want string }{
		{"[[faq]]", `<a href="#/article/faq" data-article="faq">faq</a>`},
		{"[[faq|Frequently asked]]", `<a href="#/article/faq" data-article="faq">Frequently asked</a>`},
		{"[[ faq | spaced ]]", `<a href="#/article/faq" data-article="faq">spaced</a>`},
		{"[[faq|]]", `<a href="#/article/faq" data-article="faq">faq</a>`},
		{"[[faq#Top|top]]", `<a href="#/article/faq#top" data-article="faq">top</a>`},
		{"[[a|*not emphasis*]]", `>*not emphasis*</a>`},
		{"[[]]", "[[]]"},
		{"[[|x]]", "[[|x]]"},
		{"[[faq", "[[faq"},
		{"[[fa\nq]]", "[[fa\nq]]"},
		{"[[a[b]]", "[[a[b]]"},
		{"[not a wiki](faq.md)", `<a href="#/article/faq" data-article="faq">not a wiki</a>`},
		{"`[[faq]]`", "<code>[[faq]]</code>"},
	}
	r := New(Options{})
	for _, c := range cases {
		res, err := r.Render([]byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res.HTML, c.want) {
			t.Errorf("Render(%q) = %s, want it to contain %s", c.src, res.HTML, c.want)
		}
	}
}

func TestWikiLinkLengthIsBounded(t *testing.T) {
	long := "[[" + strings.Repeat("a", maxWikiLinkLen+10) + "]]"
	res, err := New(Options{}).Render([]byte(long))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.HTML, "<a") {
		t.Errorf("over-long wiki link was linked: %s", res.HTML)
	}
}
