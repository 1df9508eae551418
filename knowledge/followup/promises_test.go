package followup

import (
	"testing"
	"time"
)

func TestDetectPromises(t *testing.T) {
	// Wednesday 4 March 2026, 14:00 UTC.
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	cases := []struct {
		text   string
		due    time.Time
		phrase string
	}{
		{"Thanks Ana. I will call you on Friday.", day(6, 9, 0), "on Friday"},
		{"I'll get back to you by tomorrow.", day(5, 9, 0), "tomorrow"},
		{"We will have an answer within 3 days.", now.AddDate(0, 0, 3), "within 3 days"},
		{"You will hear from us within 2 business days.", day(6, 14, 0), "within 2 business days"},
		{"I will update you next Monday at 3pm.", day(9, 15, 0), "next Monday"},
		{"We'll confirm within 48 hours.", now.Add(48 * time.Hour), "within 48 hours"},
		{"I will send the form today.", day(4, 16, 0), "today"},
		{"I'll email you on 12 March at 10:30.", day(12, 10, 30), "12 March"},
		{"I will write back by the end of the week.", day(6, 17, 0), "end of the week"},
		{"Мы перезвоним 2026-03-10.", day(10, 9, 0), "2026-03-10"},
		{"Wir melden uns am 11.03.2026 um 15:00.", day(11, 9, 0), "11.03.2026"},
		{"I will call you in an hour.", now.Add(time.Hour), "in an hour"},
	}
	for _, c := range cases {
		got := DetectPromises(c.text, now, time.UTC)
		if len(got) != 1 {
			t.Errorf("%q: %d promises %+v, want 1", c.text, len(got), got)
			continue
		}
		if !got[0].Due.Equal(c.due) || got[0].Phrase != c.phrase {
			t.Errorf("%q: due %v (%q), want %v (%q)", c.text, got[0].Due, got[0].Phrase, c.due, c.phrase)
		}
	}
}

func TestDetectPromisesIgnoresNonPromises(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	for _, text := range []string{
		"Our office is open on Friday.",           // no commitment
		"Refunds usually take 3 days.",            // a fact, not a promise
		"I will look into it.",                    // a commitment without a time
		"I called you on 2026-03-01.",             // in the past
		"The 31.02.2026 is not a date.",           // impossible date
		"Your order 12/34 was shipped.",           // not a date
		"We will call you tomorrow\x00 or never.", // odd bytes are harmless
	} {
		got := DetectPromises(text, now, time.UTC)
		if text == "We will call you tomorrow\x00 or never." {
			if len(got) != 1 {
				t.Errorf("%q: %+v", text, got)
			}
			continue
		}
		if len(got) != 0 {
			t.Errorf("%q: %+v, want none", text, got)
		}
	}
}

func TestDetectPromisesSeveralAndLocation(t *testing.T) {
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	loc := time.FixedZone("UTC+2", 2*3600)
	got := DetectPromises("Hello Ana,\nI will check with Billing tomorrow. I'll call you on Friday at 11am.\nKind regards", now, loc)
	if len(got) != 2 {
		t.Fatalf("two promises: %+v", got)
	}
	if want := time.Date(2026, 3, 5, 9, 0, 0, 0, loc); !got[0].Due.Equal(want) {
		t.Errorf("tomorrow in UTC+2 = %v, want %v", got[0].Due, want)
	}
	if want := time.Date(2026, 3, 6, 11, 0, 0, 0, loc); !got[1].Due.Equal(want) {
		t.Errorf("Friday 11am in UTC+2 = %v, want %v", got[1].Due, want)
	}
	if got[1].Text != "I'll call you on Friday at 11am." {
		t.Errorf("promise sentence = %q", got[1].Text)
	}
}

func FuzzDetectPromises(f *testing.F) {
	for _, s := range []string{"I will call you on Friday.", "within 3 business days", "2026-12-31 23:59", "31.12.", "next monday at 12 am"} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range DetectPromises(s, now, time.UTC) {
			if !p.Due.After(now) || p.Text == "" {
				t.Fatalf("%q: %+v", s, p)
			}
		}
	})
}
