package pipeline

import (
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
		// No key (or no keychain on this machine) is fine for local
		// OpenAI-compatible servers; a server that needs one answers 401,
		// which the embedder reports as "the API key was refused".
		key, _ := secrets.Lookup(kc, keychainAccount, EnvEmbedAPIKey)
		cfg.APIKey = key
	}
	return embed.New(cfg)
}
