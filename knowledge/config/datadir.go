// Package config locates Concierge's data directory and reads and writes its
// settings file. Secrets (API keys) never live here: they are kept in the OS
// keychain (see package knowledge/secrets).
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDataDir overrides the data directory when set.
const EnvDataDir = "CONCIERGE_DATA_DIR"

// AppName is the folder name used inside the OS data directory.
const AppName = "Concierge"

// DataDir resolves the data directory: the flag value if non-empty, then
// $CONCIERGE_DATA_DIR, then the OS user data directory:
//
//	Linux:   $XDG_DATA_HOME/Concierge or ~/.local/share/Concierge
//	macOS:   ~/Library/Application Support/Concierge
//	Windows: %LocalAppData%\Concierge
func DataDir(flagValue string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if v := os.Getenv(EnvDataDir); v != "" {
		return filepath.Abs(v)
	}
	return defaultDataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultDataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return filepath.Join(d, AppName), nil
		}
		if d := getenv("AppData"); d != "" {
			return filepath.Join(d, AppName), nil
		}
	case "darwin":
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("cannot find your home folder to store data (set %s): %w", EnvDataDir, err)
		}
		return filepath.Join(h, "Library", "Application Support", AppName), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, AppName), nil
		}
	}
	h, err := home()
	if err != nil {
		return "", fmt.Errorf("cannot find your home folder to store data (set %s): %w", EnvDataDir, err)
	}
	return filepath.Join(h, ".local", "share", AppName), nil
}
