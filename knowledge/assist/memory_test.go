package assist

import (
	"strings"
	"testing"
	"time"
)

func TestDisplayNameNeverEchoesMarkup(t *testing.T) {
	for _, c := range []struct {
		in   Customer
		want string
	}{
		{Customer{Name: "Anna Berg"}, "Anna"},
		{Customer{Name: "<b>Anna</b> Berg"}, "Anna"},
		{Customer{Name: "<script>alert(1)</script>"}, "alert"},
		{Customer{Name: "[Anna](https://evil.example) Berg"}, "Berg"},
		{Customer{Name: "Anna\u200b\U000E0041 Berg"}, "Anna"},
		{Customer{Name: "Robert Smith", PreferredName: "Bob"}, "Bob"},
		{Customer{Name: "Mary-Jane O'Neil", PreferredName: "Mary-Jane"}, "Mary-Jane"},
		{Customer{Name: "12345 !!!"}, ""},
		{Customer{Name: "Анна Петрова"}, "Анна"},
	} {
		if got := DisplayName(c.in); got != c.want {
			t.Errorf("DisplayName(%+v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestGreetingFollowsLanguage(t *testing.T) {
	for _, c := range []struct {
		req  Request
		want string
	}{
		{Request{Customer: Customer{Name: "Anna"}}, "Hi Anna,"},
		{Request{Customer: Customer{Name: "Анна", Language: "ru"}}, "Здравствуйте, Анна!"},
		{Request{Customer: Customer{Name: "Anna"}, Messages: []Message{{Text: "Как оплатить счет?"}}}, "Здравствуйте, Anna!"},
		{Request{Messages: []Message{{Text: "วิธีชำระค่าบริการ"}}}, "สวัสดีค่ะ"},
		{Request{Customer: Customer{Language: "de"}}, "Hello,"},
	} {
		if got := greetingLine(c.req, replyLanguage(c.req)); got != c.want {
			t.Errorf("greeting %+v = %q, want %q", c.req.Customer, got, c.want)
		}
	}
}

// A returning customer's earlier request on the same topic is mentioned in
// the draft, and the sentence counts as supported (it comes from the
// request store, not from the customer's message).
func TestDraftUsesCustomerHistory(t *testing.T) {
	req := testRequest
	req.Customer.PreferredName = "Annie"
	req.AgentName = "Robin Okafor"
	req.History = []PastRequest{
		{Subject: "Printer jam", Status: "resolved", Outcome: "sent a new printer", At: time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)},
		{Subject: "Refund for a duplicate charge", Status: "resolved", Outcome: "refund issued", At: time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)},
	}
	sug := Extractive(req, multiDept, Options{})
	o := sug.Options[0]
	want := "I can see your earlier request \u201cRefund for a duplicate charge\u201d from 12 November 2026 (refund issued)."
	if !strings.HasPrefix(o.Reply, "Hi Annie,\n\n"+want+"\n\n") || strings.Contains(o.Reply, "Printer") {
		t.Errorf("reply %q", o.Reply)
	}
	if !strings.HasSuffix(o.Reply, "Kind regards,\nRobin Okafor") {
		t.Errorf("closing %q", o.Reply)
	}
	if !o.Verified() {
		t.Errorf("not verified: %v %+v", o.Flags, o.Sentences)
	}
	// The same sentence with another date is not supported.
	forged := strings.Replace(o.Reply, "12 November", "14 November", 1)
	ok := true
	for _, sc := range CheckReply(forged, nil, req.Customer) {
		ok = ok && sc.Supported
	}
	if ok {
		t.Error("a forged history sentence passed without the history")
	}
}
