package markdown

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	src := "# Refunds &amp; credits\n\nCustomers on an **annual** plan can ask for a [refund](billing.md) " +
		"within 30 days.\\* See [[faq|the FAQ]].<script>alert(1)</script>\n\n" +
		"- [x] Check the date\n- [ ] Refund\n\n| Plan | Price |\n|---|---|\n| Basic | 5 |\n\n" +
		"![receipt](img/r.png)\n\n```\ncode <b>here</b>\n```\n\nNote.[^1]\n\n[^1]: Footnote text.\n"
	got := PlainText([]byte(src))
	for _, want := range []string{
		"Refunds & credits", "Customers on an annual plan can ask for a refund within 30 days.* See the FAQ.",
		"[x] Check the date", "[ ] Refund", "Basic\t5", "receipt", "code <b>here</b>", "Footnote text.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("PlainText lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"**", "billing.md", "img/r.png", "<script", "[^1]", "\n\n"} {
		if strings.Contains(got, bad) {
			t.Errorf("PlainText contains %q:\n%s", bad, got)
		}
	}
}

func TestPlainTextEmpty(t *testing.T) {
	if got := PlainText(nil); got != "" {
		t.Errorf("PlainText(nil) = %q", got)
	}
}
