package pipeline

import (
	"context"
	"fmt"

	"concierge/knowledge/config"
)

// SwitchEmbedder makes c the embedder while Concierge runs: it checks that
// the new embedder answers (an error leaves everything as it was), switches
// the search engine to it, saves the setting, and re-embeds every passage in
// the background with progress (phase "reembed"); BM25 keeps answering
// meanwhile. The returned channel is closed when re-embedding has finished.
func (s *Service) SwitchEmbedder(ctx context.Context, c config.Embedding) (<-chan struct{}, error) {
	emb, err := NewEmbedder(c)
	if err != nil {
		return nil, err
	}
	if err := s.engine.SetEmbedder(ctx, emb); err != nil {
		return nil, fmt.Errorf("%s did not answer, so the embedder was not changed: %w", emb.ID(), err)
	}
	if _, err := s.SaveConfig(func(cfg *config.Config) { cfg.Embedding = c }); err != nil {
		return nil, err
	}
	s.bootMu.Lock()
	s.embedder, s.fallback = emb, ""
	s.bootMu.Unlock()
	done := make(chan struct{})
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer close(done)
		_, err := s.reconcile(s.bgCtx, PhaseReembed, "Re-embedding with "+emb.ID()+"…", "Re-embedding %d of %d articles")
		if err != nil {
			s.track.set(State{State: "error", Message: err.Error()})
			return
		}
		s.track.set(State{State: "ready", Message: s.readyMessage()})
	}()
	return done, nil
}
