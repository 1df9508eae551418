package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"concierge/indexer/pipeline"
	"concierge/knowledge"
	"concierge/knowledge/assist"
)

// Assist events.
const (
	EventAssistToken = "assist:token" // AssistToken
)

// AssistToken is a piece of a streamed draft.
type AssistToken struct {
	RequestID string `json:"requestId"`
	Text      string `json:"text"`
}

// SentInput marks an option (edited or not) as sent by the agent.
type SentInput struct {
	RequestID   string `json:"requestId"`
	SetID       string `json:"setId"`
	OptionIndex int    `json:"optionIndex"` // -1: written from scratch
	FinalText   string `json:"finalText"`
	Via         string `json:"via"` // "clipboard" | "mail"
}

// AssistService drafts suggestion options and records what the agent does
// with them. Nothing is ever sent to a customer by Concierge itself.
type AssistService struct {
	app     *App
	mu      sync.Mutex
	running map[string]context.CancelFunc
}

func newAssistService(a *App) *AssistService {
	return &AssistService{app: a, running: map[string]context.CancelFunc{}}
}

// Suggest drafts options for a saved request, streaming tokens as
// "assist:token" events. A second call for the same request cancels the first.
func (s *AssistService) Suggest(requestID string, allowStale bool) (pipeline.SuggestResult, error) {
	svc := s.app.svc
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	s.mu.Lock()
	if prev, ok := s.running[requestID]; ok {
		prev()
	}
	s.running[requestID] = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.running, requestID)
		s.mu.Unlock()
		cancel()
	}()
	req, err := svc.Requests().GetRequest(ctx, requestID)
	if err != nil {
		return pipeline.SuggestResult{}, err
	}
	res, err := svc.Suggest(ctx, pipeline.SuggestInput{Request: req, AllowStale: allowStale, Keychain: s.app.Settings.keychain}, func(tok string) {
		s.app.emit(EventAssistToken, AssistToken{RequestID: requestID, Text: tok})
	})
	if errors.Is(err, assist.ErrCanceled) || errors.Is(err, context.Canceled) {
		return res, errors.New("suggestion cancelled")
	}
	return res, err
}

// Cancel stops a running suggestion for the request.
func (s *AssistService) Cancel(requestID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.running[requestID]; ok {
		c()
		return true
	}
	return false
}

// Record logs what the agent did with an option: inserted, edited or
// discarded (with a reason). The agent is the profile name.
func (s *AssistService) Record(ev knowledge.LedgerEvent) (knowledge.LedgerEvent, error) {
	ctx, cancel := ctx5()
	defer cancel()
	ev.Agent = s.app.svc.Config().Profile.Name
	return s.app.svc.Ledger().RecordEvent(ctx, ev)
}

// MarkSent records the final text in the ledger (edited, with its edit
// distance, when it differs from the option, then sent) and appends it to
// the conversation as the agent's reply. Delivery itself is the agent's:
// the frontend copies the text or opens the mail client.
func (s *AssistService) MarkSent(in SentInput) (knowledge.SupportRequest, error) {
	ctx, cancel := ctx5()
	defer cancel()
	svc := s.app.svc
	agent := svc.Config().Profile.Name
	if in.SetID != "" && in.OptionIndex >= 0 {
		sets, err := svc.Ledger().ListSets(ctx, knowledge.LedgerFilter{RequestID: in.RequestID})
		if err != nil {
			return knowledge.SupportRequest{}, err
		}
		for _, set := range sets {
			if set.SetID != in.SetID || in.OptionIndex >= len(set.Options) {
				continue
			}
			if original := set.Options[in.OptionIndex].Reply; original != in.FinalText {
				if _, err := svc.Ledger().RecordEvent(ctx, knowledge.LedgerEvent{
					SetID: in.SetID, Agent: agent, Type: knowledge.EventEdited, OptionIndex: in.OptionIndex,
					FinalText: in.FinalText, EditDistance: knowledge.EditDistance(original, in.FinalText),
				}); err != nil {
					return knowledge.SupportRequest{}, err
				}
			}
			if _, err := svc.Ledger().RecordEvent(ctx, knowledge.LedgerEvent{
				SetID: in.SetID, Agent: agent, Type: knowledge.EventSent, OptionIndex: in.OptionIndex,
				FinalText: in.FinalText, Comment: "via " + in.Via,
			}); err != nil {
				return knowledge.SupportRequest{}, err
			}
		}
	}
	return svc.Requests().AppendMessage(ctx, in.RequestID, knowledge.RequestMessage{
		Author: knowledge.AuthorAgent, AgentName: agent, At: time.Now().UTC(), Text: in.FinalText,
	})
}

// Check re-checks an edited draft sentence by sentence against the passages
// its option cites, so the agent sees which sentences the knowledge base
// does not support.
func (s *AssistService) Check(reply string, passageIDs []string, requestID string) ([]assist.SentenceCheck, error) {
	ctx, cancel := ctx5()
	defer cancel()
	svc := s.app.svc
	var cited []assist.Passage
	for _, id := range passageIDs {
		p, err := svc.Passage(ctx, id)
		if err != nil {
			return nil, err
		}
		cited = append(cited, p)
	}
	var cust assist.Customer
	if requestID != "" {
		if r, err := svc.Requests().GetRequest(ctx, requestID); err == nil {
			cust = assist.Customer{Name: r.Customer.Name, Contact: r.Customer.Contact}
		}
	}
	return assist.CheckReply(reply, cited, cust), nil
}

// Rate records an agent's verdict on an article: helpful, outdated or wrong.
func (s *AssistService) Rate(r knowledge.ArticleRating) (knowledge.ArticleRating, error) {
	ctx, cancel := ctx5()
	defer cancel()
	r.Agent = s.app.svc.Config().Profile.Name
	out, err := s.app.svc.Ratings().RateArticle(ctx, r)
	if err != nil {
		return out, fmt.Errorf("rating not saved: %w", err)
	}
	return out, nil
}
