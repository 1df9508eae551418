package app

import (
	"concierge/knowledge"
	"concierge/knowledge/core"
)

// AttentionService lists what needs an editor's attention: reviews due,
// articles agents flagged, searches that find nothing, near-duplicates.
type AttentionService struct{ app *App }

// Stale lists articles whose review-by date has passed or falls within
// withinDays days, most overdue first.
func (s *AttentionService) Stale(withinDays int) ([]core.ArticleSummary, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Stale(ctx, withinDays)
}

// Flagged lists articles agents rated outdated or wrong, with comments.
func (s *AttentionService) Flagged() ([]knowledge.FlaggedArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Flagged(ctx)
}

// Gaps clusters the searches of the last `days` days (0: all) that find
// nothing useful.
func (s *AttentionService) Gaps(days int) ([]core.GapCluster, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().Gaps(ctx, days)
}

// Duplicates lists pairs of articles at least threshold similar (0: 0.85).
func (s *AttentionService) Duplicates(threshold float64) ([]core.DuplicatePair, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().Duplicates(ctx, threshold)
}

// Suspicious lists articles whose text reads as instructions to an AI or
// hides characters from readers, with what was found.
func (s *AttentionService) Suspicious() ([]core.SuspiciousArticle, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().Suspicious(ctx)
}
