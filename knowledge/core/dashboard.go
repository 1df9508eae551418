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

// DashboardBuilder accumulates review rows into a Dashboard, one row at a
// time (the rows are streamed from the store).
type DashboardBuilder struct {
	d          Dashboard
	days       map[string]*DayCounts
	agents     map[string]*groupAcc
	depts      map[string]*groupAcc
	articles   map[string]*ArticleUse
	unverified int
}

type groupAcc struct {
	GroupStats
	dists []int
}

// NewDashboardBuilder returns an empty builder.
func NewDashboardBuilder() *DashboardBuilder {
	return &DashboardBuilder{days: map[string]*DayCounts{}, agents: map[string]*groupAcc{}, depts: map[string]*groupAcc{}, articles: map[string]*ArticleUse{}}
}

// Add counts one suggestion set.
func (b *DashboardBuilder) Add(r knowledge.ReviewRow) {
	b.d.Sets++
	day := r.At.UTC().Format("2006-01-02")
	dc := b.days[day]
	if dc == nil {
		dc = &DayCounts{Day: day}
		b.days[day] = dc
	}
	sent := r.Outcome == knowledge.OutcomeUsed || r.Outcome == knowledge.OutcomeEdited
	switch r.Outcome {
	case knowledge.OutcomeUsed:
		dc.Used++
	case knowledge.OutcomeEdited:
		dc.Edited++
	case knowledge.OutcomeDiscarded:
		dc.Discarded++
	case knowledge.OutcomeInserted:
		dc.Inserted++
	default:
		dc.Shown++
	}
	for _, g := range []struct {
		m    map[string]*groupAcc
		name string
	}{{b.agents, r.Agent}, {b.depts, r.Department}} {
		name := g.name
		if name == "" {
			name = "(none)"
		}
		a := g.m[name]
		if a == nil {
			a = &groupAcc{GroupStats: GroupStats{Name: name}}
			g.m[name] = a
		}
		a.Sets++
		switch r.Outcome {
		case knowledge.OutcomeUsed:
			a.Used++
		case knowledge.OutcomeEdited:
			a.Edited++
		case knowledge.OutcomeDiscarded:
			a.Discarded++
		}
		if sent {
			a.dists = append(a.dists, r.EditDistance)
		}
	}
	if sent {
		b.d.Sent++
		if r.Unverified {
			b.unverified++
		}
		b.d.MinutesSaved += max(0, WriteMinutes-float64(r.EditDistance)/EditCharsPerMinute)
	}
	for _, id := range r.Articles {
		u := b.articles[id]
		if u == nil {
			u = &ArticleUse{ArticleID: id, Title: id}
			b.articles[id] = u
		}
		if sent {
			u.Uses++
		}
		if r.Outcome == knowledge.OutcomeDiscarded {
			u.Discards++
		}
		if r.Outcome == knowledge.OutcomeEdited && r.Heavy {
			u.HeavyEdits++
		}
	}
}

// Build returns the dashboard; title names an article (called only for
// the articles listed).
func (b *DashboardBuilder) Build(title func(id string) string) Dashboard {
	d := b.d
	d.TimeSavedFormula = TimeSavedFormula
	d.PerDay = []DayCounts{}
	for _, dc := range b.days {
		d.PerDay = append(d.PerDay, *dc)
	}
	sort.Slice(d.PerDay, func(i, j int) bool { return d.PerDay[i].Day < d.PerDay[j].Day })
	d.ByAgent, d.ByDepartment = groups(b.agents), groups(b.depts)
	var arts []ArticleUse
	for _, u := range b.articles {
		arts = append(arts, *u)
	}
	top := append([]ArticleUse{}, arts...)
	sort.Slice(top, func(i, j int) bool {
		if top[i].Uses != top[j].Uses {
			return top[i].Uses > top[j].Uses
		}
		return top[i].ArticleID < top[j].ArticleID
	})
	d.TopArticles = []ArticleUse{}
	for _, u := range top {
		if u.Uses > 0 && len(d.TopArticles) < 10 {
			u.Title = title(u.ArticleID)
			d.TopArticles = append(d.TopArticles, u)
		}
	}
	trouble := append([]ArticleUse{}, arts...)
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
			u.Title = title(u.ArticleID)
			d.TroubleArticles = append(d.TroubleArticles, u)
		}
	}
	if d.Sent > 0 {
		d.UnverifiedRate = float64(b.unverified) / float64(d.Sent)
	}
	return d
}

func groups(m map[string]*groupAcc) []GroupStats {
	out := make([]GroupStats, 0, len(m))
	for _, a := range m {
		g := a.GroupStats
		if g.Sets > 0 {
			g.AcceptanceRate = float64(g.Used+g.Edited) / float64(g.Sets)
		}
		g.MedianEditDistance = median(a.dists)
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

func median(xs []int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int{}, xs...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// Dashboard aggregates the suggestion sets matching f (paging ignored):
// supervisors only.
func (c *Core) Dashboard(ctx context.Context, f knowledge.ReviewFilter) (Dashboard, error) {
	if err := c.supervisor(); err != nil {
		return Dashboard{}, err
	}
	b := NewDashboardBuilder()
	if err := c.store.EachReviewRow(ctx, f, func(r knowledge.ReviewRow) error { b.Add(r); return nil }); err != nil {
		return Dashboard{}, err
	}
	titles := map[string]string{}
	return b.Build(func(id string) string { c.title(ctx, titles, id); return titles[id] }), nil
}
