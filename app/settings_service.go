package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"concierge/indexer/pipeline"
	"concierge/knowledge/assist"
	"concierge/knowledge/config"
	"concierge/knowledge/secrets"
)

// SettingsView is what the settings screen shows. The API key itself never
// leaves Go: only whether one is stored.
type SettingsView struct {
	LLM       config.LLM       `json:"llm"`
	Profile   config.Profile   `json:"profile"`
	Embedding config.Embedding `json:"embedding"`
	HasAPIKey bool             `json:"hasApiKey"`
	// KeyMessage explains where the key comes from or why none can be kept.
	KeyMessage string `json:"keyMessage"`
}

// SettingsService edits the LLM connection and the local profile.
type SettingsService struct {
	app      *App
	keychain secrets.Keychain
}

// Get returns the current settings.
func (s *SettingsService) Get() (SettingsView, error) {
	cfg := s.app.svc.Config()
	v := SettingsView{LLM: cfg.LLM, Profile: cfg.Profile, Embedding: cfg.Embedding}
	if cfg.LLM.PIIPatterns == nil {
		v.LLM.PIIPatterns = map[string]string{}
	}
	_, err := secrets.Lookup(s.keychain, pipeline.LLMKeychainAccount, pipeline.EnvLLMAPIKey)
	switch {
	case err == nil:
		v.HasAPIKey = true
		v.KeyMessage = "An API key is stored in the OS keychain."
		if s.envKey() {
			v.KeyMessage = "The API key comes from " + pipeline.EnvLLMAPIKey + "."
		}
	case errors.Is(err, secrets.ErrNoKey):
		v.KeyMessage = "No API key stored. Local servers (Ollama, llama.cpp) need none."
	default:
		v.KeyMessage = err.Error()
	}
	return v, nil
}

func (s *SettingsService) envKey() bool {
	_, err := secrets.Lookup(secrets.Memory{}, "", pipeline.EnvLLMAPIKey)
	return err == nil
}

// Save validates and stores the LLM settings and profile.
func (s *SettingsService) Save(llm config.LLM, profile config.Profile) (SettingsView, error) {
	llm.Provider = strings.ToLower(strings.TrimSpace(llm.Provider))
	switch llm.Provider {
	case "", "none":
		llm.Provider = "none"
	case "ollama", "openai":
	default:
		return SettingsView{}, fmt.Errorf("unknown provider %q: choose none, Ollama or OpenAI-compatible", llm.Provider)
	}
	switch profile.Role {
	case "agent", "editor", "supervisor":
	default:
		return SettingsView{}, fmt.Errorf("unknown role %q: choose agent, editor or supervisor", profile.Role)
	}
	profile.Name = strings.TrimSpace(profile.Name)
	if profile.Name == "" {
		return SettingsView{}, errors.New("enter your name: it is recorded with every suggestion you use")
	}
	if _, err := assist.New(assist.Config{Provider: llm.Provider, BaseURL: llm.BaseURL, Model: llm.Model}); err != nil && llm.Provider != "openai" {
		return SettingsView{}, err
	}
	if _, err := s.app.svc.SaveConfig(func(c *config.Config) { c.LLM, c.Profile = llm, profile }); err != nil {
		return SettingsView{}, err
	}
	return s.Get()
}

// SetAPIKey stores the LLM API key in the OS keychain (empty removes it).
func (s *SettingsService) SetAPIKey(key string) (SettingsView, error) {
	key = strings.TrimSpace(key)
	var err error
	if key == "" {
		err = s.keychain.Delete(pipeline.LLMKeychainAccount)
	} else {
		err = s.keychain.Set(pipeline.LLMKeychainAccount, key)
	}
	if err != nil {
		return SettingsView{}, fmt.Errorf("%w — or start Concierge with %s set", err, pipeline.EnvLLMAPIKey)
	}
	return s.Get()
}

// TestConnection checks that the model answers with the given settings.
func (s *SettingsService) TestConnection(llm config.LLM) (string, error) {
	cfg := pipeline.AssistConfig(llm, s.keychain)
	if cfg.Provider == "" || cfg.Provider == assist.ProviderNone {
		return "No model configured: suggestions are quoted from the knowledge base.", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := assist.TestConnection(ctx, cfg); err != nil {
		return "", err
	}
	return fmt.Sprintf("Connected: %s answered.", llm.Model), nil
}

// SaveEmbedding switches the search embedder (builtin, ollama or openai)
// while the app runs: the new one must answer first; then every passage is
// re-embedded in the background, with progress in the status bar, while
// keyword search keeps working.
func (s *SettingsService) SaveEmbedding(c config.Embedding) (SettingsView, error) {
	c.Provider = strings.ToLower(strings.TrimSpace(c.Provider))
	c.BaseURL, c.Model = strings.TrimSpace(c.BaseURL), strings.TrimSpace(c.Model)
	if c.Provider == "" {
		c.Provider = "builtin"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.app.svc.SwitchEmbedder(ctx, c); err != nil {
		return SettingsView{}, err
	}
	return s.Get()
}
