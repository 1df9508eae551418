//go:build harness

package main

import (
	"context"
	"fmt"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/passage"
)

// seedLedger records n demonstration suggestion sets over the last 30 days
// (five agents, the sample's articles, every outcome) through the store's
// ordinary API, for screenshots and manual checks of the supervisor review
// (harness flag -seed-ledger N).
func seedLedger(ctx context.Context, st knowledge.Stores, n int) error {
	arts, err := st.List(ctx, knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusPublished}})
	if err != nil {
		return err
	}
	if len(arts) == 0 {
		return fmt.Errorf("seed the ledger: the knowledge base has no published articles")
	}
	agents := []string{"Ana", "Ben", "Chloé", "Dev", "Emeka"}
	reasons := []knowledge.DiscardReason{knowledge.ReasonWrongFacts, knowledge.ReasonOutdated, knowledge.ReasonNotRelevant, knowledge.ReasonTone}
	now := time.Now().UTC()
	for i := 0; i < n; i++ {
		a := arts[(i*7)%len(arts)]
		ps := passage.Split(a, passage.DefaultMaxRunes)
		if len(ps) == 0 {
			continue
		}
		at := now.Add(-time.Duration(n-i) * 30 * 24 * time.Hour / time.Duration(n+1))
		agent := agents[i%len(agents)]
		req, err := st.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Question about " + a.Title, Channel: knowledge.ChannelEmail,
			Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "Hello, I have a question about " + a.Title + ". Can you help?"}}})
		if err != nil {
			return err
		}
		reply := ps[0].Text
		set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{RequestID: req.ID, Agent: agent, Provider: "ollama", Model: "llama3.2", At: at,
			Passages: []knowledge.LedgerPassage{{PassageID: ps[0].ID, ArticleID: a.ID, ArticleVersion: a.Version}},
			Options: []knowledge.LedgerOption{
				{Index: 0, Title: "Answer", Reply: reply, Kind: "llm", Citations: []string{ps[0].ID}},
				{Index: 1, Title: "Ask for details", Reply: "Could you tell us your order number?", Kind: "not-in-kb", Citations: []string{}, Flags: []string{"unverified"}},
			}})
		if err != nil {
			return err
		}
		evs := []knowledge.LedgerEvent{{Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}}
		switch k := (i*5 + i/7) % 10; {
		case k < 4: // used as is
			evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventInserted, OptionIndex: 0}, knowledge.LedgerEvent{Type: knowledge.EventSent, OptionIndex: 0, FinalText: reply, Comment: "via clipboard"})
		case k < 7: // edited
			final := "Dear customer,\n\n" + reply + "\n\nKind regards, " + agent
			if k == 6 {
				final = "Thanks for writing. " + string([]rune(reply)[:len([]rune(reply))/3])
			}
			evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventInserted, OptionIndex: 0},
				knowledge.LedgerEvent{Type: knowledge.EventEdited, OptionIndex: 0, FinalText: final},
				knowledge.LedgerEvent{Type: knowledge.EventSent, OptionIndex: 0, FinalText: final, Comment: "via mail"})
		case k < 9:
			evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventDiscarded, OptionIndex: knowledge.WholeSet, Reason: reasons[i%len(reasons)]})
		case k == 9 && i%2 == 0:
			evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventSent, OptionIndex: 1, FinalText: "Could you tell us your order number?", Comment: "via clipboard"})
		}
		for j, ev := range evs {
			ev.SetID, ev.Agent, ev.At = set.SetID, agent, at.Add(time.Duration(j+1)*time.Minute)
			if _, err := st.RecordEvent(ctx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}
