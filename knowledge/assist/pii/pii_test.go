package pii

import (
	"errors"
	"strings"
	"testing"
)

func mustNew(t *testing.T, cfg Config) *Redactor {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRedactKinds(t *testing.T) {
	r := mustNew(t, Config{Patterns: []Pattern{{Name: "account", Expr: `\bACC-\d{6}\b`}}})
	cases := []struct {
		in, want string
	}{
		{"mail me at anna.berg+x@example.co.uk please", "mail me at [EMAIL_1] please"},
		{"call +44 20 7946 0958 today", "call [PHONE_1] today"},
		{"call 0044 20 7946 0958", "call [PHONE_1]"},
		{"local (020) 7946 0958.", "local [PHONE_1]."},
		{"us 555-123-4567", "us [PHONE_1]"},
		{"mobile 0612345678", "mobile [PHONE_1]"},
		{"card 4111 1111 1111 1111 exp", "card [CARD_1] exp"},
		{"card 4111-1111-1111-1111", "card [CARD_1]"},
		{"card 5500005555555559", "card [CARD_1]"},
		{"account ACC-123456 closed", "account [ACCOUNT_1] closed"},
		// Not personal data:
		{"not a card 4111 1111 1111 1112", "not a card 4111 1111 1111 1112"},
		{"order 12345678 shipped", "order 12345678 shipped"},
		{"on 2024-03-05 we", "on 2024-03-05 we"},
		{"on 05/03/2024 we", "on 05/03/2024 we"},
		{"paid 1234.50 EUR", "paid 1234.50 EUR"},
		{"refund within 14 days", "refund within 14 days"},
	}
	for _, c := range cases {
		got := r.NewSession().Redact(c.in)
		if got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRoundTripAndNumbering(t *testing.T) {
	r := mustNew(t, Config{})
	s := r.NewSession()
	in := "Anna (anna@example.com, +1 415 555 0100) wrote from bob@example.org; reply to anna@example.com. Card 4111111111111111."
	red := s.Redact(in)
	want := "Anna ([EMAIL_1], [PHONE_1]) wrote from [EMAIL_2]; reply to [EMAIL_1]. Card [CARD_1]."
	if red != want {
		t.Fatalf("redacted = %q\nwant      %q", red, want)
	}
	for _, leaked := range []string{"anna@", "415", "4111"} {
		if strings.Contains(red, leaked) {
			t.Errorf("redacted text still contains %q", leaked)
		}
	}
	if got := s.Restore(red); got != in {
		t.Fatalf("Restore = %q, want %q", got, in)
	}
	if s.Len() != 4 {
		t.Errorf("Len = %d, want 4", s.Len())
	}
	// A placeholder the session never issued stays as it is.
	if got := s.Restore("see [EMAIL_9]"); got != "see [EMAIL_9]" {
		t.Errorf("unknown placeholder restored to %q", got)
	}
}

func TestStreamRestoresSplitPlaceholders(t *testing.T) {
	r := mustNew(t, Config{})
	s := r.NewSession()
	red := s.Redact("Hello, we will write to anna@example.com and call 0612345678 [soon].")
	// Split the redacted text at every possible pair of points.
	for i := 0; i <= len(red); i++ {
		for j := i; j <= len(red); j++ {
			st := s.NewStream()
			var out strings.Builder
			for _, part := range []string{red[:i], red[i:j], red[j:]} {
				out.WriteString(st.Write(part))
			}
			out.WriteString(st.Flush())
			want := "Hello, we will write to anna@example.com and call 0612345678 [soon]."
			if out.String() != want {
				t.Fatalf("split at %d,%d: got %q", i, j, out.String())
			}
		}
	}
	// Tokens one character at a time never show a half placeholder.
	st := s.NewStream()
	for _, c := range "[EMAIL_1]" {
		if got := st.Write(string(c)); strings.Contains(got, "[") {
			t.Fatalf("half placeholder shown: %q", got)
		}
	}
}

func TestActiveAndLoopback(t *testing.T) {
	auto := mustNew(t, Config{})
	for ep, want := range map[string]bool{
		"http://127.0.0.1:11434":     false,
		"http://127.8.9.1/v1":        false,
		"http://[::1]:8080/v1":       false,
		"http://localhost:1234/v1":   false,
		"localhost:11434":            false,
		"https://api.openai.com/v1":  true,
		"http://192.168.1.20:11434":  true,
		"https://llm.example.com/v1": true,
		"::garbage::":                true,
	} {
		if got := auto.Active(ep); got != want {
			t.Errorf("auto.Active(%q) = %v, want %v", ep, got, want)
		}
	}
	if !mustNew(t, Config{Mode: ModeAlways}).Active("http://127.0.0.1") {
		t.Error("always mode inactive for loopback")
	}
	if mustNew(t, Config{Mode: ModeNever}).Active("https://api.openai.com") {
		t.Error("never mode active")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{Mode: "sometimes"},
		{Patterns: []Pattern{{Name: "X", Expr: `(`}}},
		{Patterns: []Pattern{{Name: "9X", Expr: `a`}}},
		{Patterns: []Pattern{{Name: "X", Expr: `a*`}}},
	} {
		if _, err := New(cfg); !errors.Is(err, ErrInvalidPattern) {
			t.Errorf("New(%+v) error = %v, want ErrInvalidPattern", cfg, err)
		}
	}
}

func TestLuhn(t *testing.T) {
	if !Luhn("4111111111111111") || Luhn("4111111111111112") || Luhn("41x1") {
		t.Fatal("Luhn wrong")
	}
}
