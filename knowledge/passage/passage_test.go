package passage

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"concierge/knowledge"
)

func TestSplitHeadingsAndPlainText(t *testing.T) {
	a := knowledge.Article{ID: "refunds", Title: "Refunds", Body: `# Refunds

Intro with **bold** and a [link](http://x.example) and ` + "`code`" + `.

## Eligibility

- Within *30 days*
- Unused items

### Exceptions

> Digital goods are final.

## How to refund

1. Open the order
2. Click <b>Refund</b>

| Plan | Days |
|------|------|
| Pro  | 60   |
`}
	ps := Split(a, 500)
	want := []struct {
		heads []string
		text  string
	}{
		{nil, "Intro with bold and a link and code."},
		{[]string{"Eligibility"}, "Within 30 days\n\nUnused items"},
		{[]string{"Eligibility", "Exceptions"}, "Digital goods are final."},
		{[]string{"How to refund"}, "Open the order\n\nClick Refund\n\nPlan · Days\n\nPro · 60"},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d passages: %#v", len(ps), ps)
	}
	for i, w := range want {
		p := ps[i]
		if p.ID != "refunds#"+string(rune('0'+i)) || p.Ordinal != i || p.ArticleID != "refunds" {
			t.Errorf("passage %d ids: %+v", i, p)
		}
		if !reflect.DeepEqual(p.Headings, w.heads) {
			t.Errorf("passage %d headings %q, want %q", i, p.Headings, w.heads)
		}
		if p.Text != w.text {
			t.Errorf("passage %d text %q, want %q", i, p.Text, w.text)
		}
	}
}

func TestSplitBounded(t *testing.T) {
	sent := "This sentence is about refunds and returns. "
	body := "## Long\n\n" + strings.Repeat(sent, 60) + "\n\n" + strings.Repeat("x", 450)
	ps := Split(knowledge.Article{ID: "a", Body: body}, 200)
	if len(ps) < 10 {
		t.Fatalf("expected many passages, got %d", len(ps))
	}
	for _, p := range ps {
		if n := utf8.RuneCountInString(p.Text); n > 200 || n == 0 {
			t.Errorf("passage %s has %d runes", p.ID, n)
		}
		if !reflect.DeepEqual(p.Headings, []string{"Long"}) {
			t.Errorf("passage %s headings %q", p.ID, p.Headings)
		}
	}
	// Sentence boundaries are respected where possible.
	if !strings.HasSuffix(ps[0].Text, "returns.") {
		t.Errorf("first chunk not cut at a sentence end: %q", ps[0].Text)
	}
}

func TestSplitEmptyBodyAndThai(t *testing.T) {
	ps := Split(knowledge.Article{ID: "e", Title: "Empty"}, 0)
	if len(ps) != 1 || ps[0].ID != "e#0" || ps[0].Text != "" {
		t.Fatalf("empty body: %#v", ps)
	}
	th := Split(knowledge.Article{ID: "t", Body: "## คืนเงิน\n\nลูกค้าสามารถขอคืนเงินได้ภายใน 30 วัน"}, 0)
	if len(th) != 1 || th[0].Headings[0] != "คืนเงิน" || !strings.Contains(th[0].Text, "ภายใน 30 วัน") {
		t.Fatalf("thai: %#v", th)
	}
}
