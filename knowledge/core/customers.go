package core

import (
	"context"
	"errors"
	"strings"

	"concierge/knowledge"
)

// The customer remembered: a profile per normalised contact (preferred
// name, title, language, tone, preferred channel, preferences and notes),
// filled into every request of that contact and used by drafts.

// CustomerProfile returns what Concierge remembers about the customer at
// contact: an empty profile with that contact when nothing is known yet.
func (c *Core) CustomerProfile(ctx context.Context, contact string) (knowledge.CustomerProfile, error) {
	if knowledge.NormalizeContact(contact) == "" {
		return knowledge.CustomerProfile{}, knowledge.Errorf(knowledge.ErrInvalid, "enter the customer's e-mail address or phone number")
	}
	p, err := c.store.CustomerProfile(ctx, contact)
	if errors.Is(err, knowledge.ErrNotFound) {
		return knowledge.CustomerProfile{Contact: strings.TrimSpace(contact)}, nil
	}
	return p, err
}

// SaveCustomerProfile stores the profile (Version as read; a stale one is
// a conflict) and reports the customer's requests as changed.
func (c *Core) SaveCustomerProfile(ctx context.Context, p knowledge.CustomerProfile) (knowledge.CustomerProfile, error) {
	out, err := c.store.PutCustomerProfile(ctx, p)
	if err == nil {
		c.changed(knowledge.TopicRequests, knowledge.KindUpdated)
	}
	return out, err
}

// withProfile fills the customer fields of r the request leaves empty
// from the stored profile of its contact.
func (c *Core) withProfile(ctx context.Context, r knowledge.SupportRequest) knowledge.SupportRequest {
	if knowledge.NormalizeContact(r.Customer.Contact) == "" {
		return r
	}
	p, err := c.store.CustomerProfile(ctx, r.Customer.Contact)
	if err != nil {
		return r
	}
	cu := &r.Customer
	fill := func(dst *string, v string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = v
		}
	}
	fill(&cu.Name, p.Name)
	fill(&cu.PreferredName, p.PreferredName)
	fill(&cu.Title, p.Title)
	fill(&cu.Language, p.Language)
	fill(&cu.Preferences, p.Preferences)
	fill(&cu.Notes, p.Notes)
	if cu.Tone == "" {
		cu.Tone = p.Tone
	}
	if cu.PreferredChannel == "" {
		cu.PreferredChannel = p.PreferredChannel
	}
	return r
}

// rememberCustomer saves the profile fields a request carries (preferred
// name, title, language, tone, channel, preferences, notes) to its
// contact's profile, so that the next request of that customer has them.
// It never fails the request's own save: a problem is logged.
func (c *Core) rememberCustomer(ctx context.Context, r knowledge.SupportRequest) {
	cu := r.Customer
	if knowledge.NormalizeContact(cu.Contact) == "" {
		return
	}
	if cu.PreferredName == "" && cu.Title == "" && cu.Language == "" && cu.Tone == "" && cu.PreferredChannel == "" &&
		cu.Preferences == "" && cu.Notes == "" {
		return
	}
	p, err := c.store.CustomerProfile(ctx, cu.Contact)
	if err != nil && !errors.Is(err, knowledge.ErrNotFound) {
		c.log.Warn("could not read the customer profile", "err", err)
		return
	}
	next := p
	next.Contact = cu.Contact
	set := func(dst *string, v string) {
		if strings.TrimSpace(v) != "" {
			*dst = v
		}
	}
	set(&next.Name, cu.Name)
	set(&next.PreferredName, cu.PreferredName)
	set(&next.Title, cu.Title)
	set(&next.Language, cu.Language)
	set(&next.Preferences, cu.Preferences)
	set(&next.Notes, cu.Notes)
	if cu.Tone != "" {
		next.Tone = cu.Tone
	}
	if cu.PreferredChannel != "" {
		next.PreferredChannel = cu.PreferredChannel
	}
	next.UpdatedAt = p.UpdatedAt
	if next == p {
		return
	}
	if _, err := c.store.PutCustomerProfile(ctx, next); err != nil {
		c.log.Warn("could not remember the customer's preferences", "err", err)
	}
}
