package sqlitestore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"concierge/knowledge"
)

func TestVersionsAndGetVersion(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "kb.db"))
	if _, err := s.Put(ctx, knowledge.Article{ID: "a", Title: "First", Body: "one"}, knowledge.PutOptions{Author: "Ann", Message: "Created"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, knowledge.Article{ID: "a", Title: "Second", Body: "two"}, knowledge.PutOptions{Author: "Bob", Message: "Edited"}); err != nil {
		t.Fatal(err)
	}
	list, err := s.Versions(ctx, "a")
	if err != nil || len(list) != 2 || list[0].Version != 2 || list[1].Article.Title != "First" {
		t.Fatalf("versions: %+v %v", list, err)
	}
	v, err := s.GetVersion(ctx, "a", 1)
	if err != nil || v.Version != 1 || v.Author != "Ann" || v.Message != "Created" || v.Article.Body != "one" || v.At.IsZero() {
		t.Fatalf("version 1: %+v %v", v, err)
	}
	if v, err := s.GetVersion(ctx, "a", 2); err != nil || v.Article.Title != "Second" || v.Author != "Bob" {
		t.Fatalf("version 2: %+v %v", v, err)
	}
	if _, err := s.GetVersion(ctx, "a", 3); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("a missing version: %v", err)
	}
	if _, err := s.Versions(ctx, "nope"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("a missing article: %v", err)
	}
	s.Close()
	if _, err := s.GetVersion(ctx, "a", 1); !errors.Is(err, knowledge.ErrClosed) {
		t.Fatalf("after close: %v", err)
	}
}
