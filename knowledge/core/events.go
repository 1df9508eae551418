package core

import (
	"time"

	"concierge/knowledge"
	"concierge/knowledge/importer"
)

// changed reports a change to Options.OnChange. ids may be empty.
func (c *Core) changed(topic, kind string, ids ...string) {
	if c.followUps != nil && isFollowUpTopic(topic, kind) {
		c.pokeFollowUps()
	}
	if c.onChange == nil {
		return
	}
	if ids == nil {
		ids = []string{}
	}
	c.onChange(knowledge.Change{Topic: topic, Kind: kind, IDs: ids, At: time.Now().UTC()})
}

// stateChanged reports a new index state as a change of topic "index".
func (c *Core) stateChanged(s State) {
	c.changed(knowledge.TopicIndex, s.State)
}

// articleKind names an article change by the status it moved to.
func articleKind(from, to knowledge.Status) string {
	if from == to {
		return knowledge.KindSaved
	}
	switch to {
	case knowledge.StatusPublished:
		return knowledge.KindPublished
	case knowledge.StatusArchived:
		return knowledge.KindArchived
	}
	return knowledge.KindStatus
}

// reportIDs lists the articles an import wrote (created, updated, archived).
func reportIDs(r importer.Report) []string {
	ids := make([]string, 0, len(r.Created)+len(r.Updated)+len(r.Archived))
	ids = append(ids, r.Created...)
	ids = append(ids, r.Updated...)
	return append(ids, r.Archived...)
}
