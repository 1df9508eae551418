package core

import (
	"context"
	"fmt"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/assist"
)

// SentInput marks an option (edited or not) as sent by the agent.
type SentInput struct {
	RequestID   string `json:"requestId"`
	SetID       string `json:"setId"`
	OptionIndex int    `json:"optionIndex"` // -1: written from scratch
	FinalText   string `json:"finalText"`
	Via         string `json:"via"` // "clipboard" | "mail"
}

// RecordEvent logs what the agent did with an option: inserted, edited or
// discarded (with a reason). The agent is the profile name.
func (c *Core) RecordEvent(ctx context.Context, ev knowledge.LedgerEvent) (knowledge.LedgerEvent, error) {
	ev.Agent = c.profile().Name
	out, err := c.store.RecordEvent(ctx, ev)
	if err == nil {
		c.changed(knowledge.TopicLedger, knowledge.KindEvent, out.SetID)
	}
	return out, err
}

// MarkSent records the final text in the ledger (edited, with its edit
// distance, when it differs from the option, then sent) and appends it to
// the conversation as the agent's reply. Delivery itself is the agent's:
// the frontend copies the text or opens the mail client.
func (c *Core) MarkSent(ctx context.Context, in SentInput) (knowledge.SupportRequest, error) {
	agent := c.profile().Name
	var used *knowledge.LedgerEntry
	if in.SetID != "" && in.OptionIndex >= 0 {
		sets, err := c.store.ListSets(ctx, knowledge.LedgerFilter{RequestID: in.RequestID})
		if err != nil {
			return knowledge.SupportRequest{}, err
		}
		for _, set := range sets {
			if set.SetID != in.SetID || in.OptionIndex >= len(set.Options) {
				continue
			}
			if original := set.Options[in.OptionIndex].Reply; original != in.FinalText {
				if _, err := c.store.RecordEvent(ctx, knowledge.LedgerEvent{
					SetID: in.SetID, Agent: agent, Type: knowledge.EventEdited, OptionIndex: in.OptionIndex,
					FinalText: in.FinalText, EditDistance: knowledge.EditDistance(original, in.FinalText),
				}); err != nil {
					return knowledge.SupportRequest{}, err
				}
			}
			if _, err := c.store.RecordEvent(ctx, knowledge.LedgerEvent{
				SetID: in.SetID, Agent: agent, Type: knowledge.EventSent, OptionIndex: in.OptionIndex,
				FinalText: in.FinalText, Comment: "via " + in.Via,
			}); err != nil {
				return knowledge.SupportRequest{}, err
			}
			c.changed(knowledge.TopicLedger, knowledge.KindEvent, in.SetID)
			used = &set
		}
	}
	out, err := c.AppendMessage(ctx, in.RequestID, knowledge.RequestMessage{
		Author: knowledge.AuthorAgent, AgentName: agent, At: c.now(), Text: in.FinalText,
	})
	if err == nil && used != nil {
		c.recordSent(ctx, in.RequestID, *used, in.OptionIndex) // timeline: suggestion used, articles cited
	}
	return out, err
}

// CheckReply re-checks an edited draft sentence by sentence against the
// passages its option cites, so the agent sees which sentences the
// knowledge base does not support.
func (c *Core) CheckReply(ctx context.Context, reply string, passageIDs []string, requestID string) ([]assist.SentenceCheck, error) {
	var cited []assist.Passage
	for _, id := range passageIDs {
		p, err := c.passageForAssist(ctx, id)
		if err != nil {
			return nil, err
		}
		cited = append(cited, p)
	}
	var cust assist.Customer
	if requestID != "" {
		if r, err := c.store.GetRequest(ctx, requestID); err == nil {
			cust = assist.Customer{Name: r.Customer.Name, Contact: r.Customer.Contact}
		}
	}
	// The same rules as the options: staff text, secrets asked for, links
	// and amounts no trusted passage holds, injected text never supports.
	out := assist.CheckDraft(assist.Request{Customer: cust, AgentName: c.profile().Name}, reply, cited).Sentences
	fillEmpty(&out)
	return out, nil
}

// Rate records an agent's verdict on an article: helpful, outdated or wrong.
func (c *Core) Rate(ctx context.Context, r knowledge.ArticleRating) (knowledge.ArticleRating, error) {
	r.Agent = c.profile().Name
	out, err := c.store.RateArticle(ctx, r)
	if err != nil {
		return out, fmt.Errorf("rating not saved: %w", err)
	}
	c.changed(knowledge.TopicLedger, knowledge.KindRating, out.ArticleID)
	return out, nil
}

// LedgerSets lists suggestion sets, newest first.
func (c *Core) LedgerSets(ctx context.Context, f knowledge.LedgerFilter) ([]knowledge.LedgerEntry, error) {
	out, err := c.store.ListSets(ctx, f)
	fillEmpty(&out)
	return out, err
}

// LedgerEvents lists what happened to one set.
func (c *Core) LedgerEvents(ctx context.Context, setID string) ([]knowledge.LedgerEvent, error) {
	out, err := c.store.Events(ctx, setID)
	return nonNil(out), err
}

// LedgerSummary counts outcomes per article over the last days (0: all
// time).
func (c *Core) LedgerSummary(ctx context.Context, days int) ([]knowledge.ArticleSuggestionStats, error) {
	var since time.Time
	if days > 0 {
		since = c.clock().AddDate(0, 0, -days)
	}
	out, err := c.store.SuggestionSummary(ctx, since, time.Time{})
	return nonNil(out), err
}
