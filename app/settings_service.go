package app

import (
	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

// SettingsService edits the LLM connection, the search embedder and the
// local profile.
type SettingsService struct{ app *App }

// Get returns the current settings.
func (s *SettingsService) Get() (core.SettingsView, error) {
	return s.app.cur().Settings(), nil
}

// Save validates and stores the LLM settings and profile.
func (s *SettingsService) Save(llm config.LLM, profile config.Profile) (core.SettingsView, error) {
	return s.app.cur().SaveSettings(llm, profile)
}

// SetAPIKey stores the LLM API key in the OS keychain (empty removes it).
func (s *SettingsService) SetAPIKey(key string) (core.SettingsView, error) {
	return s.app.cur().SetAPIKey(key)
}

// TestConnection checks that the model answers with the given settings.
func (s *SettingsService) TestConnection(llm config.LLM) (string, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.cur().TestConnection(ctx, llm)
}

// SaveEmbedding switches the search embedder (builtin, ollama or openai):
// the new one must answer first; then every passage is re-embedded in the
// background, with progress in the status bar.
func (s *SettingsService) SaveEmbedding(c config.Embedding) (core.SettingsView, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.cur().SaveEmbedding(ctx, c)
}
