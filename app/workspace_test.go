package app

import (
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

func TestWorkspaceFlowIsRecorded(t *testing.T) {
	a, _ := newTestApp(t)
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Robin Agent", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	req, err := a.Requests.Create(knowledge.SupportRequest{
		Subject: "Refund for a cancelled visit", Channel: knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "ana@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "I cancelled two days before but was charged the deposit."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	groups, err := a.Requests.Related(req)
	if err != nil || len(groups) < 2 {
		t.Fatalf("related knowledge should span departments: %v %v", groups, err)
	}
	res, err := a.Assist.Suggest(req.ID, false)
	if err != nil || len(res.Suggestion.Options) == 0 {
		t.Fatalf("suggest: %v", err)
	}
	opt := res.Suggestion.Options[0]
	if _, err := a.Assist.Record(knowledge.LedgerEvent{SetID: res.SetID, Type: knowledge.EventInserted, OptionIndex: 0}); err != nil {
		t.Fatal(err)
	}
	final := opt.Reply + "\n\nKind regards, Robin"
	var cites []string
	for _, c := range opt.Citations {
		cites = append(cites, c.PassageID)
	}
	checks, err := a.Assist.Check(final, cites, req.ID)
	if err != nil || len(checks) == 0 {
		t.Fatalf("check: %v %v", checks, err)
	}
	after, err := a.Assist.MarkSent(core.SentInput{RequestID: req.ID, SetID: res.SetID, OptionIndex: 0, FinalText: final, Via: "clipboard"})
	if err != nil {
		t.Fatal(err)
	}
	last := after.Messages[len(after.Messages)-1]
	if last.Author != knowledge.AuthorAgent || last.AgentName != "Robin Agent" || last.Text != final {
		t.Fatalf("sent reply not in the conversation: %+v", last)
	}
	events, err := a.Ledger.Events(res.SetID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Type))
		if e.Agent != "Robin Agent" {
			t.Errorf("event by %q", e.Agent)
		}
		if e.Type == knowledge.EventEdited && e.EditDistance != len([]rune("\n\nKind regards, Robin")) {
			t.Errorf("edit distance %d", e.EditDistance)
		}
	}
	if got := strings.Join(kinds, ","); got != "shown,inserted,edited,sent" {
		t.Fatalf("ledger events = %s", got)
	}
	pv, err := a.Articles.Passage(cites[0], opt.Citations[0].ArticleVersion)
	if err != nil || pv.Text == "" || !pv.Current {
		t.Fatalf("citation passage: %+v %v", pv, err)
	}
	if _, err := a.Assist.Rate(knowledge.ArticleRating{ArticleID: opt.Citations[0].ArticleID, Verdict: knowledge.VerdictOutdated, Comment: "fee changed", RequestID: req.ID}); err != nil {
		t.Fatal(err)
	}
	sum, err := a.Ledger.Summary(0)
	if err != nil || len(sum) == 0 {
		t.Fatalf("summary: %v %v", sum, err)
	}
	if err := a.System.ComposeMail("ana@example.org", "Re: refund", final); err != nil {
		t.Fatal(err)
	}
}

func TestSaveEmbeddingRefusesAnEmbedderThatDoesNotAnswer(t *testing.T) {
	a, _ := newTestApp(t)
	_, err := a.Settings.SaveEmbedding(config.Embedding{Provider: "ollama", BaseURL: "http://127.0.0.1:9", Model: "nomic-embed-text"})
	if err == nil || !strings.Contains(err.Error(), "was not changed") {
		t.Fatalf("got %v", err)
	}
	v, err := a.Settings.Get()
	if err != nil || v.Embedding.Provider != "builtin" {
		t.Fatalf("setting changed: %+v %v", v.Embedding, err)
	}
	if _, err := a.Settings.SaveEmbedding(config.Embedding{Provider: "builtin"}); err != nil {
		t.Fatal(err)
	}
}
