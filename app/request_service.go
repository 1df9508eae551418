package app

import (
	"context"
	"strings"
	"time"

	"concierge/indexer/pipeline"
	"concierge/knowledge"
)

// RequestService keeps customer requests: the conversation, notes and the
// related knowledge from every department.
type RequestService struct{ app *App }

func ctx5() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 5*time.Second)
}

// List returns requests, newest activity first, filtered by status and text.
func (s *RequestService) List(f knowledge.RequestFilter) ([]knowledge.RequestSummary, error) {
	ctx, cancel := ctx5()
	defer cancel()
	out, err := s.app.svc.Requests().ListRequests(ctx, f)
	if out == nil {
		out = []knowledge.RequestSummary{}
	}
	return out, err
}

// Get returns one request with its messages.
func (s *RequestService) Get(id string) (knowledge.SupportRequest, error) {
	ctx, cancel := ctx5()
	defer cancel()
	return s.app.svc.Requests().GetRequest(ctx, id)
}

// Create stores a new request.
func (s *RequestService) Create(r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	ctx, cancel := ctx5()
	defer cancel()
	if r.Status == "" {
		r.Status = knowledge.RequestOpen
	}
	s.fillAgent(r.Messages)
	return s.app.svc.Requests().CreateRequest(ctx, r)
}

// Update saves edits; a stale Version fails with a conflict message.
func (s *RequestService) Update(r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	ctx, cancel := ctx5()
	defer cancel()
	s.fillAgent(r.Messages)
	return s.app.svc.Requests().UpdateRequest(ctx, r)
}

// AppendMessage adds a customer message, an agent reply or an internal note.
func (s *RequestService) AppendMessage(id string, m knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	ctx, cancel := ctx5()
	defer cancel()
	msgs := []knowledge.RequestMessage{m}
	s.fillAgent(msgs)
	return s.app.svc.Requests().AppendMessage(ctx, id, msgs[0])
}

// CustomerHistory lists earlier requests from the same contact.
func (s *RequestService) CustomerHistory(contact string) ([]knowledge.RequestSummary, error) {
	ctx, cancel := ctx5()
	defer cancel()
	if strings.TrimSpace(contact) == "" {
		return []knowledge.RequestSummary{}, nil
	}
	out, err := s.app.svc.Requests().CustomerHistory(ctx, contact)
	if out == nil {
		out = []knowledge.RequestSummary{}
	}
	return out, err
}

// Related finds knowledge for a request (saved or being typed), grouped by
// department with each department's owner.
func (s *RequestService) Related(r knowledge.SupportRequest) ([]pipeline.RelatedGroup, error) {
	ctx, cancel := ctx5()
	defer cancel()
	groups, _, err := s.app.svc.Related(ctx, r, 12)
	return groups, err
}

// fillAgent stamps agent messages and notes with the profile name.
func (s *RequestService) fillAgent(msgs []knowledge.RequestMessage) {
	name := s.app.svc.Config().Profile.Name
	for i := range msgs {
		if msgs[i].Author != knowledge.AuthorCustomer && msgs[i].AgentName == "" {
			msgs[i].AgentName = name
		}
		if msgs[i].At.IsZero() {
			msgs[i].At = time.Now().UTC()
		}
	}
}
