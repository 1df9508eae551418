package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// Rebuild throws the search indexes away and builds them again from the
// store, reporting progress like Bootstrap. It returns the number of
// articles indexed. Searches must not run concurrently (the CLI's reindex).
func (s *Service) Rebuild(ctx context.Context) (int, error) {
	dir := filepath.Join(s.dataDir, "index")
	if err := s.engine.Close(); err != nil {
		return 0, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return 0, fmt.Errorf("remove the old index %s: %w", dir, err)
	}
	eng, err := openEngine(ctx, dir, s.engine.Embedder(), s.Config(), s.log)
	if err != nil {
		return 0, err
	}
	s.engine = eng
	rep, err := s.Reconcile(ctx)
	if err != nil {
		return 0, err
	}
	s.track.set(State{State: "ready", Message: s.readyMessage()})
	return rep.Reindexed, nil
}
