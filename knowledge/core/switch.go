package core

import (
	"context"
	"fmt"
	"strings"

	"concierge/knowledge/config"
	"concierge/knowledge/embed"
)

// SwitchEmbedder makes e the embedder while Concierge runs: it checks that
// the new embedder answers (an error leaves everything as it was), switches
// the search engine to it, saves the setting, and re-embeds every passage in
// the background with progress (phase "reembed"); BM25 keeps answering
// meanwhile. The returned channel is closed when re-embedding has finished.
func (c *Core) SwitchEmbedder(ctx context.Context, e config.Embedding) (<-chan struct{}, error) {
	emb, err := newEmbedder(e, c.keychain)
	if err != nil {
		return nil, err
	}
	// Ask it once first, so that the message is the provider's own.
	if _, err := emb.Embed(ctx, []string{"Concierge embedder check"}); err != nil {
		return nil, notChanged{why: strings.TrimPrefix(err.Error(), embed.ErrUnavailable.Error()+": "), err: err}
	}
	if err := c.eng().SetEmbedder(ctx, emb); err != nil {
		return nil, fmt.Errorf("the embedder was not changed: %w", err)
	}
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.Embedding = e }); err != nil {
		return nil, err
	}
	c.bootMu.Lock()
	c.fallback = ""
	c.bootMu.Unlock()
	done := make(chan struct{})
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		defer close(done)
		_, err := c.reconcile(c.bgCtx, PhaseReembed, "Re-embedding with "+emb.ID()+"…", "Re-embedding %d of %d articles")
		if err != nil {
			c.track.set(State{State: StateError, Message: err.Error()})
			return
		}
		c.track.set(State{State: StateReady, Message: c.readyMessage()})
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
