package search_test

import (
	"concierge/knowledge"
	"concierge/knowledge/search/internal/synth"
)

// The benchmarks' knowledge base is package synth's, shared with the scale
// benchmark (knowledge/search/internal/scalebench).
func synthArticles(n int) []knowledge.Article { return synth.Articles(n) }

func synthQueries(n int) []string { return synth.Queries(n) }
