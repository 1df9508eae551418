package app

import "concierge/knowledge/core"

// AutosaveService keeps the editor's unsaved form per article and author,
// apart from the versions.
type AutosaveService struct{ app *App }

// Autosave keeps the form's state for id ("" for a new article).
func (s *AutosaveService) Autosave(id string, in core.ArticleInput) error {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Autosave(ctx, id, in)
}

// LoadAutosave returns the autosaved form for id, or null.
func (s *AutosaveService) LoadAutosave(id string) (*core.ArticleInput, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LoadAutosave(ctx, id)
}

// DiscardAutosave drops the autosaved form for id.
func (s *AutosaveService) DiscardAutosave(id string) error {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().DiscardAutosave(ctx, id)
}
