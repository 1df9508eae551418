package app

import (
	"concierge/knowledge"
	"concierge/knowledge/core"
)

// RequestService keeps customer requests: the conversation, notes and the
// related knowledge from every department.
type RequestService struct{ app *App }

// List returns requests, newest activity first, filtered by status and text.
func (s *RequestService) List(f knowledge.RequestFilter) ([]knowledge.RequestSummary, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ListRequests(ctx, f)
}

// Get returns one request with its messages.
func (s *RequestService) Get(id string) (knowledge.SupportRequest, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().GetRequest(ctx, id)
}

// Create stores a new request.
func (s *RequestService) Create(r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CreateRequest(ctx, r)
}

// Update saves edits; a stale Version fails with a conflict message.
func (s *RequestService) Update(r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().UpdateRequest(ctx, r)
}

// AppendMessage adds a customer message, an agent reply or an internal note.
func (s *RequestService) AppendMessage(id string, m knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().AppendMessage(ctx, id, m)
}

// CustomerHistory lists earlier requests from the same contact.
func (s *RequestService) CustomerHistory(contact string) ([]knowledge.RequestSummary, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CustomerHistory(ctx, contact)
}

// Related finds knowledge for a request (saved or being typed), grouped by
// department with each department's owner.
func (s *RequestService) Related(r knowledge.SupportRequest) ([]core.RelatedGroup, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Related(ctx, r)
}
