package assist

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"concierge/knowledge/assist/pii"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

// Providers.
const (
	ProviderNone   = "none"   // no model: extractive options (the default)
	ProviderOllama = "ollama" // a local or remote Ollama server, /api/chat
	ProviderOpenAI = "openai" // any OpenAI-compatible /chat/completions endpoint
)

// Defaults.
const (
	DefaultOpenAIURL     = "https://api.openai.com/v1"
	DefaultOllamaURL     = "http://127.0.0.1:11434"
	DefaultTimeout       = 2 * time.Minute
	DefaultRetryAfterCap = 10 * time.Second
	// openAINoKey is sent to OpenAI-compatible servers that need no key:
	// langchaingo insists on a token.
	openAINoKey = "no-key"
)

// Config selects and configures the language model provider.
type Config struct {
	Provider string `json:"provider"` // ProviderNone (default), ProviderOllama or ProviderOpenAI
	// BaseURL: for OpenAI-compatible services up to and including the
	// version ("https://api.openai.com/v1", the default); for Ollama the
	// server ("http://127.0.0.1:11434", the default).
	BaseURL string `json:"baseUrl"`
	Model   string `json:"model"`
	// APIKey is sent as a bearer token to OpenAI-compatible services (never
	// to Ollama). The
	// caller reads it from the keychain or the environment; it is never
	// logged or put in an error message.
	APIKey string `json:"-"`
	// Timeout bounds each model call (the answer and, separately, a repair);
	// zero means DefaultTimeout.
	Timeout time.Duration `json:"timeout"`
	// MaxRetries is how often a call failing with HTTP 5xx or an unreachable
	// server is retried before any token arrived (0: never). A 429 with a
	// Retry-After of at most RetryAfterCap is always retried once.
	MaxRetries int `json:"maxRetries"`
	// RetryAfterCap is the longest Retry-After honoured by waiting; zero
	// means DefaultRetryAfterCap.
	RetryAfterCap time.Duration `json:"retryAfterCap"`
	// PII configures redaction of customer data for remote endpoints.
	PII pii.Config `json:"pii"`
	// Sleep waits d or until ctx is done; nil means a real timer. Tests
	// inject one so that retries do not wait.
	Sleep func(ctx context.Context, d time.Duration) error `json:"-"`
}

// normalized checks cfg and fills in defaults. The returned base URL has no
// trailing slash.
func (cfg Config) normalized() (Config, error) {
	cfg.Provider = strings.ToLower(strings.TrimSpace(cfg.Provider))
	if cfg.Provider == "" {
		cfg.Provider = ProviderNone
	}
	if cfg.Timeout < 0 || cfg.MaxRetries < 0 || cfg.RetryAfterCap < 0 {
		return cfg, fmt.Errorf("%w: timeout, retries and retry cap cannot be negative", ErrConfig)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.RetryAfterCap == 0 {
		cfg.RetryAfterCap = DefaultRetryAfterCap
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	var def string
	switch cfg.Provider {
	case ProviderNone:
		return cfg, nil
	case ProviderOllama:
		def = DefaultOllamaURL
	case ProviderOpenAI:
		def = DefaultOpenAIURL
	default:
		return cfg, fmt.Errorf("%w: unknown provider %q: choose none, ollama or openai", ErrConfig, cfg.Provider)
	}
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Model == "" {
		ex := "gpt-4o-mini"
		if cfg.Provider == ProviderOllama {
			ex = "llama3.1"
		}
		return cfg, fmt.Errorf("%w: choose a model in Settings, e.g. %s", ErrConfig, ex)
	}
	raw := strings.TrimSpace(cfg.BaseURL)
	if raw == "" {
		raw = def
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return cfg, fmt.Errorf("%w: the address %q is not an http:// or https:// URL, e.g. %s", ErrConfig, raw, def)
	}
	if u.User != nil {
		return cfg, fmt.Errorf("%w: put the API key in its own field, not in the address", ErrConfig)
	}
	cfg.BaseURL = strings.TrimRight(u.String(), "/")
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	if strings.ContainsAny(cfg.APIKey, "\r\n") {
		return cfg, fmt.Errorf("%w: the API key contains a line break; paste it again", ErrConfig)
	}
	if cfg.Provider == ProviderOpenAI {
		if cfg.APIKey == "" && strings.EqualFold(u.Hostname(), "api.openai.com") {
			return cfg, fmt.Errorf("%w: OpenAI needs an API key: create one at https://platform.openai.com/api-keys and enter it in Settings (or set CONCIERGE_LLM_API_KEY)", ErrConfig)
		}
		if cfg.APIKey != "" && u.Scheme == "http" && !pii.IsLoopback(cfg.BaseURL) {
			return cfg, fmt.Errorf("%w: the API key would be sent unencrypted to %s: use an https:// address", ErrConfig, u.Host)
		}
	}
	return cfg, nil
}

// newModel builds the langchaingo model for a normalized config.
func newModel(cfg Config) (llms.Model, error) {
	hc := newHTTPClient()
	switch cfg.Provider {
	case ProviderOllama:
		m, err := ollama.New(ollama.WithServerURL(cfg.BaseURL), ollama.WithModel(cfg.Model), ollama.WithHTTPClient(hc))
		if err != nil {
			return nil, fmt.Errorf("%w: set up the Ollama client for %s: %w", ErrConfig, cfg.BaseURL, err)
		}
		return m, nil
	case ProviderOpenAI:
		key := cfg.APIKey
		if key == "" {
			key = openAINoKey
		}
		m, err := openai.New(
			openai.WithBaseURL(cfg.BaseURL),
			openai.WithToken(key),
			openai.WithModel(cfg.Model),
			// Explicit, so that OPENAI_* environment variables cannot add
			// headers or redirect requests.
			openai.WithOrganization(""),
			openai.WithAPIType(openai.APITypeOpenAI),
			openai.WithHTTPClient(hc),
		)
		if err != nil {
			return nil, fmt.Errorf("%w: set up the OpenAI-compatible client for %s: %v", ErrConfig, cfg.BaseURL, err)
		}
		return m, nil
	}
	return nil, fmt.Errorf("%w: provider %q has no model", ErrConfig, cfg.Provider)
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
