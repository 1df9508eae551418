package app

import "concierge/knowledge/core"

// StatusService feeds the status bar.
type StatusService struct{ app *App }

// State reports the knowledge base size and what the indexer is doing.
func (s *StatusService) State() (core.IndexState, error) {
	s.app.markInteractive()
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.core.Stats(ctx)
}
