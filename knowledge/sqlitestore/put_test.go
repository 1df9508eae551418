package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
)

func TestPutCreateUnchangedUpdate(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := knowledge.Article{ID: "refunds", Title: "Refunds", Body: "Within 30 days.", Tags: []string{"billing"},
		ReviewBy: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), Extra: map[string]any{"aliases": []any{"money back"}}}

	r1, err := s.Put(ctx, a, knowledge.PutOptions{Author: "ana", Message: "first"})
	if err != nil {
		t.Fatal(err)
	}
	if !r1.Created || !r1.Changed || r1.Article.Version != 1 || r1.Article.ContentHash == "" || r1.Article.UpdatedAt.IsZero() {
		t.Fatalf("create result = %+v", r1)
	}
	got, err := s.Get(ctx, "refunds")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r1.Article) {
		t.Errorf("Get differs from Put result:\n got %+v\nwant %+v", got, r1.Article)
	}
	if got.ContentHash != got.ComputeHash() {
		t.Error("stored hash is not ComputeHash")
	}

	// Same content (tags reordered count as the same): nothing written.
	r2, err := s.Put(ctx, a, knowledge.PutOptions{Author: "bob"})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Changed || r2.Created || r2.Article.Version != 1 || !r2.Article.UpdatedAt.Equal(r1.Article.UpdatedAt) {
		t.Errorf("unchanged put = %+v", r2)
	}

	a.Body = "Within 14 days."
	r3, err := s.Put(ctx, a, knowledge.PutOptions{Author: "bob", Message: "shorter window"})
	if err != nil {
		t.Fatal(err)
	}
	if !r3.Changed || r3.Created || r3.Article.Version != 2 || !r3.Article.UpdatedAt.After(r1.Article.UpdatedAt) {
		t.Errorf("update result = %+v", r3)
	}

	vs, err := s.Versions(ctx, "refunds")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 1 {
		t.Fatalf("versions = %+v", vs)
	}
	if vs[0].Author != "bob" || vs[0].Message != "shorter window" || vs[0].Article.Body != "Within 14 days." || !vs[0].At.Equal(r3.Article.UpdatedAt) {
		t.Errorf("newest version = %+v", vs[0])
	}
	if vs[1].Author != "ana" || vs[1].Article.Body != "Within 30 days." {
		t.Errorf("first version = %+v", vs[1])
	}
	if _, err := s.Versions(ctx, "nope"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Versions(nope) = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, "nope"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Get(nope) = %v, want ErrNotFound", err)
	}
}

func TestPutMetadataOnlyChangeKeepsVersion(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := knowledge.Article{ID: "a", Title: "A", Source: "/kb", SourcePath: "a.md"}
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	a.SourcePath = "moved/a.md"
	a.Extra = map[string]any{"weight": 3}
	r, err := s.Put(ctx, a, knowledge.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Changed || r.Article.Version != 1 {
		t.Errorf("metadata-only put = %+v, want unchanged version 1", r)
	}
	got, _ := s.Get(ctx, "a")
	if got.SourcePath != "moved/a.md" || got.Extra["weight"] != float64(3) {
		t.Errorf("metadata not saved: %+v", got)
	}
}

func TestPutExpectedVersion(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	a := knowledge.Article{ID: "a", Title: "A", Body: "1"}
	if _, err := s.Put(ctx, a, knowledge.PutOptions{ExpectedVersion: 1}); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("expected version on a missing article: %v, want ErrConflict", err)
	}
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	a.Body = "2"
	if _, err := s.Put(ctx, a, knowledge.PutOptions{ExpectedVersion: 1}); err != nil {
		t.Fatalf("put at the expected version: %v", err)
	}
	a.Body = "stale edit"
	_, err := s.Put(ctx, a, knowledge.PutOptions{ExpectedVersion: 1})
	if !errors.Is(err, knowledge.ErrConflict) || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("stale put: %v, want ErrConflict naming version 2", err)
	}
	if got, _ := s.Get(ctx, "a"); got.Body != "2" || got.Version != 2 {
		t.Errorf("stale put changed the article: %+v", got)
	}
}

