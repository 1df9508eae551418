package assist

import (
	"slices"
	"testing"
)

func TestSplitQuestions(t *testing.T) {
	for _, c := range []struct {
		msgs []string
		want []string
	}{
		{[]string{"Hi, I was charged twice for my bill and my lab result is missing from the app. Thanks so much!"},
			[]string{"I was charged twice for my bill", "my lab result is missing from the app."}},
		{[]string{"Please send the date and amount of the payment."}, []string{"Please send the date and amount of the payment."}},
		{[]string{"I need to cancel my appointment next Tuesday.", "Also, how do I pay my outstanding bill?"},
			[]string{"I need to cancel my appointment next Tuesday.", "how do I pay my outstanding bill?"}},
		{[]string{"My card was charged twice. It was Monday.", "Kind regards, Anna"}, []string{"My card was charged twice. It was Monday."}},
		{[]string{"Как оплатить счет?"}, []string{"Как оплатить счет?"}},
	} {
		req := Request{Subject: "x", Customer: Customer{Name: "Anna Berg"}}
		for _, m := range c.msgs {
			req.Messages = append(req.Messages, Message{Author: AuthorCustomer, Text: m})
		}
		req.Messages = append(req.Messages, Message{Author: AuthorAgent, Text: "How can I help you with your invoice today?"})
		if got := SplitQuestions(req); !slices.Equal(got, c.want) {
			t.Errorf("SplitQuestions(%q) = %q, want %q", c.msgs, got, c.want)
		}
	}
	if got := SplitQuestions(Request{Subject: "Parking at the clinic"}); !slices.Equal(got, []string{"Parking at the clinic"}) {
		t.Errorf("subject only: %q", got)
	}
}
