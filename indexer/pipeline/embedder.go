package pipeline

import (
	"errors"
	"fmt"

	"concierge/knowledge/config"
	"concierge/knowledge/embed"
	"concierge/knowledge/secrets"
)

// EnvEmbedAPIKey supplies the embedding API key for headless use.
const EnvEmbedAPIKey = "CONCIERGE_EMBED_API_KEY"

// keychainAccount is the OS keychain account holding the embedding API key.
const keychainAccount = "embedding"

func newEmbedder(c config.Embedding) (embed.Embedder, error) {
	return newEmbedderWith(c, secrets.OS())
}

func newEmbedderWith(c config.Embedding, kc secrets.Keychain) (embed.Embedder, error) {
	cfg := embed.Config{Provider: c.Provider, BaseURL: c.BaseURL, Model: c.Model, Builtin: embed.NewBuiltin()}
	if c.Provider == "openai" {
		key, err := secrets.Lookup(kc, keychainAccount, EnvEmbedAPIKey)
		if err != nil && !errors.Is(err, secrets.ErrNoKey) {
			return nil, fmt.Errorf("embedding API key: %w", err)
		}
		cfg.APIKey = key
	}
	return embed.New(cfg)
}