// Two Store values on one file behave like two processes. Every writer does
// read-modify-write with ExpectedVersion and retries on conflict; if any
// update were lost, a line would be missing from the final body.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	stores := []*Store{openTest(t, path), openTest(t, path)}
	ctx := context.Background()
	if _, err := stores[0].Put(ctx, knowledge.Article{ID: "shared", Title: "Shared"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	const writers, edits = 6, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := stores[w%len(stores)]
			for e := range edits {
				for {
					cur, err := s.Get(ctx, "shared")
					if err != nil {
						errs <- err
						return
					}
					cur.Body += fmt.Sprintf("w%d-e%d\n", w, e)
					_, err = s.Put(ctx, cur, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: fmt.Sprint(w)})
					if errors.Is(err, knowledge.ErrConflict) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := stores[1].Get(ctx, "shared")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1+writers*edits {
		t.Errorf("version = %d, want %d", got.Version, 1+writers*edits)
	}
	for w := range writers {
		for e := range edits {
			if line := fmt.Sprintf("w%d-e%d\n", w, e); !strings.Contains(got.Body, line) {
				t.Errorf("lost update %q", strings.TrimSpace(line))
			}
		}
	}
	vs, err := stores[0].Versions(ctx, "shared")
	if err != nil || len(vs) != 1+writers*edits {
		t.Errorf("history has %d entries (%v), want %d", len(vs), err, 1+writers*edits)
	}
}

// Blind writers (no ExpectedVersion) on two stores: every write gets its own
// version number and history entry; none is overwritten.
func TestConcurrentBlindWritersGetDistinctVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	stores := []*Store{openTest(t, path), openTest(t, path)}
	ctx := context.Background()
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := stores[i%2].Put(ctx, knowledge.Article{ID: "x", Title: "X", Body: fmt.Sprint(i)}, knowledge.PutOptions{})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	vs, err := stores[0].Versions(ctx, "x")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]bool{}
	for i, v := range vs {
		if v.Version != n-i {
			t.Errorf("history[%d].Version = %d, want %d", i, v.Version, n-i)
		}
		bodies[v.Article.Body] = true
	}
	if len(bodies) != n {
		t.Errorf("history holds %d distinct writes, want %d", len(bodies), n)
	}
}

