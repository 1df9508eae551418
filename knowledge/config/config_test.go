package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataDirPrecedence(t *testing.T) {
	t.Setenv(EnvDataDir, "/tmp/from-env")
	got, err := DataDir("/tmp/from-flag")
	if err != nil || got != "/tmp/from-flag" {
		t.Fatalf("flag should win: %q %v", got, err)
	}
	got, err = DataDir("")
	if err != nil || got != "/tmp/from-env" {
		t.Fatalf("env should be used: %q %v", got, err)
	}
}

func TestDefaultDataDirPerOS(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	env := map[string]string{"LocalAppData": `C:\Users\u\AppData\Local`, "XDG_DATA_HOME": "/xdg"}
	getenv := func(k string) string { return env[k] }
	cases := map[string]string{
		"windows": filepath.Join(`C:\Users\u\AppData\Local`, AppName),
		"darwin":  filepath.Join("/home/u", "Library", "Application Support", AppName),
		"linux":   filepath.Join("/xdg", AppName),
	}
	for goos, want := range cases {
		got, err := defaultDataDir(goos, getenv, home)
		if err != nil || got != want {
			t.Errorf("%s: got %q %v, want %q", goos, got, err, want)
		}
	}
	got, _ := defaultDataDir("linux", func(string) string { return "" }, home)
	if got != filepath.Join("/home/u", ".local", "share", AppName) {
		t.Errorf("linux without XDG: %q", got)
	}
	_, err := defaultDataDir("linux", func(string) string { return "" }, func() (string, error) { return "", errors.New("no home") })
	if err == nil || !strings.Contains(err.Error(), EnvDataDir) {
		t.Errorf("missing home should mention %s: %v", EnvDataDir, err)
	}
}

func TestLoadSaveRoundTrip(t *testing.T) {
	dir := t.TempDir()
	cfg, err := Load(dir)
	if err != nil || cfg.Embedding.Provider != "builtin" || !cfg.ImportSample {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	cfg.Embedding = Embedding{Provider: "ollama", BaseURL: "http://127.0.0.1:11434", Model: "nomic-embed-text"}
	cfg.Fusion.VectorWeight = 0.5
	if err := Save(dir, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil || got.Embedding != cfg.Embedding || got.Fusion != cfg.Fusion || got.LLM.Provider != "none" || got.Profile != cfg.Profile {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
}

func TestLoadBrokenFileNamesPath(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, FileName), []byte("{not json"), 0o600)
	cfg, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), FileName) {
		t.Fatalf("want error naming the file, got %v", err)
	}
	if cfg.Embedding.Provider != "builtin" {
		t.Fatalf("broken file should fall back to defaults: %+v", cfg)
	}
}
