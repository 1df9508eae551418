package analysis

import (
	"fmt"
	"sync"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/registry"
)

// Registered analyzer names. None of them removes stop words: on the English
// dev set stop-word removal cost about 0.13 nDCG@10, and BM25's IDF already
// gives frequent words little weight.
const (
	// English: mixed tokenizer, NFKC, possessive strip, lower case.
	English = "concierge_en"
	// EnglishStem: English plus Porter stemming (indexed as a second field).
	EnglishStem = "concierge_en_stem"
	// Russian: mixed tokenizer, NFKC, lower case, Snowball Russian stemmer.
	Russian = "concierge_ru"
	// RussianPlain: Russian without stemming (used for prefix and fuzzy queries).
	RussianPlain = "concierge_ru_plain"
	// Thai: mixed tokenizer (Thai bigrams, other scripts by word), lower case.
	Thai = "concierge_th"
	// Generic: any other language; mixed tokenizer, NFKC, lower case.
	Generic = "concierge_std"
)

// Analyzer names are global in Bleve's registry; they are registered once
// when this package is loaded, as Bleve's own language packages do.
func init() {
	must(registry.RegisterTokenizer(TokenizerName, mixedTokenizerConstructor))
	must(registry.RegisterAnalyzer(English, chain(en.PossessiveName, lowerFilter)))
	must(registry.RegisterAnalyzer(EnglishStem, chain(en.PossessiveName, lowerFilter, porter.Name)))
	must(registry.RegisterAnalyzer(Russian, chain(lowerFilter, ru.SnowballStemmerName)))
	must(registry.RegisterAnalyzer(RussianPlain, chain(lowerFilter)))
	must(registry.RegisterAnalyzer(Thai, chain(lowerFilter)))
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
		tok, err := cache.TokenizerNamed(TokenizerName)
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
// ("en", "ru", "th"; anything else gets Generic).
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
