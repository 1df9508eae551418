package app

import "concierge/knowledge/core"

// SearchService answers the search box.
type SearchService struct{ app *App }

// Search runs a hybrid query (published articles only unless statuses are
// given) and logs it for gap reports.
func (s *SearchService) Search(req core.SearchRequest) (core.SearchResponse, error) {
	ctx, cancel := s.app.call(searchCall)
	defer cancel()
	return s.app.cur().Search(ctx, req, core.SourceApp)
}

// RecordOpen records that the agent opened articleID from the results of
// query: evidence that boosts the article for like queries once enough
// agents agree (see core.RecordOpen).
func (s *SearchService) RecordOpen(query, articleID string) error {
	ctx, cancel := s.app.call(searchCall)
	defer cancel()
	return s.app.cur().RecordOpen(ctx, query, articleID)
}

// Learned lists what search learned from use, strongest first (editors and
// supervisors).
func (s *SearchService) Learned() ([]core.LearnedBoost, error) {
	ctx, cancel := s.app.call(searchCall)
	defer cancel()
	return s.app.cur().LearnedBoosts(ctx)
}

// ResetLearned forgets what was learned for the articles (none: all)
// (editors).
func (s *SearchService) ResetLearned(articleIDs []string) error {
	ctx, cancel := s.app.call(searchCall)
	defer cancel()
	return s.app.cur().ResetLearned(ctx, articleIDs)
}
