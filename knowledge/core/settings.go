package core

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"concierge/knowledge/assist"
	"concierge/knowledge/config"
	"concierge/knowledge/secrets"
)

// SettingsView is what the settings screen shows. The API key itself never
// leaves the core: only whether one is stored.
type SettingsView struct {
	LLM       config.LLM       `json:"llm"`
	Profile   config.Profile   `json:"profile"`
	Embedding config.Embedding `json:"embedding"`
	HasAPIKey bool             `json:"hasApiKey"`
	// KeyMessage explains where the key comes from or why none can be kept.
	KeyMessage string `json:"keyMessage"`
	// RoleFromServer says Profile's name and role are the team database's
	// signed-in person and the role the server gives them; the local role
	// setting then has no effect (and is kept for the single-user mode).
	RoleFromServer bool `json:"roleFromServer"`
}

// Settings returns the current settings.
func (c *Core) Settings() SettingsView {
	cfg := c.Config()
	v := SettingsView{LLM: cfg.LLM, Profile: cfg.Profile, Embedding: cfg.Embedding}
	if c.signedIn != nil {
		v.Profile, v.RoleFromServer = c.profile(), true
	}
	if cfg.LLM.PIIPatterns == nil {
		v.LLM.PIIPatterns = map[string]string{}
	}
	_, err := secrets.Lookup(c.keychain, LLMKeychainAccount, EnvLLMAPIKey)
	switch {
	case err == nil:
		v.HasAPIKey = true
		v.KeyMessage = "An API key is stored in the OS keychain."
		if _, err := secrets.Lookup(secrets.Memory{}, "", EnvLLMAPIKey); err == nil {
			v.KeyMessage = "The API key comes from " + EnvLLMAPIKey + "."
		}
	case errors.Is(err, secrets.ErrNoKey):
		v.KeyMessage = "No API key stored. Local servers (Ollama, llama.cpp) need none."
	default:
		v.KeyMessage = err.Error()
	}
	return v
}

// SaveSettings validates and stores the LLM settings and the profile.
func (c *Core) SaveSettings(llm config.LLM, profile config.Profile) (SettingsView, error) {
	llm.Provider = strings.ToLower(strings.TrimSpace(llm.Provider))
	switch llm.Provider {
	case "", "none":
		llm.Provider = "none"
	case "ollama", "openai":
	default:
		return SettingsView{}, fmt.Errorf("unknown provider %q: choose none, Ollama or OpenAI-compatible", llm.Provider)
	}
	if c.signedIn != nil {
		// Signed in to a team database: who you are and your role are the
		// server's; the single-user profile is kept as it was.
		profile = c.Config().Profile
		if profile.Role == "" {
			profile.Role = RoleAgent
		}
		if strings.TrimSpace(profile.Name) == "" {
			profile.Name = c.signedIn.Name
		}
	}
	switch profile.Role {
	case RoleAgent, RoleEditor, RoleSupervisor:
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
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.LLM, cfg.Profile = llm, profile }); err != nil {
		return SettingsView{}, err
	}
	return c.Settings(), nil
}

// SetAPIKey stores the LLM API key in the keychain (empty removes it).
func (c *Core) SetAPIKey(key string) (SettingsView, error) {
	key = strings.TrimSpace(key)
	var err error
	if key == "" {
		err = c.keychain.Delete(LLMKeychainAccount)
	} else {
		err = c.keychain.Set(LLMKeychainAccount, key)
	}
	if err != nil {
		return SettingsView{}, fmt.Errorf("%w — or start Concierge with %s set", err, EnvLLMAPIKey)
	}
	return c.Settings(), nil
}

// TestConnection checks that the model answers with the given settings.
func (c *Core) TestConnection(ctx context.Context, llm config.LLM) (string, error) {
	cfg := c.AssistConfig(llm)
	if cfg.Provider == "" || cfg.Provider == assist.ProviderNone {
		return "No model configured: suggestions are quoted from the knowledge base.", nil
	}
	if err := assist.TestConnection(ctx, cfg); err != nil {
		return "", err
	}
	return fmt.Sprintf("Connected: %s answered.", llm.Model), nil
}

// SaveEmbedding switches the search embedder (builtin, ollama or openai)
// while Concierge runs: the new one must answer first; then every passage
// is re-embedded in the background while keyword search keeps working.
func (c *Core) SaveEmbedding(ctx context.Context, e config.Embedding) (SettingsView, error) {
	e.Provider = strings.ToLower(strings.TrimSpace(e.Provider))
	e.BaseURL, e.Model = strings.TrimSpace(e.BaseURL), strings.TrimSpace(e.Model)
	if e.Provider == "" {
		e.Provider = "builtin"
	}
	if _, err := c.SwitchEmbedder(ctx, e); err != nil {
		return SettingsView{}, err
	}
	return c.Settings(), nil
}
