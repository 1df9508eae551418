// Package secrets keeps API keys in the OS keychain (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows). Keys never go to the
// settings file or to logs. For headless use an environment variable can
// supply a key instead.
package secrets

import (
	"errors"
	"fmt"
	"os"

	"github.com/zalando/go-keyring"
)

// Service is the keychain service name under which Concierge stores keys.
const Service = "Concierge"

// ErrNoKeychain means the OS keychain could not be reached (for example no
// Secret Service running on a headless Linux box).
var ErrNoKeychain = errors.New("the OS keychain is not available on this machine")

// ErrNoKey means no key is stored for that account.
var ErrNoKey = errors.New("no API key is stored")

// Keychain reads and writes secrets. The OS implementation is the default;
// tests use an in-memory one.
type Keychain interface {
	Get(account string) (string, error)
	Set(account, secret string) error
	Delete(account string) error
}

// OS returns the operating system keychain.
func OS() Keychain { return osKeychain{} }

type osKeychain struct{}

func (osKeychain) Get(account string) (string, error) {
	s, err := keyring.Get(Service, account)
	switch {
	case err == nil:
		return s, nil
	case errors.Is(err, keyring.ErrNotFound):
		return "", fmt.Errorf("%s for %q: %w", ErrNoKey, account, ErrNoKey)
	default:
		return "", fmt.Errorf("%w (%v); set the key in an environment variable instead", ErrNoKeychain, err)
	}
}

func (osKeychain) Set(account, secret string) error {
	if err := keyring.Set(Service, account, secret); err != nil {
		return fmt.Errorf("%w (%v); set the key in an environment variable instead", ErrNoKeychain, err)
	}
	return nil
}

func (osKeychain) Delete(account string) error {
	err := keyring.Delete(Service, account)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return fmt.Errorf("%w (%v)", ErrNoKeychain, err)
}

// Lookup returns the key from the environment variable envVar when set,
// otherwise from the keychain account.
func Lookup(kc Keychain, account, envVar string) (string, error) {
	if v := os.Getenv(envVar); v != "" {
		return v, nil
	}
	return kc.Get(account)
}

// Memory is an in-memory Keychain for tests.
type Memory map[string]string

func (m Memory) Get(account string) (string, error) {
	if s, ok := m[account]; ok {
		return s, nil
	}
	return "", fmt.Errorf("%s for %q: %w", ErrNoKey, account, ErrNoKey)
}
func (m Memory) Set(account, secret string) error { m[account] = secret; return nil }
func (m Memory) Delete(account string) error      { delete(m, account); return nil }
