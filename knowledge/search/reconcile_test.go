package search_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

// fakeStore is the part of a knowledge.Store that Reconcile needs.
type fakeStore map[string]knowledge.Article

func newStore() fakeStore {
	s := fakeStore{}
	for _, a := range fixtures() {
		s.put(a)
	}
	return s
}

func (s fakeStore) put(a knowledge.Article) {
	a.ContentHash = a.ComputeHash()
	s[a.ID] = a
}

func (s fakeStore) hashes() map[string]string {
	h := map[string]string{}
	for id, a := range s {
		h[id] = a.ContentHash
	}
	return h
}

func (s fakeStore) load(_ context.Context, ids []string) ([]knowledge.Article, error) {
	var out []knowledge.Article
	for _, id := range ids {
		if a, ok := s[id]; ok {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s fakeStore) all() []knowledge.Article {
	var out []knowledge.Article
	for _, a := range s {
		out = append(out, a)
	}
	return out
}

func open(t *testing.T, dir string, emb embed.Embedder) *search.Engine {
	t.Helper()
	e, err := search.Open(context.Background(), dir, emb, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	<-e.Ready()
	return e
}

// openIndexed opens an engine in dir with the built-in embedder and
// indexes every article of a new fake store into it.
func openIndexed(t *testing.T, dir string) (fakeStore, *search.Engine) {
	t.Helper()
	s := newStore()
	e := open(t, dir, embed.NewBuiltin())
	if err := e.Upsert(context.Background(), s.all()); err != nil {
		t.Fatal(err)
	}
	return s, e
}

func reconcile(t *testing.T, e *search.Engine, s fakeStore) search.ReconcileReport {
	t.Helper()
	calls := 0
	rep, err := e.Reconcile(context.Background(), s.hashes(), s.load, func(done, total int) {
		calls++
		if done > total {
			t.Errorf("progress %d/%d", done, total)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("progress never called")
	}
	return rep
}

// assertConsistent checks that both indexes hold exactly the store.
func assertConsistent(t *testing.T, e *search.Engine, s fakeStore) {
	t.Helper()
	st := e.Stats()
	if st.Articles != len(s) || st.Vectors != st.Passages {
		t.Errorf("stats %+v for %d articles", st, len(s))
	}
	if rep := reconcile(t, e, s); rep.Reindexed != 0 || rep.Deleted != 0 {
		t.Errorf("second reconcile did work: %+v", rep)
	}
	all := search.Filters{Statuses: []string{"draft", "review", "published", "archived"}}
	for _, m := range []search.Mode{search.ModeBM25, search.ModeVector} {
		r := mustSearch(t, e, search.Request{Query: "refund zebra деньги คืนเงิน password", Mode: m, Limit: 100, Filters: all})
		for _, h := range r.Results {
			if _, ok := s[h.ArticleID]; !ok {
				t.Errorf("%s: article %s not in store", m, h.ArticleID)
			}
		}
	}
}

func TestPersistAndReopen(t *testing.T) {
	dir := t.TempDir()
	s, e := openIndexed(t, dir)
	before := e.Stats()
	e.Close()
	e = open(t, dir, embed.NewBuiltin())
	defer e.Close()
	if got := e.Stats(); got != before {
		t.Errorf("stats after reopen %+v, before %+v", got, before)
	}
	r := mustSearch(t, e, search.Request{Query: "refund"})
	if len(r.Results) == 0 || r.Results[0].Passages[0].VectorRank == 0 {
		t.Errorf("after reopen: %+v", r.Results)
	}
	assertConsistent(t, e, s)
}

func TestReconcileRepairsCrashes(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name  string
		crash func(t *testing.T, dir string, s fakeStore)
		want  func(rep search.ReconcileReport) bool
	}{
		{"vector segment deleted", func(t *testing.T, dir string, s fakeStore) {
			for _, m := range segments(t, dir) {
				os.Remove(m)
			}
		}, func(r search.ReconcileReport) bool { return r.Reindexed == 5 }},
		{"vector segment torn", func(t *testing.T, dir string, s fakeStore) {
			truncateHalf(t, segments(t, dir)...)
		}, func(r search.ReconcileReport) bool { return r.Reindexed > 0 && r.Reindexed < 5 }},
		{"vector segment overwritten in the middle", func(t *testing.T, dir string, s fakeStore) {
			for _, m := range segments(t, dir) {
				scribble(t, m)
			}
		}, func(r search.ReconcileReport) bool { return r.Reindexed > 0 }},
		{"records deleted", func(t *testing.T, dir string, s fakeStore) {
			os.Remove(filepath.Join(dir, "records.log"))
		}, func(r search.ReconcileReport) bool { return r.Reindexed == 5 }},
		{"records torn", func(t *testing.T, dir string, s fakeStore) {
			truncateHalf(t, filepath.Join(dir, "records.log"))
		}, func(r search.ReconcileReport) bool { return r.Reindexed > 0 }},
		{"passage texts lost", func(t *testing.T, dir string, s fakeStore) {
			ts, _ := filepath.Glob(filepath.Join(dir, "texts-*.dat"))
			if len(ts) != 1 {
				t.Fatalf("texts files %v", ts)
			}
			truncateHalf(t, ts...)
		}, func(r search.ReconcileReport) bool { return r.Reindexed > 0 }},
		{"article changed in store only", func(t *testing.T, dir string, s fakeStore) {
			a := s["password"]
			a.Body += " Zebra stripes."
			s.put(a)
		}, func(r search.ReconcileReport) bool { return r.Reindexed == 1 && r.Deleted == 0 }},
		{"article created in store only", func(t *testing.T, dir string, s fakeStore) {
			s.put(knowledge.Article{ID: "new", Title: "Zebra", Body: "zebra", Language: "en", Status: knowledge.StatusPublished})
		}, func(r search.ReconcileReport) bool { return r.Reindexed == 1 }},
		{"vectors left for a deleted article", func(t *testing.T, dir string, s fakeStore) {
			// Delete "refunds" from the indexes, then put the old vector
			// files and manifest back: Bleve no longer has it, vectors do.
			vdir := filepath.Join(dir, "vectors")
			backup := dir + "-vectors"
			if out, err := exec.Command("cp", "-a", vdir, backup).CombinedOutput(); err != nil {
				t.Fatal(err, string(out))
			}
			e := open(t, dir, embed.NewBuiltin())
			if err := e.Delete(ctx, "refunds"); err != nil {
				t.Fatal(err)
			}
			e.Close()
			os.RemoveAll(vdir)
			if err := os.Rename(backup, vdir); err != nil {
				t.Fatal(err)
			}
			delete(s, "refunds")
		}, func(r search.ReconcileReport) bool { return r.Deleted == 1 && r.Reindexed == 0 }},
		{"bleve index destroyed", func(t *testing.T, dir string, s fakeStore) {
			os.RemoveAll(filepath.Join(dir, "bleve"))
		}, func(r search.ReconcileReport) bool { return r.Reindexed == 5 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s, e := openIndexed(t, dir)
			e.Close()
			c.crash(t, dir, s)
			e = open(t, dir, embed.NewBuiltin())
			defer e.Close()
			rep := reconcile(t, e, s)
			if !c.want(rep) {
				t.Errorf("report %+v", rep)
			}
			assertConsistent(t, e, s)
		})
	}
}

func TestSwitchEmbedder(t *testing.T) {
	dir := t.TempDir()
	s, e := openIndexed(t, dir)
	e.Close()

	small := embed.NewBuiltin(embed.WithDims(64))
	e = open(t, dir, small)
	if st := e.Stats(); st.Embedder != small.ID() || st.Vectors != 0 || st.Articles != 5 {
		t.Errorf("new embedder stats %+v", st)
	}
	// BM25 keeps working while the new collection is empty.
	if r := mustSearch(t, e, search.Request{Query: "refund"}); len(r.Results) == 0 {
		t.Error("no results before re-embedding")
	}
	if rep := reconcile(t, e, s); rep.Reindexed != 5 {
		t.Errorf("switch reconcile %+v", rep)
	}
	assertConsistent(t, e, s)
	e.Close()

	e = open(t, dir, embed.NewBuiltin()) // back: the old collection is intact
	defer e.Close()
	if rep := reconcile(t, e, s); rep.Reindexed != 0 {
		t.Errorf("switch back reconcile %+v", rep)
	}
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "vectors", "*.vec"))
	if len(m) == 0 {
		t.Fatal("no vector segment written")
	}
	return m
}

func truncateHalf(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, fi.Size()/2); err != nil {
			t.Fatal(err)
		}
	}
}

