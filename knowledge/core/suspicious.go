package core

import (
	"context"
	"sort"

	"concierge/knowledge"
	"concierge/knowledge/assist/textscan"
)

// SuspiciousArticle is an article whose text reads as instructions to an AI
// or hides characters from human readers (textscan). Such passages can go
// into a prompt only as data and never ground a verified sentence; the
// editor decides whether the text is legitimate (and rewords it) or was
// planted.
type SuspiciousArticle struct {
	ArticleSummary
	Signals []textscan.Signal `json:"signals"`
}

// Suspicious lists the articles (any status but archived) whose title or
// body carries textscan signals, most signals first, then by title.
func (c *Core) Suspicious(ctx context.Context) ([]SuspiciousArticle, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: openStatuses})
	if err != nil {
		return nil, err
	}
	flagged := c.flaggedIDs(ctx)
	now := c.clock()
	out := []SuspiciousArticle{}
	for _, a := range list {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sig := textscan.Scan(a.Title + "\n\n" + a.Body)
		if len(sig) == 0 {
			continue
		}
		out = append(out, SuspiciousArticle{ArticleSummary: summary(a, flagged, now), Signals: sig})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Signals) != len(out[j].Signals) {
			return len(out[i].Signals) > len(out[j].Signals)
		}
		return out[i].Title < out[j].Title
	})
	return out, nil
}
