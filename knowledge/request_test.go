package knowledge

import (
	"errors"
	"sort"
	"strings"
	"testing"
	"time"
)

func validRequest() SupportRequest {
	return SupportRequest{
		Subject:  "  Refund for a cancelled appointment ",
		Channel:  ChannelEmail,
		Customer: Customer{Name: " Ada ", Contact: " ada@example.org "},
		Messages: []RequestMessage{{Author: AuthorCustomer, Text: "I cancelled but was charged."}},
	}
}

func TestRequestNormalized(t *testing.T) {
	r, err := validRequest().Normalized()
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "Refund for a cancelled appointment" || r.Customer.Name != "Ada" || r.Customer.Contact != "ada@example.org" {
		t.Errorf("not trimmed: %+v", r)
	}
	if r.Status != RequestOpen {
		t.Errorf("status = %q, want the default %q", r.Status, RequestOpen)
	}
	// Normalized copies the messages, so stamping them does not touch the caller's slice.
	in := validRequest()
	r, _ = in.Normalized()
	r.Messages[0].Text = "changed"
	if in.Messages[0].Text == "changed" {
		t.Error("Normalized shares the caller's message slice")
	}
}

func TestRequestValidationErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*SupportRequest)
		want   string
	}{
		{"empty subject", func(r *SupportRequest) { r.Subject = "   " }, "no subject"},
		{"invalid UTF-8", func(r *SupportRequest) { r.Subject = "bad \xff" }, "subject is not valid UTF-8"},
		{"long subject", func(r *SupportRequest) { r.Subject = strings.Repeat("é", MaxSubjectLen+1) }, "301 characters long, more than the 300 allowed"},
		{"NUL", func(r *SupportRequest) { r.InternalNotes = "a\x00b" }, "NUL"},
		{"no channel", func(r *SupportRequest) { r.Channel = "" }, "no channel"},
		{"bad channel", func(r *SupportRequest) { r.Channel = "fax" }, `channel "fax" is not one of`},
		{"bad status", func(r *SupportRequest) { r.Status = "on-hold" }, `status "on-hold"`},
		{"bad id", func(r *SupportRequest) { r.ID = "../x" }, "request id"},
		{"bad author", func(r *SupportRequest) { r.Messages[0].Author = "bot" }, `message 1: message author "bot"`},
		{"agent without name", func(r *SupportRequest) { r.Messages[0].Author = AuthorAgent }, "agent's name is missing"},
		{"empty message", func(r *SupportRequest) { r.Messages[0].Text = " \n" }, "no text"},
		{"long message", func(r *SupportRequest) { r.Messages[0].Text = strings.Repeat("x", MaxMessageLen+1) }, "more than the 50000 allowed"},
		{"too many messages", func(r *SupportRequest) {
			r.Messages = make([]RequestMessage, MaxMessages+1)
		}, "1001 messages"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := validRequest()
			tc.change(&r)
			_, err := r.Normalized()
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %q, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "article") {
				t.Errorf("err = %q talks about an article", err)
			}
		})
	}
}

func TestNormalizeContact(t *testing.T) {
	same := [][]string{
		{"Ada@Example.org", " ada@example.org"},
		{"+44 20 7946 0958", "+44 (20) 7946-0958", "+442079460958"},
		{"020 7946 0958", "020.7946.0958", "0207946 0958"},
		{"@Ada  Lovelace", "@ada lovelace"},
	}
	for _, group := range same {
		for _, c := range group[1:] {
			if a, b := NormalizeContact(group[0]), NormalizeContact(c); a != b {
				t.Errorf("NormalizeContact(%q) = %q but NormalizeContact(%q) = %q", group[0], a, c, b)
			}
		}
	}
	if NormalizeContact("+44 20 7946 0958") == NormalizeContact("020 7946 0958") {
		t.Error("a number with and without its country code normalise alike; they should not be guessed equal")
	}
	if got := NormalizeContact("  "); got != "" {
		t.Errorf("blank contact → %q", got)
	}
	if got := NormalizeContact("12"); got != "12" {
		t.Errorf("short numeric handle → %q, want it kept", got)
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	seen := map[string]bool{}
	for i := range 50 {
		id := NewRequestID(base.Add(time.Duration(i) * time.Millisecond))
		if !strings.HasPrefix(id, "req-") || !ValidRequestID(id) {
			t.Fatalf("id %q: wrong prefix or not a valid request id", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("ids made later do not sort later: %v", ids[:3])
	}
	if a, b := NewID("x", base), NewID("x", base); a == b {
		t.Errorf("two ids at the same instant are equal: %q", a)
	}
}

func TestErrorfMatchesSentinel(t *testing.T) {
	err := Errorf(ErrConflict, "request %q changed", "r1")
	if !errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is mismatch for %v", err)
	}
	if err.Error() != `request "r1" changed` {
		t.Errorf("message = %q", err)
	}
}
