package core

import (
	"context"
	"fmt"
	"strings"

	"concierge/knowledge"
)

// ErrNeedsSupervisor is shown to people without the supervisor role in the
// single-user mode (team mode says what the server gives them).
var ErrNeedsSupervisor = fmt.Errorf("%w: this needs the supervisor role — switch your role in Settings", knowledge.ErrForbidden)

// supervisor checks that the profile may review every agent's suggestions.
func (c *Core) supervisor() error {
	switch c.profile().Role {
	case RoleSupervisor, RoleAdmin:
		return nil
	}
	return c.roleError(ErrNeedsSupervisor, RoleSupervisor)
}

// ReviewPage is one page of the supervisor review with the titles of the
// articles the rows name (ids of deleted articles map to themselves).
type ReviewPage struct {
	Rows   []knowledge.ReviewRow `json:"rows"`
	Total  int                   `json:"total"`
	Titles map[string]string     `json:"titles"`
	// OwnOnly is true when the list was narrowed to the caller's own
	// history (agents see only their own suggestions).
	OwnOnly bool `json:"ownOnly"`
}

// scopeReview narrows f to the caller's own history unless the caller is
// a supervisor or admin.
func (c *Core) scopeReview(f knowledge.ReviewFilter) (knowledge.ReviewFilter, bool) {
	if c.supervisor() == nil {
		return f, false
	}
	f.Agent = c.profile().Name
	return f, true
}

// ReviewList returns one page of suggestion sets with what became of them,
// with the request subjects and article titles filled in. Supervisors see
// every agent's; everyone else only their own.
func (c *Core) ReviewList(ctx context.Context, f knowledge.ReviewFilter) (ReviewPage, error) {
	f, own := c.scopeReview(f)
	if own && strings.TrimSpace(f.Agent) == "" {
		return ReviewPage{}, fmt.Errorf("enter your name in Settings to see your suggestion history: %w", knowledge.ErrInvalid)
	}
	p, err := c.store.ReviewSets(ctx, f)
	if err != nil {
		return ReviewPage{}, err
	}
	out := ReviewPage{Rows: nonNil(p.Rows), Total: p.Total, Titles: map[string]string{}, OwnOnly: own}
	subjects := map[string]string{}
	for i, r := range out.Rows {
		if r.RequestID != "" {
			s, ok := subjects[r.RequestID]
			if !ok {
				if req, err := c.store.GetRequest(ctx, r.RequestID); err == nil {
					s = req.Subject
				}
				subjects[r.RequestID] = s
			}
			out.Rows[i].Subject = s
		}
		out.Rows[i].Articles = nonNil(r.Articles)
		for _, a := range r.Articles {
			c.title(ctx, out.Titles, a)
		}
	}
	return out, nil
}

// title fills titles[id] with the article's title (its id when gone).
func (c *Core) title(ctx context.Context, titles map[string]string, id string) {
	if _, ok := titles[id]; ok {
		return
	}
	titles[id] = id
	if a, err := c.store.Get(ctx, id); err == nil && a.Title != "" {
		titles[id] = a.Title
	}
}
