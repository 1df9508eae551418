package sqlitestore

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
)

// A data folder on a read-only disk: Open fails with ErrReadOnly (so the
// app can tell the user), OpenReadOnly reads everything, and its writes
// fail with ErrReadOnly.
func TestReadOnlyDisk(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "4m")
	path := filepath.Join(dir, "kb.db")
	fillStore(t, path, 10)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("remounting read-only is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}

	if s, err := Open(ctx, path); err == nil {
		s.Close()
		t.Fatal("Open on a read-only disk succeeded; want ErrReadOnly")
	} else if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open = %v; want ErrReadOnly naming the file", err)
	}

	s, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.List(ctx, knowledge.ListFilter{})
	if err != nil || len(l) != 10 || l[3].Body != testArticle(3).Body {
		t.Fatalf("List read-only = %d articles, %v", len(l), err)
	}
	if _, err := s.Put(ctx, testArticle(99), knowledge.PutOptions{}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Put read-only = %v; want ErrReadOnly", err)
	}
}
