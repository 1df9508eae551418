package app

import (
	"time"

	"concierge/knowledge"
)

// LedgerService lets supervisors review which suggestions were shown, used,
// edited or discarded, and from which articles.
type LedgerService struct{ app *App }

// Sets lists suggestion sets, newest first.
func (s *LedgerService) Sets(f knowledge.LedgerFilter) ([]knowledge.LedgerEntry, error) {
	ctx, cancel := ctx5()
	defer cancel()
	out, err := s.app.svc.Ledger().ListSets(ctx, f)
	if out == nil {
		out = []knowledge.LedgerEntry{}
	}
	return out, err
}

// Events lists what happened to one set.
func (s *LedgerService) Events(setID string) ([]knowledge.LedgerEvent, error) {
	ctx, cancel := ctx5()
	defer cancel()
	out, err := s.app.svc.Ledger().Events(ctx, setID)
	if out == nil {
		out = []knowledge.LedgerEvent{}
	}
	return out, err
}

// Summary counts outcomes per article over the last days (0: all time).
func (s *LedgerService) Summary(days int) ([]knowledge.ArticleSuggestionStats, error) {
	ctx, cancel := ctx5()
	defer cancel()
	var since time.Time
	if days > 0 {
		since = time.Now().AddDate(0, 0, -days)
	}
	out, err := s.app.svc.Ledger().SuggestionSummary(ctx, since, time.Time{})
	if out == nil {
		out = []knowledge.ArticleSuggestionStats{}
	}
	return out, err
}
