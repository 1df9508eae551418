// Package pgtest gives tests a fresh PostgreSQL database on the test server
// named by CONCIERGE_TEST_DATABASE_URL (a superuser URL; `make test` starts
// a throwaway server with build/scripts/pg.sh and exports it). Without it
// the PostgreSQL tests are skipped on a developer machine and fail under CI
// (CI=true), so a CI run can never pass without them.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable holding the test server's URL.
const EnvURL = "CONCIERGE_TEST_DATABASE_URL"

// ServerURL returns the test server's superuser URL, or skips (fails under
// CI) when there is none.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set under CI: the PostgreSQL tests must run (make test starts a server with build/scripts/pg.sh)", EnvURL)
		}
		t.Skipf("%s is not set; start a server with build/scripts/pg.sh start and export it to run the PostgreSQL tests", EnvURL)
	}
	return u
}

// NewDatabase creates an empty database on the test server and returns its
// superuser URL; the database is dropped when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := ServerURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	defer conn.Close(context.Background())
	name := "concierge_test_" + RandomSuffix()
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return WithDatabase(t, server, name)
}

// WithDatabase returns rawURL pointing at database name.
func WithDatabase(t testing.TB, rawURL, name string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// AsUser returns rawURL signed in as user with password.
func AsUser(t testing.TB, rawURL, user, password string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	u.User = url.UserPassword(user, password)
	return u.String()
}

// RandomSuffix returns 12 random lowercase hex digits, for names of
// databases and people that must not collide between concurrent tests.
func RandomSuffix() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("pgtest: no system randomness: %v", err))
	}
	return strings.ToLower(hex.EncodeToString(b[:]))
}
