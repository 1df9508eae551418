package storetest

import (
	"errors"
	"strings"
	"testing"

	"concierge/knowledge"
)

var autosaveTests = map[string]func(*testing.T, knowledge.Stores){
	"KeptApartFromVersions": testAutosave,
}

func testAutosave(t *testing.T, s knowledge.Stores) {
	if _, _, err := s.Autosave(ctx(t), "a", "Ann"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("no autosave yet: %v", err)
	}
	for _, d := range []string{`{"body":"one"}`, `{"body":"two"}`} {
		if err := s.PutAutosave(ctx(t), "a", "Ann", d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.PutAutosave(ctx(t), "", "Ann", `{"title":"new"}`); err != nil {
		t.Fatal(err)
	}
	if err := s.PutAutosave(ctx(t), "a", "Bob", `{"body":"bob"}`); err != nil {
		t.Fatal(err)
	}
	d, at, err := s.Autosave(ctx(t), "a", "Ann")
	if err != nil || d != `{"body":"two"}` || at.IsZero() {
		t.Errorf("Autosave = %q %v %v", d, at, err)
	}
	if d, _, _ := s.Autosave(ctx(t), "", "Ann"); d != `{"title":"new"}` {
		t.Errorf("autosave of a new article = %q", d)
	}
	if d, _, _ := s.Autosave(ctx(t), "a", "Bob"); d != `{"body":"bob"}` {
		t.Errorf("another author's autosave = %q", d)
	}
	if _, err := s.Get(ctx(t), "a"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("an autosave created the article: %v", err)
	}
	if err := s.DeleteAutosave(ctx(t), "a", "Ann"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAutosave(ctx(t), "a", "Ann"); err != nil {
		t.Errorf("deleting a missing autosave: %v", err)
	}
	if _, _, err := s.Autosave(ctx(t), "a", "Ann"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("discarded autosave still there: %v", err)
	}
	if d, _, _ := s.Autosave(ctx(t), "a", "Bob"); d != `{"body":"bob"}` {
		t.Errorf("deleting Ann's autosave touched Bob's: %q", d)
	}
	if err := s.PutAutosave(ctx(t), "", "Ann", strings.Repeat("x", knowledge.MaxAutosaveBytes+1)); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("oversized autosave: %v", err)
	}
	if err := s.PutAutosave(ctx(t), "", "Ann", "\xff"); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("autosave that is not UTF-8: %v", err)
	}
}