// scribble overwrites bytes in the middle of a file, as a torn write of
// unordered pages could.
func scribble(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 2; i < len(b)/2+64 && i < len(b); i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Switching embedder while running: BM25 keeps answering, Reconcile fills
// the new embedder's collection, and switching back finds the old vectors.
func TestSetEmbedderReembedsInTheBackground(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := newStore()
	e := open(t, dir, embed.NewBuiltin())
	defer e.Close()
	if err := e.Upsert(ctx, s.all()); err != nil {
		t.Fatal(err)
	}
	passages := e.Stats().Passages
	other := embed.NewBuiltin(embed.WithDims(128))
	if err := e.SetEmbedder(ctx, other); err != nil {
		t.Fatal(err)
	}
	if st := e.Stats(); st.Embedder != other.ID() || st.Vectors != 0 {
		t.Fatalf("after the switch: %+v", st)
	}
	if r := mustSearch(t, e, search.Request{Query: "refund", Mode: search.ModeBM25}); len(r.Results) == 0 {
		t.Fatal("BM25 must keep answering while vectors are rebuilt")
	}
	rep, err := e.Reconcile(ctx, s.hashes(), s.load, nil)
	if err != nil || rep.Reindexed != len(s.all()) {
		t.Fatalf("reconcile after the switch: %+v %v", rep, err)
	}
	if st := e.Stats(); st.Vectors != passages {
		t.Fatalf("vectors %d, passages %d", st.Vectors, passages)
	}
	r := mustSearch(t, e, search.Request{Query: "refund", Mode: search.ModeVector})
	if len(r.Results) == 0 {
		t.Fatal("no vector results with the new embedder")
	}
	if err := e.SetEmbedder(ctx, embed.NewBuiltin()); err != nil {
		t.Fatal(err)
	}
	if rep, err := e.Reconcile(ctx, s.hashes(), s.load, nil); err != nil || rep.Reindexed != 0 {
		t.Fatalf("switching back should find the old vectors: %+v %v", rep, err)
	}
	assertConsistent(t, e, s)
}

// TestReconcileLoadsAheadAndStopsOnErrors: the next chunk is read while
// one is indexed; a failing read, or a cancelled context, ends Reconcile
// with an error after the chunks indexed so far, never a silent success.
func TestReconcileLoadsAheadAndStopsOnErrors(t *testing.T) {
	ctx := context.Background()
	e, err := search.Open(ctx, t.TempDir(), embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s := fakeStore{}
	for i := 0; i < 1200; i++ { // several chunks
		s.put(knowledge.Article{ID: fmt.Sprintf("a%04d", i), Title: "Article", Body: fmt.Sprintf("text %d", i),
			Language: "en", Status: knowledge.StatusPublished, Version: 1})
	}
	hashes := map[string]string{}
	for id, a := range s {
		hashes[id] = a.ContentHash
	}
	calls := 0
	failing := func(ctx context.Context, ids []string) ([]knowledge.Article, error) {
		calls++
		if calls == 2 {
			return nil, errors.New("disk gone")
		}
		return s.load(ctx, ids)
	}
	rep, err := e.Reconcile(ctx, hashes, failing, nil)
	if err == nil || !strings.Contains(err.Error(), "disk gone") {
		t.Fatalf("a failing read: %v", err)
	}
	if rep.Reindexed == 0 || rep.Reindexed >= len(s) {
		t.Fatalf("indexed %d before the failing chunk", rep.Reindexed)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancelling := func(ctx context.Context, ids []string) ([]knowledge.Article, error) {
		cancel()
		return s.load(ctx, ids)
	}
	if _, err := e.Reconcile(cctx, hashes, cancelling, nil); err == nil {
		t.Fatal("a cancelled reconcile reported success")
	}
	rep, err = e.Reconcile(ctx, hashes, s.load, nil)
	if err != nil || e.Stats().Articles != len(s) {
		t.Fatalf("then a full reconcile: %+v, %v, %d articles", rep, err, e.Stats().Articles)
	}
}

// With LoadVectorsAfter, a reopened engine reads its stored vectors only
// once the channel is closed: until then it answers from BM25 (hybrid
// included) and says the vectors are loading; then it has them all.
func TestLoadVectorsAfter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	_, e := openIndexed(t, dir)
	want := e.Stats().Vectors
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	after := make(chan struct{})
	e, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{LoadVectorsAfter: after})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	select {
	case <-e.Ready():
		t.Fatal("the vectors loaded before the channel was closed")
	case <-time.After(200 * time.Millisecond):
	}
	if st := e.Stats(); !st.VectorsLoading {
		t.Fatalf("stats while held back: %+v", st)
	}
	if r := mustSearch(t, e, search.Request{Query: "refund", Mode: search.ModeHybrid}); len(r.Results) == 0 {
		t.Fatal("no BM25 answer while the vectors are held back")
	}
	close(after)
	select {
	case <-e.Ready():
	case <-time.After(10 * time.Second):
		t.Fatal("the vectors did not load once the channel was closed")
	}
	if st := e.Stats(); st.VectorsLoading || st.Vectors != want {
		t.Fatalf("stats after loading: %+v, want %d vectors", st, want)
	}
}
