package embed

import (
	"fmt"
	"strings"
	"time"

	"github.com/tmc/langchaingo/llms/openai"
)

// DefaultOpenAIURL is OpenAI's API base URL.
const DefaultOpenAIURL = "https://api.openai.com/v1"

// openAIBatchSize is how many texts go into one /embeddings request
// (OpenAI accepts up to 2048 inputs and about 300k tokens per request).
const openAIBatchSize = 128

// openAINoKey is sent as the bearer token to services that need no key
// (local OpenAI-compatible servers): langchaingo insists on a token.
const openAINoKey = "no-key"

// OpenAIConfig configures an embedder backed by OpenAI or any service that
// speaks OpenAI's /v1/embeddings API (Azure OpenAI excepted).
type OpenAIConfig struct {
	// BaseURL up to and including the version, e.g. "https://api.openai.com/v1"
	// (the default when empty) or "http://localhost:1234/v1".
	BaseURL string
	// Model is an embedding model, e.g. "text-embedding-3-small".
	Model string
	// APIKey is sent as a bearer token. Required for api.openai.com.
	APIKey string
	// Timeout bounds each request; zero means DefaultRemoteTimeout.
	Timeout time.Duration
}

// NewOpenAI returns an Embedder that asks an OpenAI-compatible
// /embeddings endpoint (through langchaingo) for vectors. Its ID is
// "openai:<model>@<host>", so the same model name on two services never
// mixes vectors. No request is made until Embed is called.
func NewOpenAI(cfg OpenAIConfig) (Embedder, error) {
	model := strings.TrimSpace(cfg.Model)
	if model == "" {
		return nil, fmt.Errorf("%w: choose an embedding model, e.g. text-embedding-3-small", ErrInvalidConfig)
	}
	if strings.ContainsAny(model, " \t\r\n\"") {
		return nil, fmt.Errorf("%w: the model name %q contains spaces or quotes", ErrInvalidConfig, model)
	}
	base, err := remoteParseBaseURL(cfg.BaseURL, DefaultOpenAIURL, "the embedding service")
	if err != nil {
		return nil, err
	}
	key := strings.TrimSpace(cfg.APIKey)
	if key == "" && strings.EqualFold(base.Hostname(), "api.openai.com") {
		return nil, fmt.Errorf("%w: OpenAI needs an API key: create one at https://platform.openai.com/api-keys and enter it in Settings", ErrInvalidConfig)
	}
	if key != "" && base.Scheme == "http" && !remoteIsLoopback(base.Hostname()) {
		return nil, fmt.Errorf("%w: the API key would be sent unencrypted to %s: use an https:// address", ErrInvalidConfig, base.Host)
	}
	if strings.ContainsAny(key, "\r\n") {
		return nil, fmt.Errorf("%w: the API key contains a line break; paste it again", ErrInvalidConfig)
	}
	if key == "" {
		key = openAINoKey
	}
	timeout, err := remoteTimeout(cfg.Timeout)
	if err != nil {
		return nil, err
	}
	baseURL := strings.TrimSuffix(base.String(), "/")
	llm, err := openai.New(
		openai.WithBaseURL(baseURL),
		openai.WithToken(key),
		openai.WithEmbeddingModel(model),
		// Set explicitly so that OPENAI_* environment variables cannot
		// redirect requests or add headers.
		openai.WithModel(model),
		openai.WithOrganization(""),
		openai.WithAPIType(openai.APITypeOpenAI),
		openai.WithHTTPClient(newRemoteHTTPClient()),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: set up the OpenAI client for %s: %w", ErrInvalidConfig, base.Redacted(), err)
	}
	return &remoteEmbedder{
		id:        "openai:" + model + "@" + strings.ToLower(base.Host),
		kind:      remoteOpenAI,
		baseURL:   strings.TrimSuffix(base.Redacted(), "/"),
		model:     model,
		timeout:   timeout,
		batchSize: openAIBatchSize,
		client:    llm,
	}, nil
}
