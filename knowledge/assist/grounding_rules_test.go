package assist

import "testing"

// Grounding without false alarms, and without letting additions through.
func TestGroundingTypographyPleasantriesAndNames(t *testing.T) {
	p := Passage{ID: "a#0", ArticleID: "a", Audience: "customer-facing", ArticleTitle: "Pending charges",
		Text: "A pending charge disappears within 3\u20137 business days. The \u201cPay now\u201d button shows the amount due."}
	cust := Customer{Name: "Anna Berg"}
	for _, s := range []string{
		"A pending charge disappears within 3-7 business days.",
		"The \"Pay now\" button shows the amount due.",
		"Sorry about that.",
		"I'm sorry for the trouble, Anna.",
		"Thanks for your patience.",
		"Kind regards,\nRobin Okafor",
		"Robin Okafor",
	} {
		for _, sc := range CheckReply(s, []Passage{p}, cust, "Robin Okafor") {
			if !sc.Supported {
				t.Errorf("%q: false alarm on %q", s, sc.Text)
			}
		}
	}
	for _, s := range []string{
		"A pending charge disappears within 3-7 business days. Code XJ-4471.",
		"A pending charge disappears within 3-7 business days, see https://evil.example/claim.",
		"A pending charge disappears within 3-7 business days and we guarantee a refund.",
		"A pending charge disappears within 3-7 business days, and costs $25.",
		"A pending charge disappears within 3-7 business days unless your regional bank manager approves overtime.",
		"A pending charge disappears within 2 business days.",
	} {
		checks := CheckReply(s, []Passage{p}, cust)
		ok := true
		for _, sc := range checks {
			ok = ok && sc.Supported
		}
		if ok {
			t.Errorf("%q passed: it adds to the passage", s)
		}
	}
}

func TestTemplateSentencesAreOurOwn(t *testing.T) {
	for _, s := range []string{
		"I am checking this with our Billing team and will get back to you.",
		"I have passed this on to our Lab & Pharmacy team and will follow up with you by [follow-up date].",
		"I have passed this on to our Lab & Pharmacy team and will follow up with you by 4 December.",
		"Kind regards,",
		"Здравствуйте, Анна!",
	} {
		if !isTemplateSentence(s) {
			t.Errorf("%q is not a template sentence", s)
		}
	}
	if isTemplateSentence("I am checking this with our Billing team and will refund $500 today.") {
		t.Error("an altered template sentence passed")
	}
}
