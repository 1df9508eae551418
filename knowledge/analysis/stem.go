package analysis

import (
	"unicode"
	"unicode/utf8"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// scriptStemFilterName is the registered name of the script-aware stemmer.
const scriptStemFilterName = "concierge_script_stem"

// ScriptStemFilter stems every token by its own script, whatever the
// article's language: Cyrillic words with the Snowball Russian stemmer,
// Latin words with the Snowball English (Porter2) stemmer, anything else
// (Thai bigrams, digits, other scripts) unchanged. A Russian article that
// quotes English product names, or an English one with Russian terms, is
// therefore matched by stem on both kinds of word.
type ScriptStemFilter struct{}

// Filter implements bleve's analysis.TokenFilter.
func (ScriptStemFilter) Filter(in blevean.TokenStream) blevean.TokenStream {
	for _, t := range in {
		r, _ := utf8.DecodeRune(t.Term)
		if !(unicode.Is(unicode.Cyrillic, r) || r < 0x250 && unicode.IsLetter(r)) {
			continue
		}
		if s, ok := stems.lookup(t.Term); ok {
			if s != string(t.Term) {
				t.Term = []byte(s)
			}
			continue
		}
		if s := stems.stem(string(t.Term), stemUncached); s != string(t.Term) {
			t.Term = []byte(s)
		}
	}
	return in
}

// StemWord stems a lower-case word by its script (see ScriptStemFilter).
func StemWord(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r), r < 0x250 && unicode.IsLetter(r):
		return stems.stem(w, stemUncached)
	}
	return w
}

// stems is the process's stem cache (stemcache.go): stemming is a pure
// function of the word, so one cache serves every analyzer and query.
var stems stemCache

func stemUncached(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		return russian.Stem(w, false)
	case r < 0x250 && unicode.IsLetter(r):
		return english.Stem(w, false)
	}
	return w
}

func init() {
	must(registry.RegisterTokenFilter(scriptStemFilterName, func(map[string]interface{}, *registry.Cache) (blevean.TokenFilter, error) {
		return ScriptStemFilter{}, nil
	}))
}
