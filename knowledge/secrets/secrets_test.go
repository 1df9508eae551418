package secrets

import (
	"errors"
	"testing"
)

func TestLookupPrefersEnvironment(t *testing.T) {
	kc := Memory{"embed": "from-keychain"}
	t.Setenv("TEST_CONCIERGE_KEY", "from-env")
	if got, err := Lookup(kc, "embed", "TEST_CONCIERGE_KEY"); err != nil || got != "from-env" {
		t.Fatalf("got %q %v", got, err)
	}
	t.Setenv("TEST_CONCIERGE_KEY", "")
	if got, err := Lookup(kc, "embed", "TEST_CONCIERGE_KEY"); err != nil || got != "from-keychain" {
		t.Fatalf("got %q %v", got, err)
	}
	if _, err := Lookup(kc, "other", "TEST_CONCIERGE_KEY"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("want ErrNoKey, got %v", err)
	}
}
