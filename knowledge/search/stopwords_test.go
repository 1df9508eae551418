package search

import (
	"slices"
	"testing"

	"concierge/knowledge/analysis"
)

func TestQueryStopTermsDropped(t *testing.T) {
	terms, _ := analysis.Terms(analysis.English, "my record lists an allergy I don't have")
	if got := dropStopTerms("en", terms); slices.Contains(got, "my") || slices.Contains(got, "have") || !slices.Contains(got, "record") || len(got) != 3 {
		t.Errorf("en: %v → %v", terms, got)
	}
	only, _ := analysis.Terms(analysis.English, "how do I")
	if got := dropStopTerms("en", only); !slices.Equal(got, only) {
		t.Errorf("a query of stop words only lost them: %v", got)
	}
	ru, _ := analysis.Terms(analysis.Russian, "как мне вернуть деньги")
	if got := dropStopTerms("ru", ru); len(got) != 2 {
		t.Errorf("ru: %v → %v", ru, got)
	}
	th, _ := analysis.Terms(analysis.Thai, "คืนเงิน")
	if got := dropStopTerms("th", th); !slices.Equal(got, th) {
		t.Errorf("th changed: %v", got)
	}
}
