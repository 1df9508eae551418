package app

import (
	"context"
	"strings"
	"sync"

	"concierge/knowledge"
	"concierge/knowledge/assist"
	"concierge/knowledge/core"
)

// AssistService drafts suggestion options and records what the agent does
// with them. Nothing is ever sent to a customer by Concierge itself.
type AssistService struct {
	app     *App
	mu      sync.Mutex
	running map[string]*running
}

// running is one suggestion in flight and the draft streamed so far.
type running struct {
	cancel context.CancelFunc
	draft  strings.Builder
}

// Suggest drafts options for a saved request, streaming tokens as
// "assist:token" events. A second call for the same request cancels the
// first; so do Cancel and closing the window.
func (s *AssistService) Suggest(requestID string, allowStale bool) (core.SuggestResult, error) {
	ctx, cancel := s.app.call(suggestCall)
	r := s.track(requestID, cancel)
	defer s.untrack(requestID, r)
	req, err := s.app.cur().GetRequest(ctx, requestID)
	if err != nil {
		return core.SuggestResult{}, err
	}
	return s.app.cur().Suggest(ctx, core.SuggestInput{Request: req, AllowStale: allowStale}, func(tok string) {
		s.mu.Lock()
		r.draft.WriteString(tok)
		s.mu.Unlock()
		s.app.emit(EventAssistToken, AssistToken{RequestID: requestID, Text: tok})
	})
}

// Draft returns the text streamed so far by the running suggestion for the
// request (empty when none runs), so a view opened mid-stream can catch up
// before following assist:token.
func (s *AssistService) Draft(requestID string) (AssistToken, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := AssistToken{RequestID: requestID}
	if r, ok := s.running[requestID]; ok {
		out.Text = r.draft.String()
	}
	return out, nil
}

// Cancel stops a running suggestion for the request.
func (s *AssistService) Cancel(requestID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.running[requestID]; ok {
		r.cancel()
		return true
	}
	return false
}

// Record logs what the agent did with an option: inserted, edited or
// discarded (with a reason). The agent is the profile name.
func (s *AssistService) Record(ev knowledge.LedgerEvent) (knowledge.LedgerEvent, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().RecordEvent(ctx, ev)
}

// MarkSent records the final text in the ledger and appends it to the
// conversation as the agent's reply.
func (s *AssistService) MarkSent(in core.SentInput) (knowledge.SupportRequest, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().MarkSent(ctx, in)
}

// Check re-checks an edited draft sentence by sentence against the
// passages its option cites.
func (s *AssistService) Check(reply string, passageIDs []string, requestID string) ([]assist.SentenceCheck, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CheckReply(ctx, reply, passageIDs, requestID)
}

// Rate records an agent's verdict on an article: helpful, outdated or wrong.
func (s *AssistService) Rate(r knowledge.ArticleRating) (knowledge.ArticleRating, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Rate(ctx, r)
}

// track registers the running suggestion for requestID, cancelling an
// earlier one.
func (s *AssistService) track(requestID string, cancel context.CancelFunc) *running {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.running[requestID]; ok {
		prev.cancel()
	}
	r := &running{cancel: cancel}
	s.running[requestID] = r
	return r
}

func (s *AssistService) untrack(requestID string, r *running) {
	r.cancel()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running[requestID] == r { // a newer call may have taken its place
		delete(s.running, requestID)
	}
}

// cancelAll stops every running suggestion (shutdown).
func (s *AssistService) cancelAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.running {
		r.cancel()
	}
}
