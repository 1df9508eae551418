package main

import (
	"encoding/json"
	"strings"
	"testing"

	"concierge/knowledge"
)

var requestSeeds = []string{
	`{"subject":"Lab results not in the app","customer":{"name":"Ana Lima","contact":"ana@example.org"},
		"messages":[{"author":"customer","text":"My blood test was last week but I cannot see the results."}]}`,
	`{"id":"req-1","subject":"Refund","channel":"email","customer":{"name":"Бо","contact":"+7 900 000 00 00","preferences":"phone","notes":"VIP"},
		"messages":[{"author":"customer","at":"2026-01-02T03:04:05Z","text":"charged twice"},{"author":"agent","text":"Looking into it"},{"text":"no author"}]}`,
	`{"subject":"ขอคืนเงิน","messages":[]}`,
	`{"messages":[{"author":"customer","text":""}]}`,
	`{"subject":"   "}`, `{}`, `null`, `[]`, `""`, `{"subject":1}`, `{"messages":{}}`,
	`{"subject":"a"}{"subject":"b"}`, `{"subject":"a"} trailing`, `{"subject":"a"}   ` + "\n",
	`{"messages":[{"author":"robot","text":"x"}]}`, `{"messages":[{"author":"customer","at":"yesterday","text":"x"}]}`,
	`{"subject":"\u0000\ud800","customer":{"name":"<script>"}}`, "\xef\xbb\xbf{\"subject\":\"bom\"}",
	`{"subject":"x","subject":"y"}`, `{"Subject":"case"}`, `{"mesages":[{"text":"typo"}],"subject":"s"}`,
	`{"subject":` + strings.Repeat(`[`, 3000), `{"messages":[` + strings.Repeat(`{"text":"m"},`, 200) + `{"text":"last"}]}`,
}

// FuzzRequestFile: the request JSON of `indexer suggest` never panics the
// parser; an error names the file; an accepted request has a subject or
// messages, only customer and agent authors, every message of the file and
// nothing after its object.
func FuzzRequestFile(f *testing.F) {
	for _, s := range requestSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseRequestFile("req.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "req.json") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if strings.TrimSpace(r.Subject) == "" && len(r.Messages) == 0 {
			t.Fatal("accepted a request with neither subject nor messages")
		}
		for i, m := range r.Messages {
			if m.Author != knowledge.AuthorCustomer && m.Author != knowledge.AuthorAgent {
				t.Fatalf("message %d has author %q", i+1, m.Author)
			}
		}
		var raw struct {
			Messages []json.RawMessage `json:"messages"`
		}
		dec := json.NewDecoder(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF")))
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("accepted a file that is not JSON: %v", err)
		}
		if len(raw.Messages) != len(r.Messages) {
			t.Fatalf("%d messages in the file, %d kept", len(raw.Messages), len(r.Messages))
		}
		if dec.More() {
			t.Fatalf("accepted a file with more after the request object: %q", data)
		}
	})
}

func TestRequestFileRejectsTrailingContent(t *testing.T) {
	for _, in := range []string{`{"subject":"a"}{"subject":"b"}`, `{"subject":"a"} x`} {
		if _, err := parseRequestFile("r.json", []byte(in)); err == nil || !strings.Contains(err.Error(), "exactly one request") {
			t.Errorf("%s: %v", in, err)
		}
	}
	if r, err := parseRequestFile("r.json", []byte("{\"subject\":\"a\"}\n\n")); err != nil || r.Subject != "a" {
		t.Errorf("trailing blank lines: %+v %v", r, err)
	}
}
