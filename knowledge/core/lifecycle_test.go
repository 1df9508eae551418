package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// testOpen opens the store the way the app does (knowledge/wiring) and the
// core over it; the keychain is always an in-memory one.
func testOpen(ctx context.Context, opts Options) (*Core, error) {
	if opts.Keychain == nil {
		opts.Keychain = secrets.Memory{}
	}
	if opts.Stores == nil {
		st, err := wiring.OpenStores(ctx, opts.DataDir, config.Default())
		if err != nil {
			return nil, err
		}
		opts.Stores = st
	}
	return Open(ctx, opts)
}

func openTest(t *testing.T, dir string) *Core {
	return openTestWith(t, Options{DataDir: dir})
}

func openTestWith(t *testing.T, opts Options) *Core {
	t.Helper()
	svc, err := testOpen(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Bootstrap(context.Background()); err != nil {
		svc.Close()
		t.Fatal(err)
	}
	return svc
}

func hasArticle(resp search.Response, id string) bool {
	for _, r := range resp.Results {
		if r.ArticleID == id {
			return true
		}
	}
	return false
}

func TestBootstrapImportsSampleOnceAndSearches(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var phases []Phase
	svc, err := testOpen(ctx, Options{DataDir: dir, OnProgress: func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if st := svc.State(); st.State != "ready" {
		t.Fatalf("state after bootstrap = %+v", st)
	}
	if len(phases) < 2 || phases[0] != PhaseImport {
		t.Fatalf("expected import then index progress, got %v", phases)
	}
	c, err := svc.store.Counts(ctx)
	if err != nil || c.Articles < 40 {
		t.Fatalf("sample not imported: %+v %v", c, err)
	}
	resp, err := svc.Search(ctx, search.Request{Query: "refund"}, "test")
	if err != nil || len(resp.Results) == 0 {
		t.Fatalf("search after bootstrap: %v %+v", err, resp)
	}
	for _, r := range resp.Results {
		if r.Status != string(knowledge.StatusPublished) {
			t.Errorf("agents see published articles only by default, got %s (%s)", r.ArticleID, r.Status)
		}
	}
	svc.Close()

	// Second start: nothing re-imported, nothing re-indexed.
	svc2, err := testOpen(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer svc2.Close()
	if err := svc2.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := svc2.Reconcile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Reindexed != 0 || rep.Deleted != 0 {
		t.Fatalf("a clean restart should have nothing to repair: %+v", rep)
	}
	c2, _ := svc2.store.Counts(ctx)
	if c2.Articles != c.Articles {
		t.Fatalf("sample re-imported: %d → %d", c.Articles, c2.Articles)
	}
}

// A crash between the store write and the index write leaves an article the
// index does not know; the next start repairs it without user action.
func TestRestartRepairsIndexAfterCrash(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	svc := openTest(t, dir)
	a := knowledge.Article{
		ID: "crash-test-article", Title: "Quarantined zebra invoices", Body: "Zebra invoices are quarantined by the billing robot.",
		Department: "Billing", Language: "en", Status: knowledge.StatusPublished, Audience: knowledge.AudienceInternal,
	}
	// Store only: as if the process died before indexing.
	if _, err := svc.store.Put(ctx, a, knowledge.PutOptions{Author: "test"}); err != nil {
		t.Fatal(err)
	}
	resp, _ := svc.eng().Search(ctx, search.Request{Query: "zebra invoices"})
	if hasArticle(resp, a.ID) {
		t.Fatal("precondition: the article should not be indexed yet")
	}
	svc.Close()

	svc = openTest(t, dir)
	resp, err := svc.Search(ctx, search.Request{Query: "zebra invoices"}, "test")
	if err != nil || !hasArticle(resp, a.ID) {
		t.Fatalf("restart did not repair the index: %v %+v", err, resp.Results)
	}
	svc.Close()

	// A torn index directory (garbage where the Bleve index was) is rebuilt.
	idx := filepath.Join(dir, "index")
	if err := os.RemoveAll(idx); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(idx, "bleve"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(idx, "bleve", "index_meta.json"), []byte("{torn"), 0o600)
	svc = openTest(t, dir)
	defer svc.Close()
	resp, err = svc.Search(ctx, search.Request{Query: "zebra invoices"}, "test")
	if err != nil || !hasArticle(resp, a.ID) {
		t.Fatalf("a damaged index was not rebuilt: %v %+v", err, resp.Results)
	}
}

func TestSaveIsSearchableImmediatelyAndArchiveHides(t *testing.T) {
	ctx := context.Background()
	svc := openTest(t, t.TempDir())
	defer svc.Close()
	a := knowledge.Article{
		ID: "kiosk-badge-reset", Title: "Resetting a kiosk badge printer", Body: "## Steps\n\nHold the feed button for ten seconds.",
		Department: "Facilities", Language: "en", Status: knowledge.StatusPublished, Audience: knowledge.AudienceInternal,
	}
	res, err := svc.save(ctx, a, knowledge.PutOptions{Author: "test"}, knowledge.KindSaved)
	if err != nil || !res.Created {
		t.Fatalf("save: %+v %v", res, err)
	}
	resp, err := svc.Search(ctx, search.Request{Query: "badge printer"}, "test")
	if err != nil || !hasArticle(resp, a.ID) {
		t.Fatalf("saved article not searchable: %v", err)
	}
	a = res.Article
	a.Status = knowledge.StatusArchived
	if _, err := svc.save(ctx, a, knowledge.PutOptions{Author: "test", ExpectedVersion: res.Article.Version}, knowledge.KindSaved); err != nil {
		t.Fatal(err)
	}
	resp, _ = svc.Search(ctx, search.Request{Query: "badge printer"}, "test")
	if hasArticle(resp, a.ID) {
		t.Fatal("archived article still shown to agents")
	}
	resp, _ = svc.Search(ctx, search.Request{Query: "badge printer", Filters: search.Filters{Statuses: []string{"archived"}}}, "test")
	if !hasArticle(resp, a.ID) {
		t.Fatal("archiving must hide, not delete")
	}
}

func TestSearchesAreLogged(t *testing.T) {
	ctx := context.Background()
	svc := openTest(t, t.TempDir())
	if _, err := svc.Search(ctx, search.Request{Query: "parking validation"}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"wh", "whe", "wheelch", "wheelchair"} {
		if _, err := svc.Search(ctx, search.Request{Query: q, AsYouType: true}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	svc.Close() // flushes the pending as-you-type query
	svc = openTest(t, svc.DataDir())
	defer svc.Close()
	log, err := svc.store.QueryLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Query)
	}
	joined := strings.Join(got, "|")
	if !strings.Contains(joined, "parking validation") || !strings.Contains(joined, "wheelchair") || strings.Contains(joined, "wheelch|") {
		t.Fatalf("query log = %v", got)
	}
}

// Closing while the first-run import is still going (the user closes the
// window at once) returns, and the next start finishes the job.
func TestCloseDuringBootstrapThenRestartCompletes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	svc, err := testOpen(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	svc.Start(ctx)
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	svc = openTest(t, dir)
	defer svc.Close()
	c, err := svc.store.Counts(ctx)
	if err != nil || c.Articles < 40 {
		t.Fatalf("sample incomplete after restart: %+v %v", c, err)
	}
	hashes, _ := svc.store.Hashes(ctx)
	if st := svc.eng().Stats(); st.Articles != len(hashes) {
		t.Fatalf("index holds %d of %d articles after restart", st.Articles, len(hashes))
	}
}

// A first import cut short (some sample articles stored, no "done" mark)
// is completed at the next start; a store holding the user's own articles
// never gets the sample.
func TestSampleImportResumesButNeverMixesIntoUserKnowledge(t *testing.T) {
	ctx := context.Background()
	partial := func(source string) string {
		dir := t.TempDir()
		svc, err := testOpen(ctx, Options{DataDir: dir, SkipSample: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.store.Put(ctx, knowledge.Article{ID: "only-one", Title: "Only one", Body: "x", Source: source, SourcePath: "x.md"}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		svc.Close()
		return dir
	}
	svc := openTest(t, partial("sample"))
	c, _ := svc.store.Counts(ctx)
	svc.Close()
	if c.Articles < 40 {
		t.Fatalf("interrupted sample import not resumed: %d articles", c.Articles)
	}
	svc = openTest(t, partial("/home/me/kb"))
	c, _ = svc.store.Counts(ctx)
	svc.Close()
	if c.Articles != 1 {
		t.Fatalf("sample mixed into the user's knowledge: %d articles", c.Articles)
	}
}

func TestSecondProcessOnTheSameDataDirIsToldItIsInUse(t *testing.T) {
	dir := t.TempDir()
	svc := openTest(t, dir)
	defer svc.Close()
	_, err := testOpen(context.Background(), Options{DataDir: dir})
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("second open: %v", err)
	}
	if _, err := svc.Search(context.Background(), search.Request{Query: "refund"}, "test"); err != nil {
		t.Fatalf("the first service broke: %v", err)
	}
}

// An embedding service that is down must not keep Concierge from starting,
// nor cost the index: the built-in embedder takes over and the state says why.
func TestUnreachableEmbedderFallsBackToBuiltin(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	svc := openTest(t, dir)
	svc.Close()
	// A closed port on loopback: nothing listens there.
	cfg := `{"embedding":{"provider":"ollama","baseUrl":"http://127.0.0.1:9","model":"nomic-embed-text"}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	svc = openTest(t, dir)
	defer svc.Close()
	if !strings.HasPrefix(svc.EmbedderID(), embed.BuiltinID) {
		t.Fatalf("embedder = %s", svc.EmbedderID())
	}
	if st := svc.State(); st.State != "ready" || !strings.Contains(st.Message, "ollama:nomic-embed-text is unavailable") {
		t.Fatalf("state should explain the fallback: %+v", st)
	}
	resp, err := svc.Search(ctx, search.Request{Query: "refund"}, "test")
	if err != nil || len(resp.Results) == 0 {
		t.Fatalf("search after fallback: %v", err)
	}
	if entries, _ := os.ReadDir(dir); strings.Contains(fmt.Sprint(entries), "broken") {
		t.Fatalf("the index was moved aside: %v", entries)
	}
}
