package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileName is the settings file inside the data directory.
const FileName = "config.json"

// StoreSQLite is the default store driver: one SQLite file in the data
// directory.
const StoreSQLite = "sqlite"

// Embedding chooses the embedder. Provider is "builtin" (default, offline),
// "ollama" or "openai" (any OpenAI-compatible endpoint). The API key for
// "openai" is read from the OS keychain or $CONCIERGE_EMBED_API_KEY, never
// from this file.
type Embedding struct {
	Provider string `json:"provider"`
	BaseURL  string `json:"baseUrl,omitempty"`
	Model    string `json:"model,omitempty"`
}

// Fusion combines the two retrievers in hybrid search: "convex" (default)
// weighs min-max normalised scores; "rrf" is reciprocal rank fusion with
// constant K.
type Fusion struct {
	Method       string  `json:"method"`
	BM25Weight   float64 `json:"bm25Weight"`
	VectorWeight float64 `json:"vectorWeight"`
	K            float64 `json:"k"`
}

// LLM chooses the language model that drafts suggestion options. Provider
// "none" (default) means extractive options without a model. The API key
// lives in the OS keychain or $CONCIERGE_LLM_API_KEY, never here.
type LLM struct {
	Provider       string `json:"provider"` // none | ollama | openai
	BaseURL        string `json:"baseUrl,omitempty"`
	Model          string `json:"model,omitempty"`
	TimeoutSeconds int    `json:"timeoutSeconds,omitempty"`
	// PIIMode: "auto" (redact for non-loopback endpoints; default),
	// "always" or "never".
	PIIMode string `json:"piiMode,omitempty"`
	// PIIPatterns are extra regular expressions to redact, by name.
	PIIPatterns map[string]string `json:"piiPatterns,omitempty"`
}

// Profile is the local user: their name goes into every version and ledger
// event; the role gates editor and supervisor screens.
type Profile struct {
	Name string `json:"name"`
	Role string `json:"role"` // agent | editor | supervisor
}

// Store chooses where the knowledge lives. Driver "sqlite" (default) keeps
// it in concierge.db inside the data directory; the wiring package
// (knowledge/wiring) maps each driver to its adapter.
type Store struct {
	Driver string `json:"driver"`
	// DSN locates a server database; unused by SQLite. Credentials do not
	// belong here.
	DSN string `json:"dsn,omitempty"`
}

// Config is everything Concierge keeps in config.json.
type Config struct {
	Store     Store     `json:"store"`
	Embedding Embedding `json:"embedding"`
	Fusion    Fusion    `json:"fusion"`
	LLM       LLM       `json:"llm"`
	Profile   Profile   `json:"profile"`
	// ImportSample imports the bundled sample knowledge base on first run.
	ImportSample bool `json:"importSample"`
	// Alerts are the thresholds of the request alerts (zero: defaults).
	Alerts Alerts `json:"alerts"`
}

// Alerts configure the pattern alerts on requests (knowledge/followup);
// zero values take the defaults there.
type Alerts struct {
	NoUpdateHours        int `json:"noUpdateHours"`
	UnansweredMessages   int `json:"unansweredMessages"`
	WaitingInternalHours int `json:"waitingInternalHours"`
	CheckMinutes         int `json:"checkMinutes"`
}

// Default returns the zero-configuration settings: built-in embedder,
// balanced fusion, sample knowledge base on first run.
func Default() Config {
	return Config{
		Store:        Store{Driver: StoreSQLite},
		Embedding:    Embedding{Provider: "builtin"},
		Fusion:       Fusion{Method: "convex", BM25Weight: 0.95, VectorWeight: 0.05, K: 60}, // as search.Options; chosen on the whole retrieval suite
		LLM:          LLM{Provider: "none", PIIMode: "auto"},
		Profile:      Profile{Name: "Agent", Role: "agent"},
		ImportSample: true,
	}
}

// Load reads dir/config.json, filling gaps with defaults. A missing file is
// not an error; a broken one is, with its path in the message.
func Load(dir string) (Config, error) {
	cfg := Default()
	path := filepath.Join(dir, FileName)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("read settings %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return Default(), fmt.Errorf("settings file %s is not valid JSON (%v); fix or delete it to use defaults", path, err)
	}
	if cfg.Store.Driver == "" {
		cfg.Store.Driver = StoreSQLite
	}
	if cfg.Embedding.Provider == "" {
		cfg.Embedding.Provider = "builtin"
	}
	if cfg.LLM.Provider == "" {
		cfg.LLM.Provider = "none"
	}
	if cfg.LLM.PIIMode == "" {
		cfg.LLM.PIIMode = "auto"
	}
	if cfg.Profile.Role == "" {
		cfg.Profile.Role = "agent"
	}
	if cfg.Profile.Name == "" {
		cfg.Profile.Name = "Agent"
	}
	if cfg.Fusion.K <= 0 {
		cfg.Fusion.K = 60
	}
	if cfg.Fusion.Method != "rrf" {
		cfg.Fusion.Method = "convex"
	}
	if cfg.Fusion.BM25Weight < 0 || cfg.Fusion.VectorWeight < 0 || cfg.Fusion.BM25Weight+cfg.Fusion.VectorWeight == 0 {
		cfg.Fusion.BM25Weight, cfg.Fusion.VectorWeight = 0.95, 0.05
	}
	return cfg, nil
}

// Save writes dir/config.json atomically (temp file, fsync, rename).
func Save(dir string, cfg Config) error {
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, FileName), append(data, '\n'), 0o600)
}

// WriteFileAtomic writes data to path so that a crash leaves either the old
// or the new content, never a torn file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, perm); err != nil {
		return err
	}
	return os.Rename(name, path)
}
