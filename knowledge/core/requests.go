package core

import (
	"context"
	"strings"
	"time"

	"concierge/knowledge"
)

// ListRequests returns requests, newest activity first, filtered by status
// and text.
func (c *Core) ListRequests(ctx context.Context, f knowledge.RequestFilter) ([]knowledge.RequestSummary, error) {
	out, err := c.store.ListRequests(ctx, f)
	return nonNil(out), err
}

// GetRequest returns one request with its messages.
func (c *Core) GetRequest(ctx context.Context, id string) (knowledge.SupportRequest, error) {
	r, err := c.store.GetRequest(ctx, id)
	return requestOut(r), err
}

// CreateRequest stores a new request (open unless a status is given);
// agent messages and notes are signed with the profile name.
func (c *Core) CreateRequest(ctx context.Context, r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	if r.Status == "" {
		r.Status = knowledge.RequestOpen
	}
	c.fillAgent(r.Messages)
	out, err := c.store.CreateRequest(ctx, r)
	if err == nil {
		c.changed(knowledge.TopicRequests, knowledge.KindCreated, out.ID)
	}
	return requestOut(out), err
}

// UpdateRequest saves edits; a stale Version fails with a conflict.
func (c *Core) UpdateRequest(ctx context.Context, r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	c.fillAgent(r.Messages)
	out, err := c.store.UpdateRequest(ctx, r)
	if err == nil {
		c.changed(knowledge.TopicRequests, knowledge.KindUpdated, out.ID)
	}
	return requestOut(out), err
}

// AppendMessage adds a customer message, an agent reply or an internal note.
func (c *Core) AppendMessage(ctx context.Context, id string, m knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	msgs := []knowledge.RequestMessage{m}
	c.fillAgent(msgs)
	out, err := c.store.AppendMessage(ctx, id, msgs[0])
	if err == nil {
		c.changed(knowledge.TopicRequests, knowledge.KindMessage, out.ID)
	}
	return requestOut(out), err
}

// CustomerHistory lists earlier requests from the same contact.
func (c *Core) CustomerHistory(ctx context.Context, contact string) ([]knowledge.RequestSummary, error) {
	if strings.TrimSpace(contact) == "" {
		return []knowledge.RequestSummary{}, nil
	}
	out, err := c.store.CustomerHistory(ctx, contact)
	return nonNil(out), err
}

// fillAgent stamps agent messages and notes with the profile name.
func (c *Core) fillAgent(msgs []knowledge.RequestMessage) {
	name := c.profile().Name
	for i := range msgs {
		if msgs[i].Author != knowledge.AuthorCustomer && msgs[i].AgentName == "" {
			msgs[i].AgentName = name
		}
		if msgs[i].At.IsZero() {
			msgs[i].At = time.Now().UTC()
		}
	}
}

// requestOut makes the request's lists JSON arrays.
func requestOut(r knowledge.SupportRequest) knowledge.SupportRequest {
	r.Messages = nonNil(r.Messages)
	return r
}
