package search

import (
	"slices"
	"sort"

	"concierge/knowledge"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

func statusesOf(f Filters) []string {
	if len(f.Statuses) == 0 {
		return []string{string(knowledge.StatusPublished)}
	}
	return f.Statuses
}

// compileFilter returns the in-memory form of f.
func compileFilter(f Filters) func(*artRec) bool {
	statuses := statusesOf(f)
	in := func(vals []string, v string) bool { return len(vals) == 0 || slices.Contains(vals, v) }
	return func(r *artRec) bool {
		if !in(statuses, r.Status) || !in(f.Departments, r.Department) ||
			!in(f.Languages, r.Language) || !in(f.Audiences, r.Audience) {
			return false
		}
		if len(f.Tags) == 0 {
			return true
		}
		for _, t := range r.Tags {
			if slices.Contains(f.Tags, t) {
				return true
			}
		}
		return false
	}
}

// filterQuery is the Bleve form of f: values of one field are ORed,
// fields are ANDed.
func filterQuery(f Filters) query.Query {
	var conj []query.Query
	field := func(name string, vals []string) {
		if len(vals) == 0 {
			return
		}
		var ors []query.Query
		for _, v := range vals {
			t := bleve.NewTermQuery(v)
			t.SetField(name)
			ors = append(ors, t)
		}
		conj = append(conj, bleve.NewDisjunctionQuery(ors...))
	}
	field(fStatus, statusesOf(f))
	field(fDept, f.Departments)
	field(fTag, f.Tags)
	field(fLang, f.Languages)
	field(fAud, f.Audiences)
	if len(conj) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(conj...)
}

// facets counts the fused (matching) articles by department, tag and
// language, most frequent first.
func facets(arts []*fusedArticle) Facets {
	d, t, l := map[string]int{}, map[string]int{}, map[string]int{}
	for _, a := range arts {
		if a.rec.Department != "" {
			d[a.rec.Department]++
		}
		for _, tag := range a.rec.Tags {
			t[tag]++
		}
		if a.rec.Language != "" {
			l[a.rec.Language]++
		}
	}
	return Facets{Departments: counts(d), Tags: counts(t), Languages: counts(l)}
}

func counts(m map[string]int) []FacetCount {
	out := make([]FacetCount, 0, len(m))
	for v, c := range m {
		out = append(out, FacetCount{Value: v, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}
