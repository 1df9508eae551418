package pgstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/storetest"
)

// openTest opens a store on a new, empty database of the test server as
// its owner (a superuser, who counts as admin).
func openTest(t *testing.T, opts ...Option) (*Store, string) {
	t.Helper()
	url := pgtest.NewDatabase(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, url, opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, url
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) knowledge.Stores {
		s, _ := openTest(t)
		return s
	})
}

func TestOpenUnreachableServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens there.
	_, err := Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	if !errors.Is(err, knowledge.ErrUnavailable) {
		t.Fatalf("Open of an unreachable server: %v, want ErrUnavailable", err)
	}
}

func TestOpenBadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://%zz"); !errors.Is(err, knowledge.ErrInvalid) {
		t.Fatalf("Open of a malformed URL: %v, want ErrInvalid", err)
	}
}
