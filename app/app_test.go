package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

type recorder struct {
	mu     sync.Mutex
	events []string
	data   []any
	opened []string
}

func (r *recorder) Emit(name string, data any) {
	r.mu.Lock()
	r.events = append(r.events, name)
	r.data = append(r.data, data)
	r.mu.Unlock()
}

// since returns the events (name and payload) recorded after the first n.
func (r *recorder) since(n int) ([]string, []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events[n:]...), append([]any(nil), r.data[n:]...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

var (
	storesMu   sync.Mutex
	testStores = map[*App]knowledge.Stores{}
)

// storeOf is the store under a test app, for checks behind the use cases.
func storeOf(a *App) knowledge.Stores {
	storesMu.Lock()
	defer storesMu.Unlock()
	return testStores[a]
}

// openApp opens the stores through the wiring, the core over them and the
// app over the core, wired like main.go, and bootstraps synchronously.
func openApp(t testing.TB, dir string, opts core.Options) (*App, *recorder) {
	t.Helper()
	ctx := context.Background()
	rec := &recorder{}
	st, err := wiring.OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var a *App
	opts.DataDir, opts.Stores = dir, st
	if opts.Keychain == nil {
		opts.Keychain = secrets.Memory{}
	}
	opts.OnProgress = func(p core.Progress) { a.OnProgress(p) }
	opts.OnChange = func(ch knowledge.Change) { a.OnChange(ch) }
	c, err := core.Open(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	a = New(c)
	a.SetRuntime(rec, rec)
	storesMu.Lock()
	testStores[a] = st
	storesMu.Unlock()
	t.Cleanup(func() {
		a.Shutdown(ctx)
		storesMu.Lock()
		delete(testStores, a)
		storesMu.Unlock()
	})
	if err := c.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	return a, rec
}

func (r *recorder) OpenURL(u string) error {
	r.mu.Lock()
	r.opened = append(r.opened, u)
	r.mu.Unlock()
	return nil
}

func (r *recorder) SetClipboard(string) error { return nil }

func newTestApp(t *testing.T) (*App, *recorder) {
	t.Helper()
	return openApp(t, t.TempDir(), core.Options{})
}

func TestServicesEndToEnd(t *testing.T) {
	a, rec := newTestApp(t)

	rec.mu.Lock()
	events := strings.Join(rec.events, ",")
	rec.mu.Unlock()
	if !strings.Contains(events, EventIndexProgress) || !strings.Contains(events, EventIndexState) {
		t.Fatalf("first-run import should emit progress and state events, got %s", events)
	}

	if p, err := a.Status.Progress(); err != nil || p.Total == 0 || p.Done != p.Total {
		t.Fatalf("the last progress of the first run should be a finished phase: %+v %v", p, err)
	}
	st, err := a.Status.State()
	if err != nil || st.State != "ready" || st.Articles < 40 || st.Passages < st.Articles || st.Embedder == "" {
		t.Fatalf("status: %+v %v", st, err)
	}

	resp, err := a.Search.Search(core.SearchRequest{Query: "refund", AsYouType: true})
	if err != nil || len(resp.Results) == 0 {
		t.Fatalf("search: %v", err)
	}
	view, err := a.Articles.Get(resp.Results[0].ArticleID)
	if err != nil {
		t.Fatal(err)
	}
	if view.HTML == "" || view.Title == "" || view.Department == "" || view.Version < 1 || view.UpdatedAt == "" {
		t.Fatalf("article view incomplete: %+v", view)
	}
	if strings.Contains(view.HTML, "<script") {
		t.Fatal("unsanitised HTML")
	}

	if _, err := a.Articles.Get("no-such-article"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing article error: %v", err)
	}

	depts, err := a.Articles.Departments()
	if err != nil || len(depts) < 6 {
		t.Fatalf("departments: %v %v", depts, err)
	}
	for i := 1; i < len(depts); i++ {
		if depts[i].Count > depts[i-1].Count {
			t.Fatalf("departments not sorted by size: %v", depts)
		}
	}
}

func TestOpenExternalOnlyWebAndMail(t *testing.T) {
	a, rec := newTestApp(t)
	for _, ok := range []string{"https://example.org/help", "http://example.org", "mailto:help@example.org"} {
		if err := a.System.OpenExternal(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "https://", "vbscript:x", "ms-settings:", ""} {
		if err := a.System.OpenExternal(bad); !errors.Is(err, ErrUnsafeURL) {
			t.Errorf("%q should be refused, got %v", bad, err)
		}
	}
	if len(rec.opened) != 3 {
		t.Fatalf("opened %v", rec.opened)
	}
}
