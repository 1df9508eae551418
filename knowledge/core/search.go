package core

import (
	"context"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/search"
)

// Search types the app binds, named here so clients need only the core.
type (
	SearchRequest  = search.Request
	SearchResponse = search.Response
	FacetCount     = search.FacetCount
)

// Query log sources.
const (
	SourceApp = "app"
	SourceCLI = "cli"
)

// Search runs a query and records it in the local query log under source
// ("app", "cli"; "" records nothing, for evaluations and tests). Typing
// bursts (AsYouType) are logged once, when the user stops typing.
func (c *Core) Search(ctx context.Context, req search.Request, source string) (search.Response, error) {
	resp, err := c.eng().Search(ctx, req)
	if err != nil {
		return resp, err
	}
	fillEmpty(&resp)
	q := strings.TrimSpace(req.Query)
	if q == "" || source == "" {
		return resp, nil
	}
	top := 0.0
	if len(resp.Results) > 0 {
		top = resp.Results[0].Score
	}
	e := knowledge.QueryLogEntry{
		At: time.Now().UTC(), Query: q, Mode: string(resp.Mode), Results: resp.Total,
		TopScore: top, Source: source,
	}
	if req.AsYouType {
		c.settle.add(e)
	} else {
		c.logQuery(e)
	}
	return resp, nil
}

func (c *Core) logQuery(e knowledge.QueryLogEntry) {
	// The request's context may be gone by the time a settled query is written.
	if err := c.store.LogQuery(context.Background(), e); err != nil {
		c.log.Warn("query log write failed", "err", err)
	}
}

// Departments counts published articles per department, largest first.
func (c *Core) Departments(ctx context.Context) ([]search.FacetCount, error) {
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusPublished}, WithoutBodies: true})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, a := range list {
		counts[a.Department]++
	}
	out := make([]search.FacetCount, 0, len(counts))
	for d, n := range counts {
		out = append(out, search.FacetCount{Value: d, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out, nil
}
