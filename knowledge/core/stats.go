package core

import (
	"context"
	"errors"

	"concierge/knowledge"
)

// IndexState is what the status bar shows.
type IndexState struct {
	Articles int    `json:"articles"` // published articles
	Total    int    `json:"total"`    // all statuses
	Passages int    `json:"passages"`
	Embedder string `json:"embedder"`
	State    string `json:"state"` // "starting" | "ready" | "importing" | "indexing" | "repairing" | "stopped" | "error"
	Message  string `json:"message"`
	Done     int    `json:"done"`
	Of       int    `json:"of"`
	DataDir  string `json:"dataDir"`
	// ReadOnly says why the knowledge base is open read-only ("" when it
	// is writable): the window shows it as a banner.
	ReadOnly string `json:"readOnly"`
	// Team is the team database connection (zero for the local database).
	Team TeamStatus `json:"team"`
}

// Stats reports the knowledge base size and what background work is doing.
func (c *Core) Stats(ctx context.Context) (IndexState, error) {
	counts, err := c.store.Counts(ctx)
	if err != nil {
		// Offline on a team database: the status bar still shows the state
		// (offline, as of when) with the counts last read.
		var ok bool
		if counts, ok = c.teamCounts(err); !ok {
			return IndexState{}, err
		}
	} else {
		c.keepTeamCounts(counts)
	}
	st := c.State()
	es := c.eng().Stats()
	return IndexState{
		Articles: counts.ByStatus[knowledge.StatusPublished],
		Total:    counts.Articles,
		Passages: es.Passages,
		Embedder: es.Embedder,
		State:    st.State,
		Message:  st.Message,
		Done:     st.Done,
		Of:       st.Of,
		DataDir:  c.dataDir,
		ReadOnly: c.readOnly,
		Team:     c.TeamStatus(),
	}, nil
}

// Counts summarises the store by status (the CLI's stats).
func (c *Core) Counts(ctx context.Context) (knowledge.Counts, error) {
	out, err := c.store.Counts(ctx)
	fillEmpty(&out)
	return out, err
}

// keepTeamCounts remembers the counts read from a team database.
func (c *Core) keepTeamCounts(n knowledge.Counts) {
	c.team.mu.Lock()
	defer c.team.mu.Unlock()
	if c.team.following {
		c.team.counts = n
	}
}

// teamCounts returns the counts last read from the team database when err
// says it cannot be reached.
func (c *Core) teamCounts(err error) (knowledge.Counts, bool) {
	if !errors.Is(err, knowledge.ErrUnavailable) {
		return knowledge.Counts{}, false
	}
	c.team.mu.Lock()
	defer c.team.mu.Unlock()
	return c.team.counts, c.team.following
}
