package embed

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// remoteTestBuiltin stands in for the built-in embedder.
type remoteTestBuiltin struct{}

func (remoteTestBuiltin) ID() string { return "builtin-test" }
func (remoteTestBuiltin) Embed(context.Context, []string) ([][]float32, error) {
	return nil, nil
}

func TestNewChoosesProvider(t *testing.T) {
	cases := []struct {
		cfg    Config
		wantID string
	}{
		{Config{Builtin: remoteTestBuiltin{}}, "builtin-test"},
		{Config{Provider: "builtin", Builtin: remoteTestBuiltin{}}, "builtin-test"},
		{Config{Provider: " Ollama ", Model: "nomic-embed-text"}, "ollama:nomic-embed-text"},
		{Config{Provider: "ollama", BaseURL: "http://gpu-box:11434", Model: "mxbai-embed-large", Timeout: time.Second}, "ollama:mxbai-embed-large"},
		{Config{Provider: "openai", Model: "text-embedding-3-small", APIKey: "sk-x"}, "openai:text-embedding-3-small@api.openai.com"},
		{Config{Provider: "openai", BaseURL: "http://localhost:1234/v1/", Model: "nomic-embed"}, "openai:nomic-embed@localhost:1234"},
		{Config{Provider: "openai", BaseURL: "https://LLM.Example.com/v1", Model: "e5", APIKey: "k"}, "openai:e5@llm.example.com"},
	}
	for _, c := range cases {
		e, err := New(c.cfg)
		if err != nil {
			t.Errorf("New(%+v): %v", c.cfg, err)
			continue
		}
		if e.ID() != c.wantID {
			t.Errorf("New(%+v).ID() = %q, want %q", c.cfg, e.ID(), c.wantID)
		}
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	cases := []struct {
		name string
		cfg  Config
		want string
	}{
		{"unknown provider", Config{Provider: "cohere"}, `unknown embedding provider "cohere": choose builtin, ollama or openai`},
		{"builtin missing", Config{Provider: "builtin"}, "built-in embedder is not available"},
		{"ollama without model", Config{Provider: "ollama"}, "choose an Ollama embedding model"},
		{"ollama model with spaces", Config{Provider: "ollama", Model: "nomic embed"}, "contains spaces"},
		{"ollama bad scheme", Config{Provider: "ollama", Model: "m", BaseURL: "ftp://host"}, "must start with http:// or https://"},
		{"ollama no scheme", Config{Provider: "ollama", Model: "m", BaseURL: "localhost:11434"}, "must start with http:// or https://"},
		{"ollama no host", Config{Provider: "ollama", Model: "m", BaseURL: "http://"}, "has no host name"},
		{"ollama unparsable", Config{Provider: "ollama", Model: "m", BaseURL: "http://a b/%zz"}, "is not a valid URL"},
		{"ollama query", Config{Provider: "ollama", Model: "m", BaseURL: "http://h/?x=1"}, "must not contain ? or #"},
		{"negative timeout", Config{Provider: "ollama", Model: "m", Timeout: -time.Second}, "timeout must be positive"},
		{"openai without model", Config{Provider: "openai", APIKey: "k"}, "choose an embedding model"},
		{"openai without key", Config{Provider: "openai", Model: "text-embedding-3-small"}, "OpenAI needs an API key"},
		{"key over plain http", Config{Provider: "openai", Model: "m", APIKey: "k", BaseURL: "http://llm.example.com/v1"}, "sent unencrypted"},
		{"key with newline", Config{Provider: "openai", Model: "m", APIKey: "k\nX-Evil: 1", BaseURL: "https://llm.example.com/v1"}, "line break"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := New(c.cfg)
			if err == nil {
				t.Fatalf("New succeeded with %s", e.ID())
			}
			if !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("error does not wrap ErrInvalidConfig: %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestNewAllowsKeyOverHTTPToLoopback(t *testing.T) {
	for _, host := range []string{"localhost", "127.0.0.1", "[::1]"} {
		if _, err := New(Config{Provider: "openai", Model: "m", APIKey: "k", BaseURL: "http://" + host + ":8080/v1"}); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
}
