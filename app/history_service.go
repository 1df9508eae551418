package app

import "concierge/knowledge/core"

// HistoryService shows an article's versions, compares them and restores
// an old one.
type HistoryService struct{ app *App }

// Versions lists the article's history, newest first.
func (s *HistoryService) Versions(id string) ([]core.VersionInfo, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Versions(ctx, id)
}

// Diff compares two versions (0: the current one).
func (s *HistoryService) Diff(id string, fromVersion, toVersion int) ([]core.DiffLine, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Diff(ctx, id, fromVersion, toVersion)
}

// Restore writes a new version with the content of `version`.
func (s *HistoryService) Restore(id string, version, expectedVersion int) (core.EditableArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Restore(ctx, id, version, expectedVersion)
}
