package app

import (
	"context"
	"time"

	"concierge/knowledge"
)

// StatusService feeds the status bar.
type StatusService struct{ app *App }

// State reports the knowledge base size and what the indexer is doing.
func (s *StatusService) State() (IndexState, error) {
	s.app.markInteractive()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	svc := s.app.svc
	c, err := svc.Store().Counts(ctx)
	if err != nil {
		return IndexState{}, err
	}
	st := svc.State()
	stats := svc.Engine().Stats()
	return IndexState{
		Articles: c.ByStatus[knowledge.StatusPublished],
		Total:    c.Articles,
		Passages: stats.Passages,
		Embedder: svc.EmbedderID(),
		State:    st.State,
		Message:  st.Message,
		Done:     st.Done,
		Of:       st.Of,
		DataDir:  svc.DataDir(),
	}, nil
}
