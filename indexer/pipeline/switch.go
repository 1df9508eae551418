package pipeline

import (
	"context"
	"fmt"
	"strings"

	"concierge/knowledge/config"
	"concierge/knowledge/embed"
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
	// Ask it once first, so that the message is the provider's own.
	if _, err := emb.Embed(ctx, []string{"Concierge embedder check"}); err != nil {
		return nil, notChanged{why: strings.TrimPrefix(err.Error(), embed.ErrUnavailable.Error()+": "), err: err}
	}
	if err := s.engine.SetEmbedder(ctx, emb); err != nil {
		return nil, fmt.Errorf("the embedder was not changed: %w", err)
	}
	if _, err := s.SaveConfig(func(cfg *config.Config) { cfg.Embedding = c }); err != nil {
		return nil, err
	}
	s.bootMu.Lock()
	s.fallback = ""
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

// notChanged reads "the embedder was not changed: <the provider's reason>"
// and still matches the provider's error with errors.Is.
type notChanged struct {
	why string
	err error
}

func (e notChanged) Error() string { return "the embedder was not changed: " + e.why }
func (e notChanged) Unwrap() error { return e.err }
