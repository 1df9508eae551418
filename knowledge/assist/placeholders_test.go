package assist

import (
	"slices"
	"testing"
)

func TestFindPlaceholders(t *testing.T) {
	text := "I can see two payments of $X on [date]. Your reference is REF-\u2026 and <name> will call. XXX TODO {{amount}} ____ [x] done."
	want := []string{"$X", "[date]", "REF-\u2026", "<name>", "XXX", "TODO", "{{amount}}", "____"}
	if got := FindPlaceholders(text); !slices.Equal(got, want) {
		t.Errorf("FindPlaceholders = %q, want %q", got, want)
	}
	if got := FindPlaceholders("Pay invoice INV-20240001 by 5 December; call ext. 250."); len(got) != 0 {
		t.Errorf("false placeholders %q", got)
	}
}

func TestFillPlaceholdersFromRequest(t *testing.T) {
	req := Request{Customer: Customer{Name: "Anna Berg"}, Messages: []Message{{Author: AuthorCustomer,
		Text: "I paid $45.00 on 3 November and got reference REF-88231."}}}
	out, used, gaps := fillPlaceholders("Hi [name], I can see the payment of $X on [date]. Reference REF-\u2026. We will call by [follow-up date]. TODO", factsOf(req))
	if out != "Hi Anna, I can see the payment of $45.00 on 3 November. Reference REF-88231. We will call by [follow-up date]. TODO" {
		t.Errorf("filled %q", out)
	}
	if !slices.Equal(used, []string{"Anna", "$45.00", "3 November", "REF-88231"}) {
		t.Errorf("used %q", used)
	}
	if len(gaps) != 2 || gaps[0].Placeholder != "[follow-up date]" || gaps[1].Placeholder != "TODO" {
		t.Errorf("gaps %+v", gaps)
	}
	// Two amounts: which one is meant is the agent's call.
	req.Messages[0].Text += " Then another $12."
	if _, _, gaps := fillPlaceholders("of $X", factsOf(req)); len(gaps) != 1 {
		t.Errorf("ambiguous amount filled: %+v", gaps)
	}
}

// A model's reply that keeps an article's placeholder cannot be sent until
// the agent fills it; a value the customer gave is filled in and counts as
// supported.
func TestPlaceholderGapBlocksSend(t *testing.T) {
	p := Passage{ID: "r#0", ArticleID: "r", Audience: "customer-facing", ArticleTitle: "Refunds",
		Text: "Your refund of $X was issued on [date]. It reaches your card within 5 business days."}
	req := Request{Customer: Customer{Name: "Anna"}, Messages: []Message{{Author: AuthorCustomer, Text: "Where is my refund of $45.00?"}}}
	chk := newChecker(req, []Passage{p})
	o := Option{Kind: KindLLM, Title: "Refunds", Reply: "Hi Anna,\n\nYour refund of $X was issued on [date]. It reaches your card within 5 business days."}
	o.Citations, _ = chk.citations([]string{"r#0"})
	chk.check(&o)
	if !o.SendBlocked() || len(o.Gaps) != 1 || o.Gaps[0].Placeholder != "[date]" {
		t.Errorf("gaps %+v", o.Gaps)
	}
	if !slices.Contains(FindPlaceholders(o.Reply), "[date]") || slices.Contains(FindPlaceholders(o.Reply), "$X") {
		t.Errorf("reply %q", o.Reply)
	}
}
