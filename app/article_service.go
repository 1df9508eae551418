package app

import "concierge/knowledge/core"

// ArticleService reads articles for the reading pane.
type ArticleService struct{ app *App }

// Get returns the article rendered to sanitised HTML.
func (s *ArticleService) Get(id string) (core.ArticleView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Article(ctx, id)
}

// GetVersion returns the article as it was at version v (a citation opens
// the exact version it quoted, even after the article changed).
func (s *ArticleService) GetVersion(id string, v int) (core.ArticleView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ArticleAt(ctx, id, v)
}

// Passage returns one passage of an article version, to highlight a citation.
func (s *ArticleService) Passage(passageID string, v int) (core.PassageView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().PassageAt(ctx, passageID, v)
}

// Departments counts published articles per department, largest first.
func (s *ArticleService) Departments() ([]core.FacetCount, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Departments(ctx)
}
