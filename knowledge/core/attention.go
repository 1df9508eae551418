package core

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

// maxGapQueries bounds the distinct logged queries judged for gaps.
const maxGapQueries = 2000

// Stale lists articles (not archived) whose review-by date has passed or
// falls within withinDays days, most overdue first.
func (c *Core) Stale(ctx context.Context, withinDays int) ([]ArticleSummary, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	withinDays = max(withinDays, 0)
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: openStatuses, WithoutBodies: true})
	if err != nil {
		return nil, err
	}
	now := c.clock()
	y, m, d := now.UTC().Date()
	cutoff := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, withinDays+1) // through the Nth day
	var due []knowledge.Article
	for _, a := range list {
		if !a.ReviewBy.IsZero() && a.ReviewBy.Before(cutoff) {
			due = append(due, a)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].ReviewBy.Before(due[j].ReviewBy) })
	flagged := c.flaggedIDs(ctx)
	out := make([]ArticleSummary, 0, len(due))
	for _, a := range due {
		out = append(out, summary(a, flagged, now))
	}
	return out, nil
}

// Flagged lists articles agents rated outdated or wrong, with comments.
func (c *Core) Flagged(ctx context.Context) ([]knowledge.FlaggedArticle, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	out, err := c.store.Flagged(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Latest = nonNil(out[i].Latest)
	}
	return nonNil(out), nil
}

// similarity returns the embedder to compare texts with and the threshold
// that makes two searches "the same question" for it: the search engine's
// embedder, or the built-in one when that is remote and unreachable.
func (c *Core) similarity() (embed.Embedder, float64) {
	emb := c.eng().Embedder()
	if emb == nil || strings.HasPrefix(emb.ID(), "builtin") {
		return embed.NewBuiltin(), editorial.DefaultGapSimilarity
	}
	return emb, 0.75 // neural embedders score unrelated short texts higher
}

// Gaps clusters the searches of the last `days` days (0: all) that find
// nothing, or only weak matches, in the knowledge base as it is now.
func (c *Core) Gaps(ctx context.Context, days int) ([]GapCluster, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	log, err := c.store.QueryLog(ctx, 0)
	if err != nil {
		return nil, err
	}
	var since time.Time
	if days > 0 {
		since = c.clock().AddDate(0, 0, -days)
	}
	// Judge each distinct query once against the current index, so a gap an
	// editor has since filled drops off the list.
	verdict := map[string]bool{}
	var weak []knowledge.QueryLogEntry
	for _, e := range log {
		if e.At.Before(since) {
			continue
		}
		key := strings.Join(strings.Fields(strings.ToLower(e.Query)), " ")
		if key == "" {
			continue
		}
		w, seen := verdict[key]
		if !seen {
			if len(verdict) >= maxGapQueries {
				continue
			}
			if w, err = c.weakQuery(ctx, e.Query); err != nil {
				return nil, err
			}
			verdict[key] = w
		}
		if w {
			weak = append(weak, e)
		}
	}
	emb, threshold := c.similarity()
	clusters, err := editorial.ClusterGaps(ctx, emb, weak, threshold)
	if err != nil && !strings.HasPrefix(emb.ID(), "builtin") {
		clusters, err = editorial.ClusterGaps(ctx, embed.NewBuiltin(), weak, editorial.DefaultGapSimilarity)
	}
	if err != nil {
		return nil, err
	}
	out := make([]GapCluster, 0, len(clusters))
	for _, g := range clusters {
		out = append(out, GapCluster{Label: g.Label, Count: g.Count, Examples: nonNil(g.Examples), LastAt: formatTime(g.LastAt)})
	}
	return out, nil
}

// weakQuery reports whether q finds no published article, or only weak
// matches (see search.ArticleHit.Weak).
func (c *Core) weakQuery(ctx context.Context, q string) (bool, error) {
	resp, err := c.eng().Search(ctx, search.Request{Query: q, Limit: 3, PassagesPerArticle: 1})
	if err != nil {
		return false, err
	}
	if resp.Total == 0 || len(resp.Results) == 0 {
		return true, nil
	}
	return resp.Results[0].Weak, nil
}

// Duplicates lists pairs of articles (not archived) at least threshold
// similar (0..1; 0 means 0.85), most similar first.
func (c *Core) Duplicates(ctx context.Context, threshold float64) ([]DuplicatePair, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	if threshold > 1 {
		return nil, fmt.Errorf("the similarity threshold %.2f is above 1", threshold)
	}
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: openStatuses})
	if err != nil {
		return nil, err
	}
	emb, _ := c.similarity()
	pairs, err := editorial.Duplicates(ctx, emb, list, threshold)
	if err != nil && !strings.HasPrefix(emb.ID(), "builtin") {
		pairs, err = editorial.Duplicates(ctx, embed.NewBuiltin(), list, threshold)
	}
	if err != nil {
		return nil, err
	}
	flagged := c.flaggedIDs(ctx)
	now := c.clock()
	out := make([]DuplicatePair, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, DuplicatePair{A: summary(p.A, flagged, now), B: summary(p.B, flagged, now), Similarity: p.Similarity})
	}
	return out, nil
}
