package app

import "concierge/knowledge/core"

// SearchService answers the search box.
type SearchService struct{ app *App }

// Search runs a hybrid query (published articles only unless statuses are
// given) and logs it for gap reports.
func (s *SearchService) Search(req core.SearchRequest) (core.SearchResponse, error) {
	ctx, cancel := s.app.call(searchCall)
	defer cancel()
	return s.app.core.Search(ctx, req, core.SourceApp)
}
