package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"concierge/knowledge/config"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
)

// indexDir holds Bleve and chromem-go inside the data directory.
const indexDir = "index"

// EnvEmbedAPIKey supplies the embedding API key for headless use.
const EnvEmbedAPIKey = "CONCIERGE_EMBED_API_KEY"

// embedKeychainAccount is the OS keychain account holding the embedding key.
const embedKeychainAccount = "embedding"

// newEmbedder builds the embedder chosen in the settings.
func newEmbedder(c config.Embedding, kc secrets.Keychain) (embed.Embedder, error) {
	cfg := embed.Config{Provider: c.Provider, BaseURL: c.BaseURL, Model: c.Model, Builtin: embed.NewBuiltin()}
	if c.Provider == "openai" {
		// No key (or no keychain on this machine) is fine for local
		// OpenAI-compatible servers; a server that needs one answers 401,
		// which the embedder reports as "the API key was refused".
		key, _ := secrets.Lookup(kc, embedKeychainAccount, EnvEmbedAPIKey)
		cfg.APIKey = key
	}
	return embed.New(cfg)
}

// openEngineFallback opens the indexes with emb; when emb is the configured
// remote embedder and does not answer, Concierge still starts, on the
// built-in embedder, and says why (the configured one is tried again at the
// next start).
func openEngineFallback(ctx context.Context, dir string, emb embed.Embedder, configured bool, cfg config.Config, after <-chan struct{}, log *slog.Logger) (*search.Engine, string, error) {
	eng, err := openEngine(ctx, dir, emb, cfg, after, log)
	if errors.Is(err, search.ErrEmbedder) && configured && emb.ID() != embed.BuiltinID {
		fallback := fmt.Sprintf("%s is unavailable (%v); searching with the built-in embedder for now", emb.ID(), err)
		log.Warn("embedder unavailable, using the built-in one", "embedder", emb.ID(), "err", err)
		eng, err = openEngine(ctx, dir, embed.NewBuiltin(), cfg, after, log)
		return eng, fallback, err
	}
	return eng, "", err
}

// openEngine opens the search indexes; if they are unreadable (for example
// torn by a crash) it moves them aside and starts empty, and Bootstrap's
// reconcile rebuilds them from the store. The stored vectors are read once
// after is closed (nil: at once; see search.Options.LoadVectorsAfter).
func openEngine(ctx context.Context, dir string, emb embed.Embedder, cfg config.Config, after <-chan struct{}, log *slog.Logger) (*search.Engine, error) {
	opts := search.Options{
		LoadVectorsAfter: after,
		Fusion:           search.Fusion(cfg.Fusion.Method),
		BM25Weight:       cfg.Fusion.BM25Weight,
		VectorWeight:     cfg.Fusion.VectorWeight,
		RRFK:             cfg.Fusion.K,
	}
	eng, err := search.Open(ctx, dir, emb, opts)
	if err == nil {
		return eng, nil
	}
	if errors.Is(err, search.ErrEmbedder) {
		return nil, err // the embedding service, not the index, is at fault
	}
	if errors.Is(err, search.ErrLocked) {
		return nil, fmt.Errorf("%w: close the other Concierge window (or the indexer command) using %s, or choose another --data-dir", ErrInUse, filepath.Dir(dir))
	}
	aside := fmt.Sprintf("%s.broken-%d", dir, time.Now().Unix())
	log.Warn("search index unreadable; rebuilding it", "err", err, "moved_to", aside)
	if rerr := os.Rename(dir, aside); rerr != nil {
		return nil, fmt.Errorf("the search index in %s is damaged (%v) and could not be moved aside: %w", dir, err, rerr)
	}
	return search.Open(ctx, dir, emb, opts)
}