func TestPutBatch(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	if _, err := s.Put(ctx, knowledge.Article{ID: "b", Title: "B"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	rs, err := s.PutBatch(ctx, []knowledge.Article{
		{ID: "a", Title: "A"}, {ID: "b", Title: "B"}, {ID: "c", Title: "C"}, {ID: "a", Title: "A2"},
	}, knowledge.PutOptions{Author: "import"})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		created, changed bool
		version          int
	}{{true, true, 1}, {false, false, 1}, {true, true, 1}, {false, true, 2}}
	if len(rs) != len(want) {
		t.Fatalf("%d results, want %d", len(rs), len(want))
	}
	for i, w := range want {
		if rs[i].Created != w.created || rs[i].Changed != w.changed || rs[i].Article.Version != w.version {
			t.Errorf("result %d = created %v changed %v v%d, want %+v", i, rs[i].Created, rs[i].Changed, rs[i].Article.Version, w)
		}
	}
	// Each new version's snapshot (encoded before the transaction at the
	// version the stored one implies; in it for an article the batch
	// itself moved on) is the article written: new, changed and twice.
	changed, err := s.PutBatch(ctx, []knowledge.Article{{ID: "b", Title: "B2"}}, knowledge.PutOptions{Author: "import"})
	if err != nil || changed[0].Article.Version != 2 {
		t.Fatalf("changing b: %+v %v", changed, err)
	}
	rs = append(rs, changed[0])
	for _, i := range []int{0, 2, 3, 4} {
		a := rs[i].Article
		v, err := s.GetVersion(ctx, a.ID, a.Version)
		if err != nil {
			t.Fatal(err)
		}
		got := v.Article
		if got.Version != a.Version || got.Title != a.Title || got.ContentHash != a.ContentHash || !got.UpdatedAt.Equal(a.UpdatedAt) || !v.At.Equal(a.UpdatedAt) {
			t.Errorf("version %d of %s: snapshot %+v at %v, want %+v", a.Version, a.ID, got, v.At, a)
		}
	}
}

// A batch with one invalid article writes nothing: the transaction rolls back.
func TestPutBatchIsAtomic(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	_, err := s.PutBatch(ctx, []knowledge.Article{{ID: "a", Title: "A"}, {ID: "B A D", Title: "bad"}}, knowledge.PutOptions{})
	if !errors.Is(err, knowledge.ErrInvalid) || !strings.Contains(err.Error(), "B A D") {
		t.Fatalf("PutBatch = %v, want ErrInvalid naming the bad id", err)
	}
	if _, err := s.Get(ctx, "a"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("first article of a failed batch was written: %v", err)
	}
	if _, err := s.Versions(ctx, "a"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("history of a failed batch was written: %v", err)
	}
}

func TestPutBatchCancelledContextWritesNothing(t *testing.T) {
	s, _ := newTestStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PutBatch(ctx, []knowledge.Article{{ID: "a", Title: "A"}}, knowledge.PutOptions{}); err == nil {
		t.Fatal("PutBatch with a cancelled context succeeded")
	}
	if c, err := s.Counts(context.Background()); err != nil || c.Articles != 0 {
		t.Errorf("Counts = %+v, %v; want no articles", c, err)
	}
}

func TestList(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	for _, a := range []knowledge.Article{
		{ID: "c", Title: "C", Status: knowledge.StatusPublished, Department: "billing"},
		{ID: "a", Title: "A", Status: knowledge.StatusDraft, Department: "billing", Language: "de"},
		{ID: "b", Title: "B", Status: knowledge.StatusArchived, Department: "it"},
	} {
		if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(f knowledge.ListFilter) string {
		as, err := s.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		f    knowledge.ListFilter
		want string
	}{
		{knowledge.ListFilter{}, "a,b,c"},
		{knowledge.ListFilter{Limit: 2}, "a,b"},
		{knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusDraft, knowledge.StatusPublished}}, "a,c"},
		{knowledge.ListFilter{Department: "billing"}, "a,c"},
		{knowledge.ListFilter{Language: "de"}, "a"},
		{knowledge.ListFilter{Department: "none"}, ""},
	} {
		if got := ids(c.f); got != c.want {
			t.Errorf("List(%+v) = %q, want %q", c.f, got, c.want)
		}
	}
	h, err := s.Hashes(ctx)
	if err != nil || len(h) != 3 || h["b"] == "" {
		t.Errorf("Hashes = %v, %v", h, err)
	}
}

// BenchmarkPutBatch writes batches of 500 new articles of a few hundred
// words, as an import does (ns/op is per batch).
func BenchmarkPutBatch(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "kb.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// Bodies of 400 words drawn from a small vocabulary: as varied as an
	// import's, so compressing their snapshots costs what it does there.
	words := strings.Fields("refunds for card payments reach the account within five working days customer agent " +
		"billing invoice parking ticket reception password reset router network printer delivery order")
	rnd := rand.New(rand.NewPCG(1, 2))
	body := func() string {
		var sb strings.Builder
		for range 400 {
			sb.WriteString(words[rnd.IntN(len(words))])
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	n := 0
	for b.Loop() {
		b.StopTimer()
		batch := make([]knowledge.Article, 500)
		for i := range batch {
			n++
			batch[i] = knowledge.Article{ID: fmt.Sprintf("a%07d", n), Title: fmt.Sprintf("Article %d", n), Body: body(),
				Department: "Billing", Tags: []string{"refund"}, Language: "en", Status: knowledge.StatusPublished}
		}
		b.StartTimer()
		if _, err := s.PutBatch(context.Background(), batch, knowledge.PutOptions{Author: "import"}); err != nil {
			b.Fatal(err)
		}
	}
}
