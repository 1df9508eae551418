package analysis

import (
	"bytes"
	"unicode/utf8"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// lowerFilter is the registered name of LowerFilter.
const lowerFilter = "concierge_lower"

// LowerFilter lower-cases each token like bytes.ToLower. It replaces
// Bleve's lowercase filter, which corrupts a token when a rune's lower case
// is shorter in UTF-8 than the rune: "İstanbul" became "i\xb0stanbu"
// (found by FuzzTokenize).
type LowerFilter struct{}

// Filter implements bleve's analysis.TokenFilter.
func (LowerFilter) Filter(input blevean.TokenStream) blevean.TokenStream {
	for _, tok := range input {
		tok.Term = lower(tok.Term)
	}
	return input
}

// lower lower-cases ASCII in place and defers anything else to
// bytes.ToLower.
func lower(b []byte) []byte {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return bytes.ToLower(b)
		}
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

func init() {
	must(registry.RegisterTokenFilter(lowerFilter, func(map[string]interface{}, *registry.Cache) (blevean.TokenFilter, error) {
		return LowerFilter{}, nil
	}))
}
