package search

import (
	"strings"
	"sync"

	"concierge/knowledge/analysis"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
)

// Query-side stop words. Passages keep every word in the index (phrases
// and as-you-type prefixes need them), but a query's function words
// ("my", "I", "don't", "have") are dropped from its BM25 terms when it has
// any other word: they carry little evidence and, matched in passages
// that merely talk in the first person, outrank the passage about the
// query's subject. The lists are Bleve's public Snowball lists for English
// and Russian, analysed with the group's own analyzer so they compare with
// query terms; Thai and other groups keep every term.
var (
	stopOnce  sync.Once
	stopTerms map[string]map[string]bool // group suffix → analysed stop terms
)

func groupStopTerms(suffix string) map[string]bool {
	stopOnce.Do(func() {
		stopTerms = map[string]map[string]bool{}
		for _, g := range langGroups {
			var list []byte
			switch g.suffix {
			case "en":
				list = en.EnglishStopWords
			case "ru":
				list = ru.RussianStopWords
			default:
				continue
			}
			set := map[string]bool{}
			for _, line := range strings.Split(string(list), "\n") {
				w, _, _ := strings.Cut(line, "|")
				for _, f := range strings.Fields(w) {
					ts, err := analysis.Terms(g.analyzer, f)
					if err == nil {
						for _, t := range ts {
							set[t] = true
						}
					}
				}
			}
			stopTerms[g.suffix] = set
		}
	})
	return stopTerms[suffix]
}

// dropStopTerms removes the group's stop terms from terms unless nothing
// else would be left.
func dropStopTerms(suffix string, terms []string) []string {
	stop := groupStopTerms(suffix)
	if len(stop) == 0 {
		return terms
	}
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		if !stop[t] {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return terms
	}
	return out
}
