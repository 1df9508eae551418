package embed

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// ErrInvalidConfig wraps embedding settings that cannot work; the message
// says which setting to fix.
var ErrInvalidConfig = errors.New("invalid embedding settings")

// Provider names accepted in Config.Provider.
const (
	ProviderBuiltin = "builtin"
	ProviderOllama  = "ollama"
	ProviderOpenAI  = "openai"
)

// Config selects and configures an embedder, as stored in the settings.
type Config struct {
	// Provider is "builtin" (the default when empty), "ollama" or "openai".
	Provider string
	// BaseURL, Model, APIKey and Timeout configure the remote providers;
	// see OllamaConfig and OpenAIConfig. The built-in embedder ignores them.
	BaseURL string
	Model   string
	APIKey  string
	Timeout time.Duration
	// Builtin is the offline embedder used for Provider "builtin"; the
	// caller constructs it.
	Builtin Embedder
}

// New returns the embedder cfg selects, or an error wrapping
// ErrInvalidConfig that says what to change. It makes no network requests.
func New(cfg Config) (Embedder, error) {
	switch p := strings.ToLower(strings.TrimSpace(cfg.Provider)); p {
	case "", ProviderBuiltin:
		if cfg.Builtin == nil {
			return nil, fmt.Errorf("%w: the built-in embedder is not available in this build", ErrInvalidConfig)
		}
		return cfg.Builtin, nil
	case ProviderOllama:
		return NewOllama(OllamaConfig{BaseURL: cfg.BaseURL, Model: cfg.Model, Timeout: cfg.Timeout})
	case ProviderOpenAI:
		return NewOpenAI(OpenAIConfig{BaseURL: cfg.BaseURL, Model: cfg.Model, APIKey: cfg.APIKey, Timeout: cfg.Timeout})
	default:
		return nil, fmt.Errorf("%w: unknown embedding provider %q: choose %s, %s or %s",
			ErrInvalidConfig, cfg.Provider, ProviderBuiltin, ProviderOllama, ProviderOpenAI)
	}
}

// remoteParseBaseURL validates a provider's base URL, defaulting to def.
func remoteParseBaseURL(raw, def, what string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		raw = def
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: the address of %s, %q, is not a valid URL", ErrInvalidConfig, what, raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: the address of %s must start with http:// or https://, e.g. %s", ErrInvalidConfig, what, def)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%w: the address of %s, %q, has no host name", ErrInvalidConfig, what, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: the address of %s must not contain ? or #", ErrInvalidConfig, what)
	}
	return u, nil
}

// remoteTimeout applies the default and rejects negative timeouts.
func remoteTimeout(d time.Duration) (time.Duration, error) {
	switch {
	case d < 0:
		return 0, fmt.Errorf("%w: the timeout must be positive (or zero for the default of %s)", ErrInvalidConfig, DefaultRemoteTimeout)
	case d == 0:
		return DefaultRemoteTimeout, nil
	}
	return d, nil
}

// remoteIsLoopback reports whether host is this machine.
func remoteIsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
