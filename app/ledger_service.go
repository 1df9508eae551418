package app

import "concierge/knowledge"

// LedgerService lets supervisors review which suggestions were shown, used,
// edited or discarded, and from which articles.
type LedgerService struct{ app *App }

// Sets lists suggestion sets, newest first.
func (s *LedgerService) Sets(f knowledge.LedgerFilter) ([]knowledge.LedgerEntry, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LedgerSets(ctx, f)
}

// Events lists what happened to one set.
func (s *LedgerService) Events(setID string) ([]knowledge.LedgerEvent, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LedgerEvents(ctx, setID)
}

// Summary counts outcomes per article over the last days (0: all time).
func (s *LedgerService) Summary(days int) ([]knowledge.ArticleSuggestionStats, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LedgerSummary(ctx, days)
}
