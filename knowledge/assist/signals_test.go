package assist

import (
	"testing"

	"concierge/knowledge/assist/textscan"
	"concierge/knowledge/passage"
	"concierge/knowledge/sample"
)

// The sample knowledge base is ordinary support writing: staff procedures
// full of imperatives ("Ask for the date…", "Do not ask for the full card
// number"), links, codes and tables. None of it may be marked.
func TestScanTextSampleKnowledgeBaseIsClean(t *testing.T) {
	arts, err := loadArticles(sample.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if sig := textscan.Scan(a.Title + "\n" + a.Body); len(sig) > 0 {
			t.Errorf("%s (body): %+v", a.ID, sig)
		}
		for _, p := range passage.Split(a, 0) {
			if sig := textscan.Scan(p.Text); len(sig) > 0 {
				t.Errorf("%s: %+v", p.ID, sig)
			}
		}
	}
}

func TestAsksForSecret(t *testing.T) {
	for _, ask := range []string{
		"Please reply with your password.",
		"Could you send us your full card number?",
		"What is your PIN?",
		"Please tell me the code we sent to your phone.",
		"Let me know your verification code so I can unlock the account.",
	} {
		if !AsksForSecret(ask) {
			t.Errorf("%q not flagged", ask)
		}
	}
	for _, ok := range []string{
		"We will never ask you for your password.",
		"Enter the code from the text message in the app.",
		"Reset your password from the sign-in page.",
		"Please send us the date and the last four digits of the card.",
	} {
		if AsksForSecret(ok) {
			t.Errorf("%q flagged", ok)
		}
	}
}
