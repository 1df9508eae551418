package knowledge

import (
	"sort"
)

// ReviewCount is n suggestion sets sharing a key, an outcome and (for sent
// ones: used, edited) an edit distance; for the other outcomes
// EditDistance is 0.
type ReviewCount struct {
	Key          string  `json:"key"`
	Outcome      Outcome `json:"outcome"`
	EditDistance int     `json:"editDistance"`
	N            int     `json:"n"`
}

// ArticleCount is, for one article, the sets naming it (ReviewRow.Articles)
// that were sent, discarded, or sent after a heavy edit.
type ArticleCount struct {
	ArticleID  string `json:"articleId"`
	Uses       int    `json:"uses"`
	Discards   int    `json:"discards"`
	HeavyEdits int    `json:"heavyEdits"`
}

// ReviewAggregates are the counts a dashboard is built from, computed by
// the store (in SQL) over the review rows matching a filter. Every list is
// sorted (see Sorted) so that two computations compare equal.
type ReviewAggregates struct {
	Days           []ReviewCount  `json:"days"`        // Key: the set's day, YYYY-MM-DD (UTC); EditDistance 0
	Agents         []ReviewCount  `json:"agents"`      // Key: agent
	Departments    []ReviewCount  `json:"departments"` // Key: department ("" when unknown)
	Articles       []ArticleCount `json:"articles"`
	SentUnverified int            `json:"sentUnverified"` // sent sets whose option had unverified citations
}

func sent(o Outcome) bool { return o == OutcomeUsed || o == OutcomeEdited }

// AggregateRows computes the aggregates of rows in Go: the reference the
// stores' SQL must match.
func AggregateRows(rows []ReviewRow) ReviewAggregates {
	type ck struct {
		key  string
		o    Outcome
		dist int
	}
	days, agents, depts := map[ck]int{}, map[ck]int{}, map[ck]int{}
	arts := map[string]*ArticleCount{}
	var a ReviewAggregates
	for _, r := range rows {
		d := 0
		if sent(r.Outcome) {
			d = r.EditDistance
			if r.Unverified {
				a.SentUnverified++
			}
		}
		days[ck{r.At.UTC().Format("2006-01-02"), r.Outcome, 0}]++
		agents[ck{r.Agent, r.Outcome, d}]++
		depts[ck{r.Department, r.Outcome, d}]++
		for _, id := range r.Articles {
			c := arts[id]
			if c == nil {
				c = &ArticleCount{ArticleID: id}
				arts[id] = c
			}
			if sent(r.Outcome) {
				c.Uses++
			}
			if r.Outcome == OutcomeDiscarded {
				c.Discards++
			}
			if r.Outcome == OutcomeEdited && r.Heavy {
				c.HeavyEdits++
			}
		}
	}
	list := func(m map[ck]int) []ReviewCount {
		out := []ReviewCount{}
		for k, n := range m {
			out = append(out, ReviewCount{Key: k.key, Outcome: k.o, EditDistance: k.dist, N: n})
		}
		return out
	}
	a.Days, a.Agents, a.Departments = list(days), list(agents), list(depts)
	a.Articles = []ArticleCount{}
	for _, c := range arts {
		a.Articles = append(a.Articles, *c)
	}
	return a.Sorted()
}

// Sorted returns a with every list in a fixed order.
func (a ReviewAggregates) Sorted() ReviewAggregates {
	for _, l := range [][]ReviewCount{a.Days, a.Agents, a.Departments} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].Key != l[j].Key {
				return l[i].Key < l[j].Key
			}
			if l[i].Outcome != l[j].Outcome {
				return l[i].Outcome < l[j].Outcome
			}
			return l[i].EditDistance < l[j].EditDistance
		})
	}
	sort.Slice(a.Articles, func(i, j int) bool { return a.Articles[i].ArticleID < a.Articles[j].ArticleID })
	if a.Days == nil {
		a.Days = []ReviewCount{}
	}
	if a.Agents == nil {
		a.Agents = []ReviewCount{}
	}
	if a.Departments == nil {
		a.Departments = []ReviewCount{}
	}
	if a.Articles == nil {
		a.Articles = []ArticleCount{}
	}
	return a
}

// CountTally adds up grouped counts into ReviewAggregates; stores feed it
// the groups of one (agent, department, day, outcome, edit distance) query.
type CountTally struct {
	agents, depts, days map[ReviewCount]int
	unverified          int
}

// Add counts n sets of agent, department and day with outcome o and (for
// sent outcomes) edit distance d, unverified of which were sent with
// unverified citations.
func (t *CountTally) Add(agent, dept, day string, o Outcome, d, n, unverified int) {
	if t.agents == nil {
		t.agents, t.depts, t.days = map[ReviewCount]int{}, map[ReviewCount]int{}, map[ReviewCount]int{}
	}
	t.agents[ReviewCount{Key: agent, Outcome: o, EditDistance: d}] += n
	t.depts[ReviewCount{Key: dept, Outcome: o, EditDistance: d}] += n
	t.days[ReviewCount{Key: day, Outcome: o}] += n
	t.unverified += unverified
}

// Aggregates returns the tallied counts (Articles left empty).
func (t *CountTally) Aggregates() ReviewAggregates {
	list := func(m map[ReviewCount]int) []ReviewCount {
		out := make([]ReviewCount, 0, len(m))
		for k, n := range m {
			k.N = n
			out = append(out, k)
		}
		return out
	}
	return ReviewAggregates{Agents: list(t.agents), Departments: list(t.depts), Days: list(t.days), SentUnverified: t.unverified}
}
