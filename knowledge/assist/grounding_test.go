package assist

import (
	"reflect"
	"testing"
)

var refundPassage = Passage{
	ID: "billing-refunds#1", ArticleID: "billing-refunds", ArticleVersion: 3,
	ArticleTitle: "Refunds", Department: "billing", Audience: "customer-facing",
	Text: "Refunds for duplicate charges are issued within 5 business days to the original payment method. " +
		"A cancellation fee of €15.00 applies to annual plans cancelled after 30 days. Call +44 20 7946 0958 for help.",
}

var loginPassage = Passage{
	ID: "tech-login#0", ArticleID: "tech-login", ArticleVersion: 1, ArticleTitle: "Login problems",
	Department: "technical", Audience: "customer-facing", Text: "Reset your password from the sign-in page and clear browser cookies.",
}

func TestCheckReplySupportedAndUnsupported(t *testing.T) {
	cust := Customer{Name: "Anna Berg"}
	cases := []struct {
		sentence string
		cited    []Passage
		want     bool
	}{
		// Paraphrase with inflections, same facts.
		{"Your refund for the duplicate charge will be issued within 5 business days.", []Passage{refundPassage}, true},
		{"The refund goes back to your original payment method.", []Passage{refundPassage}, true},
		{"A cancellation fee of €15 applies because the annual plan was cancelled after 30 days.", []Passage{refundPassage}, true},
		{"You can call us on +44 20 7946 0958.", []Passage{refundPassage}, true},
		// Fabricated fee amount: the words match, the number does not.
		{"A cancellation fee of €25.00 applies to annual plans cancelled after 30 days.", []Passage{refundPassage}, false},
		// Fabricated duration.
		{"Refunds for duplicate charges are issued within 2 business days.", []Passage{refundPassage}, false},
		// Fabricated phone number.
		{"Call +44 20 7946 0000 for help.", []Passage{refundPassage}, false},
		// Right words, wrong passage cited.
		{"Refunds for duplicate charges are issued to the original payment method.", []Passage{loginPassage}, false},
		// Content the passage does not contain.
		{"We have upgraded your account to premium for free as compensation.", []Passage{refundPassage}, false},
		// No citations at all.
		{"Refunds are issued to the original payment method.", nil, false},
		// Pleasantries and the customer's name are phatic.
		{"Hi Anna,", nil, true},
		{"Thanks for reaching out, and sorry for the inconvenience!", nil, true},
		{"Kind regards, the support team", nil, true},
		// "Refund approved" is not a pleasantry.
		{"Refund approved.", []Passage{loginPassage}, false},
	}
	for _, c := range cases {
		got := CheckReply(c.sentence, c.cited, cust)
		if len(got) != 1 {
			t.Fatalf("%q split into %d sentences: %+v", c.sentence, len(got), got)
		}
		if got[0].Supported != c.want {
			t.Errorf("Supported(%q) = %v, want %v", c.sentence, got[0].Supported, c.want)
		}
	}
}

func TestCheckReplyPassageIDsBestFirst(t *testing.T) {
	got := CheckReply("Refunds for duplicate charges are issued to the original payment method after you reset the password.",
		[]Passage{loginPassage, refundPassage}, Customer{})
	if len(got) != 1 || !reflect.DeepEqual(got[0].PassageIDs, []string{"billing-refunds#1", "tech-login#0"}) {
		t.Fatalf("got %+v", got)
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences("Hi Anna,\n\nWe checked. Refunds take 5 days! Really?\n- Step one\n2. Step two")
	want := []string{"Hi Anna,", "We checked.", "Refunds take 5 days!", "Really?", "Step one", "Step two"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestFactTokens(t *testing.T) {
	for in, want := range map[string][]string{
		"€1,250.00 fee":         {"1250"},
		"1.250,50 EUR":          {"1250.50"},
		"within 14 days":        {"14"},
		"€15.00 or €15":         {"15", "15"},
		"on 2024-03-05 at 9:30": {"2024-03-05", "9:30"},
		"+44 20 7946 0958":      {"44", "20", "7946", "0958"},
		"version 2.5.":          {"2.5"},
	} {
		if got := factTokens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("factTokens(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	for _, group := range [][]string{
		{"refund", "refunds", "refunded", "refunding"},
		{"charge", "charges", "charged", "charging"},
		{"policy", "policies"},
	} {
		for _, w := range group[1:] {
			if stem(w) != stem(group[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q", w, stem(w), group[0], stem(group[0]))
			}
		}
	}
	if stem("class") != "class" {
		t.Errorf("stem(class) = %q", stem("class"))
	}
}

func TestSignatureAfterClosingIsNotAClaim(t *testing.T) {
	cited := []Passage{{ID: "p#0", Text: "Refunds are paid within ten business days to the original card."}}
	checks := CheckReply("Refunds are paid within ten business days to the original card.\n\nKind regards,\nThe clinic team", cited, Customer{Name: "Ana Lima"})
	for _, c := range checks {
		if !c.Supported {
			t.Errorf("%q marked unverified", c.Text)
		}
	}
	// Without a closing, the same words are a claim the passage does not make.
	checks = CheckReply("Refunds are paid within ten business days to the original card.\n\nThe clinic team approved it", cited, Customer{})
	if checks[len(checks)-1].Supported {
		t.Errorf("an unsupported sentence passed as a signature: %+v", checks)
	}
	// A signature line with a number is still checked.
	checks = CheckReply("Kind regards,\nCall 555 0199", cited, Customer{})
	if checks[len(checks)-1].Supported {
		t.Errorf("a number after the closing must be checked: %+v", checks)
	}
}
