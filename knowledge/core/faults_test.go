package core

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge/search"
)

// garble overwrites every regular file under dir whose name matches one of
// the patterns with bytes that are no valid index (as a bad disk sector or
// a torn copy would), keeping each file's size.
func garble(t *testing.T, dir string, patterns ...string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, pat := range patterns {
			if ok, _ := filepath.Match(pat, d.Name()); ok {
				info, err := d.Info()
				if err != nil {
					return err
				}
				size := max(info.Size(), 16)
				junk := []byte(strings.Repeat("\xde\xad\xbe\xef not an index ", int(size/18)+1))[:size]
				n++
				return os.WriteFile(p, junk, 0o600)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A corrupted Bleve or vector file is detected at open and the index is
// rebuilt from the store: the same searches find the same articles, by
// keyword and by meaning, and nothing is silently empty.
func TestCorruptedIndexFilesAreRebuiltAtOpen(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		sub      string
		patterns []string
	}{
		{"bleve segment and root", "bleve", []string{"*.zap", "root.bolt"}},
		{"bleve metadata", "bleve", []string{"index_meta.json"}},
		{"vector segment", "vectors", []string{"*.vec"}},
		{"record log", ".", []string{"records.log"}},
		{"passage texts", ".", []string{"texts-*.dat"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			c := openTest(t, dir)
			before, err := c.Search(ctx, search.Request{Query: "refund", Mode: search.ModeHybrid, Limit: 5}, "test")
			if err != nil || len(before.Results) == 0 {
				t.Fatalf("search before: %v", err)
			}
			st, _ := c.Stats(ctx)
			c.Close()

			if n := garble(t, filepath.Join(dir, indexDir, tc.sub), tc.patterns...); n == 0 {
				t.Fatalf("no %v files under %s to corrupt", tc.patterns, tc.sub)
			}
			c = openTest(t, dir)
			defer c.Close()
			after, err := c.Search(ctx, search.Request{Query: "refund", Mode: search.ModeHybrid, Limit: 5}, "test")
			if err != nil {
				t.Fatalf("search after the corruption: %v", err)
			}
			if len(after.Results) == 0 || after.Results[0].ArticleID != before.Results[0].ArticleID {
				t.Fatalf("after rebuilding, the top result is %v, was %s", after.Results, before.Results[0].ArticleID)
			}
			vec, err := c.Search(ctx, search.Request{Query: "money back after cancelling", Mode: search.ModeVector, Limit: 5}, "test")
			if err != nil || len(vec.Results) == 0 {
				t.Fatalf("vector search after the corruption: %d results, %v", len(vec.Results), err)
			}
			st2, _ := c.Stats(ctx)
			if st2.Passages != st.Passages || st2.Articles != st.Articles || st2.State != StateReady {
				t.Errorf("index after rebuild %+v, before %+v", st2, st)
			}
		})
	}
}
