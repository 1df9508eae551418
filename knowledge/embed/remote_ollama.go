package embed

import (
	"fmt"
	"strings"
	"time"

	"github.com/tmc/langchaingo/llms/ollama"
)

// DefaultOllamaURL is where a local Ollama listens unless told otherwise.
const DefaultOllamaURL = "http://127.0.0.1:11434"

// ollamaBatchSize is how many texts go into one batch. langchaingo sends
// one /api/embed request per text; the batch is the unit the timeout covers.
const ollamaBatchSize = 16

// OllamaConfig configures an embedder backed by an Ollama server.
type OllamaConfig struct {
	// BaseURL of the Ollama server; empty means DefaultOllamaURL.
	BaseURL string
	// Model is an embedding model pulled into Ollama, e.g. "nomic-embed-text".
	Model string
	// Timeout bounds each batch of requests; zero means DefaultRemoteTimeout.
	Timeout time.Duration
}

// NewOllama returns an Embedder that asks Ollama's /api/embed endpoint
// (through langchaingo) for vectors. Its ID is "ollama:<model>". No request
// is made until Embed is called.
func NewOllama(cfg OllamaConfig) (Embedder, error) {
	model := strings.TrimSpace(cfg.Model)
	if model == "" {
		return nil, fmt.Errorf("%w: choose an Ollama embedding model, e.g. nomic-embed-text", ErrInvalidConfig)
	}
	if strings.ContainsAny(model, " \t\r\n\"") {
		return nil, fmt.Errorf("%w: the Ollama model name %q contains spaces or quotes", ErrInvalidConfig, model)
	}
	base, err := remoteParseBaseURL(cfg.BaseURL, DefaultOllamaURL, "Ollama")
	if err != nil {
		return nil, err
	}
	// A common slip: pasting the API path rather than the server address.
	base.Path = strings.TrimSuffix(strings.TrimSuffix(base.Path, "/"), "/api")
	timeout, err := remoteTimeout(cfg.Timeout)
	if err != nil {
		return nil, err
	}
	llm, err := ollama.New(
		ollama.WithServerURL(base.String()),
		ollama.WithModel(model),
		ollama.WithHTTPClient(newRemoteHTTPClient()),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: set up the Ollama client for %s: %w", ErrInvalidConfig, base.Redacted(), err)
	}
	return &remoteEmbedder{
		id:        "ollama:" + model,
		kind:      remoteOllama,
		baseURL:   base.Redacted(),
		model:     model,
		timeout:   timeout,
		batchSize: ollamaBatchSize,
		client:    llm,
	}, nil
}
