package assist

import (
	"concierge/knowledge/assist/pii"
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTestConnection(t *testing.T) {
	for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
		f := newFakeLLM(t, kind, fakeReply{chunks: []string{`{"ok":true}`}})
		if err := TestConnection(context.Background(), f.config()); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
		if r := f.received(); len(r) != 1 || strings.Contains(r[0].Raw, "anna") {
			t.Errorf("%s: requests %v", kind, r)
		}
		f401 := newFakeLLM(t, kind, fakeReply{status: 401, body: `{"error":{"message":"invalid key"}}`})
		if err := TestConnection(context.Background(), f401.config()); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s 401: %v", kind, err)
		}
		fEmpty := newFakeLLM(t, kind, fakeReply{chunks: []string{""}})
		if err := TestConnection(context.Background(), fEmpty.config()); !errors.Is(err, ErrEmptyOutput) {
			t.Errorf("%s empty: %v", kind, err)
		}
		fSlow := newFakeLLM(t, kind, fakeReply{hang: true})
		cfg := fSlow.config()
		cfg.Timeout = 30 * time.Millisecond
		if err := TestConnection(context.Background(), cfg); !errors.Is(err, ErrTimeout) {
			t.Errorf("%s slow: %v", kind, err)
		}
	}
	if err := TestConnection(context.Background(), Config{}); err != nil {
		t.Errorf("none: %v", err)
	}
}

func TestConfigValidation(t *testing.T) {
	for name, c := range map[string]struct {
		cfg  Config
		want string
	}{
		"unknown provider": {Config{Provider: "gpt"}, "unknown provider"},
		"no model":         {Config{Provider: ProviderOllama}, "choose a model"},
		"bad url":          {Config{Provider: ProviderOpenAI, Model: "m", BaseURL: "ftp://x"}, "not an http"},
		"openai no key":    {Config{Provider: ProviderOpenAI, Model: "m"}, "needs an API key"},
		"key over http":    {Config{Provider: ProviderOpenAI, Model: "m", BaseURL: "http://llm.example.com/v1", APIKey: "sk"}, "unencrypted"},
		"key in url":       {Config{Provider: ProviderOpenAI, Model: "m", BaseURL: "https://u:p@x.example.com/v1"}, "own field"},
		"negative timeout": {Config{Timeout: -1}, "negative"},
		"bad pii":          {Config{PII: piiConfig("(")}, "invalid privacy pattern"},
	} {
		_, err := New(c.cfg)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error = %v, want ErrConfig mentioning %q", name, err, c.want)
		}
	}
	// Loopback over http with a key is fine; defaults are filled in.
	e, err := New(Config{Provider: ProviderOpenAI, Model: "m", BaseURL: "http://localhost:1234/v1/", APIKey: "sk"})
	if err != nil {
		t.Fatal(err)
	}
	if e.cfg.BaseURL != "http://localhost:1234/v1" || e.cfg.Timeout != DefaultTimeout || e.cfg.RetryAfterCap != DefaultRetryAfterCap || e.Redacts() {
		t.Errorf("normalized %+v redacts %v", e.cfg, e.Redacts())
	}
	// Remote endpoints are redacted by default.
	e, err = New(Config{Provider: ProviderOpenAI, Model: "m", APIKey: "sk"})
	if err != nil || !e.Redacts() || e.cfg.BaseURL != DefaultOpenAIURL {
		t.Errorf("openai default: %v %v", err, e)
	}
	if e, err := New(Config{}); err != nil || e.Provider() != ProviderNone || e.Redacts() {
		t.Errorf("none: %v", err)
	}
}

func piiConfig(expr string) (c pii.Config) {
	c.Patterns = append(c.Patterns, pii.Pattern{Name: "X", Expr: expr})
	return c
}
