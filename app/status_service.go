package app

import "concierge/knowledge/core"

// StatusService feeds the status bar.
type StatusService struct{ app *App }

// State reports the knowledge base size and what the indexer is doing.
// While the knowledge base is still opening (OpenInBackground) it answers
// at once that it is opening, so the window is usable meanwhile (a search
// waits for the open, then answers); index:state follows once it is open.
func (s *StatusService) State() (core.IndexState, error) {
	if s.app.stillOpening() {
		s.app.markInteractive()
		return core.IndexState{State: core.StateStarting, Message: openingMessage}, nil
	}
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	st, err := s.app.cur().Stats(ctx)
	// Interactive: the window's first answer.
	s.app.markInteractive()
	return st, err
}

// openingMessage is the status while the knowledge base opens.
const openingMessage = "Opening the knowledge base…"

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
