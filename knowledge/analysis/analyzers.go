package analysis

import (
	"fmt"
	"sync"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registered analyzer names; all share the index tokenizer
// (GramTokenizerName). The names are part of every index's stored Bleve
// mapping: change them (the digit) whenever what an analyzer emits
// changes, so that an index built with the former analysis no longer
// validates at open and is rebuilt by itself (search.Open moves it aside,
// Reconcile refills it). Version 3: Thai bigrams and trigrams.
//
// None of them removes stop words: BM25's IDF
// gives frequent words little weight, and on FAQ-style collections, where
// questions meet questions, function words ("how long", "can I") carry
// meaning.
const (
	// English: mixed tokenizer, NFKC, possessive strip, lower case, and
	// stemming by script (Snowball English for Latin words, Snowball
	// Russian for Cyrillic ones; see ScriptStemFilter).
	English = "concierge_en3"
	// EnglishStem is English (kept for callers of the former name).
	EnglishStem = English
	// EnglishPlain: English without stemming (as-you-type prefixes).
	EnglishPlain = "concierge_en_plain3"
	// Russian: mixed tokenizer, NFKC, lower case, stemming by script.
	Russian = "concierge_ru3"
	// RussianPlain: Russian without stemming (used for prefix and fuzzy queries).
	RussianPlain = "concierge_ru_plain3"
	// Thai: mixed tokenizer (Thai bigrams, other scripts by word), lower
	// case, and stemming by script for the Latin and Cyrillic words in it.
	Thai = "concierge_th3"
	// Generic: any other language; mixed tokenizer, NFKC, lower case.
	Generic = "concierge_std3"
)

// Analyzer names are global in Bleve's registry; they are registered once
// when this package is loaded, as Bleve's own language packages do.
func init() {
	must(registry.RegisterTokenizer(TokenizerName, mixedTokenizerConstructor))
	must(registry.RegisterAnalyzer(English, chain(en.PossessiveName, lowerFilter, scriptStemFilterName)))
	must(registry.RegisterAnalyzer(EnglishPlain, chain(en.PossessiveName, lowerFilter)))
	must(registry.RegisterAnalyzer(Russian, chain(lowerFilter, scriptStemFilterName)))
	must(registry.RegisterAnalyzer(RussianPlain, chain(lowerFilter)))
	must(registry.RegisterAnalyzer(Thai, chain(lowerFilter, scriptStemFilterName)))
	must(registry.RegisterAnalyzer(Generic, chain(lowerFilter)))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

const nfkcFilter = "concierge_nfkc"

func init() {
	must(registry.RegisterTokenFilter(nfkcFilter, func(map[string]interface{}, *registry.Cache) (blevean.TokenFilter, error) {
		return unicodenorm.MustNewUnicodeNormalizeFilter(unicodenorm.NFKC), nil
	}))
}

func chain(filters ...string) registry.AnalyzerConstructor {
	return func(_ map[string]interface{}, cache *registry.Cache) (blevean.Analyzer, error) {
		tok, err := cache.TokenizerNamed(GramTokenizerName)
		if err != nil {
			return nil, err
		}
		a := &blevean.DefaultAnalyzer{Tokenizer: tok}
		for _, name := range append([]string{nfkcFilter}, filters...) {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, fmt.Errorf("analysis: token filter %q: %w", name, err)
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	}
}

var (
	cacheMu sync.Mutex
	cache   = registry.NewCache()
)

// Get returns the named analyzer (a registered Concierge or Bleve analyzer).
func Get(name string) (blevean.Analyzer, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	a, err := cache.AnalyzerNamed(name)
	if err != nil {
		return nil, fmt.Errorf("analysis: analyzer %q: %w", name, err)
	}
	return a, nil
}

// Terms runs the named analyzer over text and returns the terms in order.
func Terms(name, text string) ([]string, error) {
	a, err := Get(name)
	if err != nil {
		return nil, err
	}
	ts := a.Analyze([]byte(text))
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term)
	}
	return out, nil
}

// ForLanguage returns the analyzer for an article language code
// ("en", "ru", "th"; "" is taken as English; anything else gets Generic).
// Use Detect for text whose language is not declared.
func ForLanguage(lang string) string {
	switch lang {
	case "en", "":
		return English
	case "ru":
		return Russian
	case "th":
		return Thai
	}
	return Generic
}
