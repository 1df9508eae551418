package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
)

func TestAutosaveIsKeptApartFromVersions(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, err := s.Autosave(ctx, "a", "Ann"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("no autosave yet: %v", err)
	}
	if _, err := s.Put(ctx, knowledge.Article{ID: "a", Title: "A", Body: "x"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{`{"body":"one"}`, `{"body":"two"}`} {
		if err := s.PutAutosave(ctx, "a", "Ann", d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutAutosave(ctx, "a", "Bob", `{"body":"bob"}`); err != nil {
		t.Fatal(err)
	}
	got, at, err := s.Autosave(ctx, "a", "Ann")
	if err != nil || got != `{"body":"two"}` || at.IsZero() {
		t.Fatalf("autosave = %q %v %v", got, at, err)
	}
	if got, _, _ := s.Autosave(ctx, "a", "Bob"); got != `{"body":"bob"}` {
		t.Fatalf("each author keeps their own autosave, got %q", got)
	}
	vs, err := s.Versions(ctx, "a")
	if err != nil || len(vs) != 1 {
		t.Fatalf("autosaves must not create versions: %d %v", len(vs), err)
	}
	if err := s.DeleteAutosave(ctx, "a", "Ann"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Autosave(ctx, "a", "Ann"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("discarded autosave still there: %v", err)
	}
	if err := s.PutAutosave(ctx, "", "Ann", strings.Repeat("x", knowledge.MaxAutosaveBytes+1)); !errors.Is(err, knowledge.ErrInvalid) {
		t.Fatalf("oversized autosave: %v", err)
	}
}
