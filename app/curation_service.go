package app

import "concierge/knowledge/core"

// Curation lists the articles suggestions were discarded against or heavily
// edited against core.CurationThreshold times or more in the last
// windowDays days (0: 30), with the diffs and discard reasons.
func (s *AttentionService) Curation(windowDays int) ([]core.CurationItem, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().CurationItems(ctx, windowDays)
}

// ResolveCuration closes an article's curation item, recording the editor's
// note and the versions saved since the suggestions cited it.
func (s *AttentionService) ResolveCuration(articleID, note string, windowDays int) (core.CurationResolution, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().ResolveCuration(ctx, articleID, note, windowDays)
}
