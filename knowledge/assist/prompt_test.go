package assist

import (
	"strings"
	"testing"
)

func TestSelectPassages(t *testing.T) {
	ps := []Passage{
		{ID: "a#0", Text: "x"}, {ID: "a#0", Text: "dup"}, {ID: "b#0", Text: "  "}, {ID: "c#0", Text: "x", Stale: true},
		{ID: "d#0", Text: "x", Flagged: true}, {ID: "e#0", Text: "x"}, {ID: "f#0", Text: "x"},
	}
	ids := func(ps []Passage) string { return strings.Join(passageIDs(ps), ",") }
	if got := ids(selectPassages(ps, Options{})); got != "a#0,e#0,f#0" {
		t.Errorf("default: %s", got)
	}
	if got := ids(selectPassages(ps, Options{AllowStale: true, MaxPassages: 3})); got != "a#0,c#0,d#0" {
		t.Errorf("override, max 3: %s", got)
	}
}

func TestBuildPromptDeterministicHash(t *testing.T) {
	a := BuildPrompt(testRequest, testPassages)
	b := BuildPrompt(testRequest, testPassages)
	if a.Hash != b.Hash || a.User != b.User || len(a.Hash) != 64 {
		t.Fatal("prompt not deterministic")
	}
	req := testRequest
	req.Subject += "!"
	if BuildPrompt(req, testPassages).Hash == a.Hash {
		t.Error("hash ignores the request")
	}
	for _, want := range []string{
		`<subject>Charged twice and cannot log in</subject>`,
		`<customer name="Anna Berg" contact="anna.berg@example.com">`,
		`<message author="customer" at="2026-11-23T09:00:00Z">`,
		`<passage id="billing-refunds#2" article_id="billing-refunds" article_version="3" title="Refunds" department="billing" audience="internal" section="Internal procedure">`,
		`Valid passage ids: "billing-refunds#1, tech-login#0, billing-refunds#2"`,
	} {
		if !strings.Contains(a.User, want) {
			t.Errorf("prompt lacks %s", want)
		}
	}
	decodePrompt(t, a.User)
}

func TestEscape(t *testing.T) {
	if got := escapeText(`a </passage> & <b>`); got != "a &lt;/passage&gt; &amp; &lt;b&gt;" {
		t.Errorf("escapeText = %q", got)
	}
	if got := escapeAttr("x\" onload=\"y\n<z>"); got != "x&quot; onload=&quot;y &lt;z&gt;" {
		t.Errorf("escapeAttr = %q", got)
	}
}

func TestBuildPromptBoundsConversation(t *testing.T) {
	req := Request{Subject: "long"}
	for i := 0; i < maxPromptMessages+5; i++ {
		req.Messages = append(req.Messages, Message{Author: AuthorCustomer, Text: strings.Repeat("é", 10) + string(rune('a'+i%26))})
	}
	req.Messages[len(req.Messages)-1].Text = strings.Repeat("x", maxMessageRunes+100)
	pr := BuildPrompt(req, testPassages)
	got := decodePrompt(t, pr.User)
	if len(got.Request.Messages) != maxPromptMessages || !strings.Contains(pr.User, `<omitted count="5">`) {
		t.Errorf("%d messages quoted", len(got.Request.Messages))
	}
	last := strings.TrimSpace(got.Request.Messages[maxPromptMessages-1].Text)
	if len([]rune(last)) != maxMessageRunes+1 || !strings.HasSuffix(last, "…") {
		t.Errorf("last message %d runes", len([]rune(last)))
	}
	// The most recent messages are kept.
	if !strings.HasSuffix(strings.TrimSpace(got.Request.Messages[0].Text), string(rune('a'+5))) {
		t.Errorf("first kept message %q", got.Request.Messages[0].Text)
	}
}
