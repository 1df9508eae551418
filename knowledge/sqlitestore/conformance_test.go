package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/storetest"
)

// TestConformance runs the suite every store passes (the PostgreSQL team
// store runs the same one).
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) knowledge.Stores {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kb.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
