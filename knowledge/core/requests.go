package core

import (
	"context"
	"strings"

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
	if err != nil {
		return requestOut(r), err
	}
	return requestOut(c.withProfile(ctx, r)), nil
}

// CreateRequest stores a new request (open unless a status is given);
// agent messages and notes are signed with the profile name.
func (c *Core) CreateRequest(ctx context.Context, r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	if r.Status == "" {
		r.Status = knowledge.RequestNew
	}
	if err := checkProfileFields(r.Customer); err != nil {
		return knowledge.SupportRequest{}, err
	}
	c.fillAgent(r.Messages)
	out, err := c.store.CreateRequest(ctx, r)
	if err != nil {
		return requestOut(out), err
	}
	out.Customer = r.Customer
	out.Customer.Name, out.Customer.Contact = strings.TrimSpace(r.Customer.Name), strings.TrimSpace(r.Customer.Contact)
	c.rememberCustomer(ctx, out)
	c.changed(knowledge.TopicRequests, knowledge.KindCreated, out.ID)
	return requestOut(c.withProfile(ctx, out)), nil
}

// UpdateRequest saves edits; a stale Version fails with a conflict.
func (c *Core) UpdateRequest(ctx context.Context, r knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	if err := checkProfileFields(r.Customer); err != nil {
		return knowledge.SupportRequest{}, err
	}
	c.fillAgent(r.Messages)
	before, _ := c.store.GetRequest(ctx, r.ID)
	out, err := c.store.UpdateRequest(ctx, r)
	if err != nil {
		return requestOut(out), err
	}
	if before.ID != "" {
		c.recordStatusEdit(ctx, out.ID, before.Status, out.Status)
	}
	out.Customer = r.Customer
	out.Customer.Name, out.Customer.Contact = strings.TrimSpace(r.Customer.Name), strings.TrimSpace(r.Customer.Contact)
	c.rememberCustomer(ctx, out)
	c.changed(knowledge.TopicRequests, knowledge.KindUpdated, out.ID)
	return requestOut(c.withProfile(ctx, out)), nil
}

// AppendMessage adds a customer message, an agent reply or an internal note.
func (c *Core) AppendMessage(ctx context.Context, id string, m knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	msgs := []knowledge.RequestMessage{m}
	c.fillAgent(msgs)
	out, err := c.store.AppendMessage(ctx, id, msgs[0])
	if err != nil {
		return requestOut(out), err
	}
	c.changed(knowledge.TopicRequests, knowledge.KindMessage, out.ID)
	return requestOut(c.withProfile(ctx, out)), nil
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
			msgs[i].At = c.now()
		}
	}
}

// requestOut makes the request's lists JSON arrays.
func requestOut(r knowledge.SupportRequest) knowledge.SupportRequest {
	r.Messages = nonNil(r.Messages)
	return r
}

// checkProfileFields validates the profile fields a request carries (tone,
// channel, sizes) before anything is saved.
func checkProfileFields(cu knowledge.Customer) error {
	if cu.PreferredName == "" && cu.Title == "" && cu.Language == "" && cu.Tone == "" && cu.PreferredChannel == "" {
		return nil
	}
	contact := cu.Contact
	if knowledge.NormalizeContact(contact) == "" {
		contact = "-" // the profile is only kept with a contact; the fields are still checked
	}
	_, err := knowledge.CustomerProfile{Contact: contact, PreferredName: cu.PreferredName, Title: cu.Title,
		Language: cu.Language, Tone: cu.Tone, PreferredChannel: cu.PreferredChannel}.Normalized()
	return err
}
