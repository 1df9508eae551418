// Package storetest is the conformance suite every store implementation
// passes: the behaviour Concierge relies on, written once against the
// interfaces of package knowledge and run against the embedded SQLite store
// (from knowledge/sqlitestore's tests) and the PostgreSQL team store (from
// knowledge/pgstore's tests). A new store plugs in by calling Run.
package storetest

import (
	"context"
	"testing"
	"time"

	"concierge/knowledge"
)

// Open returns a new, empty store; Run closes it (closing twice must be
// harmless), and Open may register further cleanup with t.
type Open func(t *testing.T) knowledge.Stores

// Run runs every conformance test, each on a fresh store from open.
func Run(t *testing.T, open Open) {
	groups := []struct {
		name  string
		tests map[string]func(*testing.T, knowledge.Stores)
	}{
		{"Articles", articleTests},
		{"Versions", versionTests},
		{"Autosave", autosaveTests},
		{"QueryLog", queryLogTests},
		{"Requests", requestTests},
		{"Ledger", ledgerTests},
		{"LedgerReview", ledgerReviewTests}, // ledgerreview.go
		{"Ratings", ratingTests},
		{"Concurrency", concurrencyTests},
		{"Lifecycle", lifecycleTests},
		{"Revisions", revisionTests}, // revisions.go
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, name := range sortedKeys(g.tests) {
				test := g.tests[name]
				t.Run(name, func(t *testing.T) {
					s := open(t)
					t.Cleanup(func() { s.Close() })
					test(t, s)
				})
			}
		})
	}
	t.Run("Closed", func(t *testing.T) { testClosed(t, open(t)) })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// ctx returns a context for one test step, bounded so a hung store fails
// the test instead of the whole run.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

// base is a fixed instant with microseconds only (every store keeps them).
var base = time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC)

func article(id, body string) knowledge.Article {
	return knowledge.Article{ID: id, Title: "Title of " + id, Body: body, Department: "Billing",
		Tags: []string{"refund", "card"}, Language: "en", Status: knowledge.StatusPublished}
}

func mustPut(t *testing.T, s knowledge.Stores, a knowledge.Article) knowledge.PutResult {
	t.Helper()
	r, err := s.Put(ctx(t), a, knowledge.PutOptions{Author: "Ed", Message: "edit"})
	if err != nil {
		t.Fatalf("Put(%s): %v", a.ID, err)
	}
	return r
}
