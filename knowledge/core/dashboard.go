package core

import (
	"context"
	"fmt"
	"sort"

	"concierge/knowledge"
)

// Time-saved estimate: a reply written from scratch takes WriteMinutes; a
// sent suggestion saves that, less the time its edits took at
// EditCharsPerMinute characters a minute (never below zero).
const (
	WriteMinutes       = 4.0
	EditCharsPerMinute = 200.0
)

// TimeSavedFormula says how Dashboard.MinutesSaved is computed.
var TimeSavedFormula = fmt.Sprintf("minutes saved = Σ over sent suggestions of max(0, %g − edit distance ÷ %g)", WriteMinutes, EditCharsPerMinute)

// DayCounts is how the suggestion sets of one day (UTC) ended.
type DayCounts struct {
	Day       string `json:"day"` // YYYY-MM-DD
	Used      int    `json:"used"`
	Edited    int    `json:"edited"`
	Discarded int    `json:"discarded"`
	Inserted  int    `json:"inserted"`
	Shown     int    `json:"shown"`
}

// GroupStats is acceptance and editing for one agent or department.
// AcceptanceRate = (used + edited) ÷ sets; MedianEditDistance is over the
// sent suggestions (used ones count 0).
type GroupStats struct {
	Name               string  `json:"name"`
	Sets               int     `json:"sets"`
	Used               int     `json:"used"`
	Edited             int     `json:"edited"`
	Discarded          int     `json:"discarded"`
	AcceptanceRate     float64 `json:"acceptanceRate"`
	MedianEditDistance float64 `json:"medianEditDistance"`
}

// ArticleUse counts, for one article, the sent suggestions citing it and
// the sets it took part in that were discarded or heavily edited.
type ArticleUse struct {
	ArticleID  string `json:"articleId"`
	Title      string `json:"title"`
	Uses       int    `json:"uses"`
	Discards   int    `json:"discards"`
	HeavyEdits int    `json:"heavyEdits"`
}

// Dashboard is the supervisor's overview of a period.
type Dashboard struct {
	Sets             int          `json:"sets"`
	Sent             int          `json:"sent"`
	PerDay           []DayCounts  `json:"perDay"`
	ByAgent          []GroupStats `json:"byAgent"`
	ByDepartment     []GroupStats `json:"byDepartment"`
	TopArticles      []ArticleUse `json:"topArticles"`      // most used, at most 10
	TroubleArticles  []ArticleUse `json:"troubleArticles"`  // most discards + heavy edits, at most 10
	UnverifiedRate   float64      `json:"unverifiedRate"`   // share of sent suggestions with unverified citations
	MinutesSaved     float64      `json:"minutesSaved"`     // see TimeSavedFormula
	TimeSavedFormula string       `json:"timeSavedFormula"` // the formula, for display
}

