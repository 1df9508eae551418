package search

import (
	"sync"

	"concierge/knowledge/analysis"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
)

// Stop words are indexed and matched: in FAQs questions meet questions,
// and "how long" or "can I" in a query matched against an article's title
// (a question, a task) carry meaning. In running text they do not: an
// article body holds "my", "have" and "don't" whatever it is about, and in
// a small knowledge base they are rare enough (high IDF) that several of
// them outweigh the query's content words, so an article that matches
// only the function words of "my record lists an allergy I don't have"
// ranks above the one about record amendments.
//
// So, when a query also has a content word, a stop word's matches in the
// body count with BM25F field weight stopWordBodyWeight instead of 1; its
// matches in the title keep the title weight. A query made only of stop
// words is matched against titles only, and against bodies only when no
// title holds any of them (openCursors).
//
// The lists are the Snowball English and Russian stop lists that ship with
// Bleve (analysis/lang/en, analysis/lang/ru), passed through each language
// group's analyzer so that they meet query terms in their analysed form.
// Thai is indexed as character bigrams and trigrams and has no list: Thai terms keep
// full weight (Latin words in Thai text meet the English list).
//
// stopWordBodyWeight: of the two values measured on the whole retrieval
// suite, 0 (stop words count in titles only) and 0.3, 0.3 is better on four
// collections of five and keeps each one at or above its textbook
// reference (README, Search); 0.5 or more no longer ranks the amendment
// article in the sample knowledge base's top 3.
const stopWordBodyWeight = 0.3

var stopStems = struct {
	sync.Mutex
	byAnalyzer map[string]map[string]bool
}{byAnalyzer: map[string]map[string]bool{}}

// stopTerms returns the analysed forms of the stop words for an analyzer.
func stopTerms(analyzer string) map[string]bool {
	stopStems.Lock()
	defer stopStems.Unlock()
	if s, ok := stopStems.byAnalyzer[analyzer]; ok {
		return s
	}
	s := map[string]bool{}
	for _, list := range [][]byte{en.EnglishStopWords, ru.RussianStopWords} {
		tm := blevean.NewTokenMap()
		if err := tm.LoadBytes(list); err != nil {
			continue
		}
		for w := range tm {
			terms, err := analysis.Terms(analyzer, w)
			if err != nil || len(terms) != 1 {
				continue
			}
			s[terms[0]] = true
		}
	}
	stopStems.byAnalyzer[analyzer] = s
	return s
}
