package providermsg

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFromBody(t *testing.T) {
	cases := map[string]string{
		`{"error":"model \"x\" not found, try pulling it first"}`:                  `model "x" not found, try pulling it first`,
		`{"error":{"message":"Incorrect API key","type":"invalid_request_error"}}`: "Incorrect API key",
		`{"message":"rate limited"}`:                                               "rate limited",
		"<html><body>502 Bad Gateway</body></html>":                                "",
		"upstream   timed\nout":                                                    "upstream timed out",
		"":                                                                         "",
	}
	for body, want := range cases {
		if got := FromBody([]byte(body)); got != want {
			t.Errorf("FromBody(%q) = %q, want %q", body, got, want)
		}
	}
}

func TestClipKeepsRunesWhole(t *testing.T) {
	s := strings.Repeat("ж", 400) // 2 bytes each
	got := Clip(s)
	if !utf8.ValidString(got) || len(got) > MaxBytes+len("…") || !strings.HasSuffix(got, "…") {
		t.Fatalf("Clip = %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
}
