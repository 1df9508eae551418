package app

import "concierge/knowledge/core"

// StatusService feeds the status bar.
type StatusService struct{ app *App }

// State reports the knowledge base size and what the indexer is doing.
func (s *StatusService) State() (core.IndexState, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	st, err := s.app.cur().Stats(ctx)
	// Interactive: the first answer, which waits for the knowledge base
	// to open (OpenInBackground).
	s.app.markInteractive()
	return st, err
}

// Progress returns the latest background progress (the last index:progress
// payload), so a window that opens mid-import can show the bar at once.
func (s *StatusService) Progress() (Progress, error) {
	s.app.mu.RLock()
	defer s.app.mu.RUnlock()
	return s.app.lastProgress, nil
}

// LastChanges returns the latest kb:changed, requests:changed and
// ledger:changed payloads (empty kinds when nothing changed yet).
func (s *StatusService) LastChanges() (LastChanges, error) {
	s.app.mu.RLock()
	defer s.app.mu.RUnlock()
	return s.app.lastChanges, nil
}