// BuildDashboard turns the store's counts into the dashboard; title names
// an article (called only for the articles listed).
func BuildDashboard(a knowledge.ReviewAggregates, title func(id string) string) Dashboard {
	d := Dashboard{TimeSavedFormula: TimeSavedFormula, PerDay: []DayCounts{}}
	days := map[string]*DayCounts{}
	for _, c := range a.Days {
		dc := days[c.Key]
		if dc == nil {
			dc = &DayCounts{Day: c.Key}
			days[c.Key] = dc
		}
		switch c.Outcome {
		case knowledge.OutcomeUsed:
			dc.Used += c.N
		case knowledge.OutcomeEdited:
			dc.Edited += c.N
		case knowledge.OutcomeDiscarded:
			dc.Discarded += c.N
		case knowledge.OutcomeInserted:
			dc.Inserted += c.N
		default:
			dc.Shown += c.N
		}
		d.Sets += c.N
	}
	for _, dc := range days {
		d.PerDay = append(d.PerDay, *dc)
	}
	sort.Slice(d.PerDay, func(i, j int) bool { return d.PerDay[i].Day < d.PerDay[j].Day })
	for _, c := range a.Agents {
		if c.Outcome == knowledge.OutcomeUsed || c.Outcome == knowledge.OutcomeEdited {
			d.Sent += c.N
			d.MinutesSaved += float64(c.N) * max(0, WriteMinutes-float64(c.EditDistance)/EditCharsPerMinute)
		}
	}
	d.ByAgent, d.ByDepartment = groups(a.Agents), groups(a.Departments)
	top := append([]knowledge.ArticleCount{}, a.Articles...)
	sort.Slice(top, func(i, j int) bool {
		if top[i].Uses != top[j].Uses {
			return top[i].Uses > top[j].Uses
		}
		return top[i].ArticleID < top[j].ArticleID
	})
	d.TopArticles = []ArticleUse{}
	for _, u := range top {
		if u.Uses > 0 && len(d.TopArticles) < 10 {
			d.TopArticles = append(d.TopArticles, ArticleUse{ArticleID: u.ArticleID, Title: title(u.ArticleID), Uses: u.Uses, Discards: u.Discards, HeavyEdits: u.HeavyEdits})
		}
	}
	trouble := append([]knowledge.ArticleCount{}, a.Articles...)
	sort.Slice(trouble, func(i, j int) bool {
		ti, tj := trouble[i].Discards+trouble[i].HeavyEdits, trouble[j].Discards+trouble[j].HeavyEdits
		if ti != tj {
			return ti > tj
		}
		return trouble[i].ArticleID < trouble[j].ArticleID
	})
	d.TroubleArticles = []ArticleUse{}
	for _, u := range trouble {
		if u.Discards+u.HeavyEdits > 0 && len(d.TroubleArticles) < 10 {
			d.TroubleArticles = append(d.TroubleArticles, ArticleUse{ArticleID: u.ArticleID, Title: title(u.ArticleID), Uses: u.Uses, Discards: u.Discards, HeavyEdits: u.HeavyEdits})
		}
	}
	if d.Sent > 0 {
		d.UnverifiedRate = float64(a.SentUnverified) / float64(d.Sent)
	}
	return d
}

func groups(cs []knowledge.ReviewCount) []GroupStats {
	type acc struct {
		GroupStats
		dists map[int]int // sent edit distance → sets
	}
	m := map[string]*acc{}
	var names []string
	for _, c := range cs {
		name := c.Key
		if name == "" {
			name = "(none)"
		}
		a := m[name]
		if a == nil {
			a = &acc{GroupStats: GroupStats{Name: name}, dists: map[int]int{}}
			m[name] = a
			names = append(names, name)
		}
		a.Sets += c.N
		switch c.Outcome {
		case knowledge.OutcomeUsed:
			a.Used += c.N
			a.dists[c.EditDistance] += c.N
		case knowledge.OutcomeEdited:
			a.Edited += c.N
			a.dists[c.EditDistance] += c.N
		case knowledge.OutcomeDiscarded:
			a.Discarded += c.N
		}
	}
	out := make([]GroupStats, 0, len(m))
	for _, n := range names {
		a := m[n]
		g := a.GroupStats
		if g.Sets > 0 {
			g.AcceptanceRate = float64(g.Used+g.Edited) / float64(g.Sets)
		}
		g.MedianEditDistance = medianOf(a.dists)
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Sets != out[j].Sets {
			return out[i].Sets > out[j].Sets
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// medianOf is the median of a histogram (value → count); the mean of the
// two middle values for an even total.
func medianOf(h map[int]int) float64 {
	total := 0
	keys := make([]int, 0, len(h))
	for k, n := range h {
		keys = append(keys, k)
		total += n
	}
	if total == 0 {
		return 0
	}
	sort.Ints(keys)
	at := func(i int) int { // the i-th value (0-based) in sorted order
		for _, k := range keys {
			if i < h[k] {
				return k
			}
			i -= h[k]
		}
		return keys[len(keys)-1]
	}
	if total%2 == 1 {
		return float64(at(total / 2))
	}
	return float64(at(total/2-1)+at(total/2)) / 2
}

// Dashboard aggregates the suggestion sets matching f (paging ignored):
// supervisors only.
func (c *Core) Dashboard(ctx context.Context, f knowledge.ReviewFilter) (Dashboard, error) {
	if err := c.supervisor(); err != nil {
		return Dashboard{}, err
	}
	a, err := c.store.ReviewAggregates(ctx, f)
	if err != nil {
		return Dashboard{}, err
	}
	titles := map[string]string{}
	return BuildDashboard(a, func(id string) string { c.title(ctx, titles, id); return titles[id] }), nil
}
