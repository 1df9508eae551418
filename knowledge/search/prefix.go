package search

import (
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// maxPrefixTerms bounds how many dictionary terms the unfinished word of
// an as-you-type query expands to: the most frequent ones (document
// frequency, ties by term). A two- or three-letter prefix ("co", "pay")
// otherwise expands to hundreds of terms at 10k articles, and iterating
// all their postings through one disjunction was most of an as-you-type
// query's CPU time; the rare completions it drops are the least likely to
// be the word being typed, and the next keystroke narrows the prefix
// anyway. 32 was set a priori (the retrieval suite has no as-you-type
// queries, so it cannot choose it); it was not tuned on any query set.
const maxPrefixTerms = 32

// prefixQuery matches the terms of field that start with prefix, as
// bleve.NewPrefixQuery does, but over at most maxPrefixTerms of them.
// Bleve scores a prefix query as a disjunction of its terms scaled by the
// share of them a passage matches (coord k/n); the kept terms' boost is
// scaled by kept/n so that a passage matching only kept terms scores
// exactly as it did with the full expansion. When no term has the prefix
// it matches nothing (and still counts as a clause, as Bleve's did).
// Without a reader it falls back to Bleve's unbounded prefix query.
func prefixQuery(r index.IndexReader, field, prefix string, boost float64) query.Query {
	if r == nil {
		p := bleve.NewPrefixQuery(prefix)
		p.SetField(field)
		p.SetBoost(boost)
		return p
	}
	d, err := r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		p := bleve.NewPrefixQuery(prefix)
		p.SetField(field)
		p.SetBoost(boost)
		return p
	}
	defer d.Close()
	type tc struct {
		term  string
		count uint64
	}
	var all []tc
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			break
		}
		all = append(all, tc{e.Term, e.Count})
	}
	if len(all) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	n := len(all)
	if n > maxPrefixTerms {
		sort.Slice(all, func(i, j int) bool {
			if all[i].count != all[j].count {
				return all[i].count > all[j].count
			}
			return all[i].term < all[j].term
		})
		all = all[:maxPrefixTerms]
	}
	scale := boost * float64(len(all)) / float64(n)
	qs := make([]query.Query, 0, len(all))
	for _, t := range all {
		tq := bleve.NewTermQuery(t.term)
		tq.SetField(field)
		tq.SetBoost(scale)
		qs = append(qs, tq)
	}
	return bleve.NewDisjunctionQuery(qs...)
}
