package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"concierge/indexer/pipeline"
)

type recorder struct {
	mu     sync.Mutex
	events []string
	opened []string
}

func (r *recorder) Emit(name string, _ any) {
	r.mu.Lock()
	r.events = append(r.events, name)
	r.mu.Unlock()
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
	rec := &recorder{}
	var a *App
	svc, err := pipeline.Open(context.Background(), pipeline.Options{
		DataDir:    t.TempDir(),
		OnProgress: func(p pipeline.Progress) { a.OnProgress(p) },
		OnState:    func(s pipeline.State) { a.OnState(s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	a = New(svc)
	a.SetRuntime(rec, rec)
	if err := svc.Bootstrap(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return a, rec
}

func TestServicesEndToEnd(t *testing.T) {
	a, rec := newTestApp(t)

	rec.mu.Lock()
	events := strings.Join(rec.events, ",")
	rec.mu.Unlock()
	if !strings.Contains(events, EventIndexProgress) || !strings.Contains(events, EventIndexState) {
		t.Fatalf("first-run import should emit progress and state events, got %s", events)
	}

	st, err := a.Status.State()
	if err != nil || st.State != "ready" || st.Articles < 40 || st.Passages < st.Articles || st.Embedder == "" {
		t.Fatalf("status: %+v %v", st, err)
	}

	resp, err := a.Search.Search(SearchRequest{Query: "refund", AsYouType: true})
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
