package search_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

func fixtures() []knowledge.Article {
	return []knowledge.Article{
		{ID: "refunds", Title: "Refund policy", Language: "en", Department: "billing", Tags: []string{"refund", "payments"},
			Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished, Version: 3,
			Body: "## Eligibility\n\nCustomers can request a refund within 30 days of purchase.\n\n## How to refund\n\nOpen the order in the admin panel and click **Refund**. Partial refunds are allowed."},
		{ID: "password", Title: "Resetting a password", Language: "en", Department: "accounts", Tags: []string{"login"},
			Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished,
			Body: "Send the customer the reset link. The link expires after 24 hours. Codes look like `<b>&x</b>`. Never share passwords."},
		{ID: "shipping-draft", Title: "Shipping abroad", Language: "en", Department: "logistics", Tags: []string{"shipping"},
			Audience: knowledge.AudienceInternal, Status: knowledge.StatusDraft,
			Body: "International shipping takes 7 to 14 days. Refund shipping costs only for damaged goods."},
		{ID: "vozvrat", Title: "Возврат денег", Language: "ru", Department: "billing", Tags: []string{"refund"},
			Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished,
			Body: "Клиенты могут вернуть деньги в течение 30 дней после покупки. Возвраты оформляются в панели."},
		{ID: "khuen-ngoen", Title: "การคืนเงิน", Language: "th", Department: "billing", Tags: []string{"refund"},
			Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished,
			Body: "ลูกค้าสามารถขอคืนเงินได้ภายใน 30 วัน โดยกรอกแบบฟอร์ม OTP ที่ส่งทาง SMS"},
	}
}

func newEngine(t *testing.T) *search.Engine {
	t.Helper()
	e, err := search.OpenMemory(context.Background(), embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if err := e.Upsert(context.Background(), fixtures()); err != nil {
		t.Fatal(err)
	}
	return e
}

// engineWith is an in-memory engine holding arts, each made a published
// English article.
func engineWith(t *testing.T, arts []knowledge.Article) *search.Engine {
	t.Helper()
	e, err := search.OpenMemory(context.Background(), embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	for i := range arts {
		arts[i].Language, arts[i].Status = "en", knowledge.StatusPublished
	}
	if err := e.Upsert(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return e
}

func ids(r search.Response) []string {
	var out []string
	for _, h := range r.Results {
		out = append(out, h.ArticleID)
	}
	return out
}

func mustSearch(t *testing.T, e *search.Engine, req search.Request) search.Response {
	t.Helper()
	r, err := e.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSearchModesAndGrouping(t *testing.T) {
	e := newEngine(t)
	for _, m := range []search.Mode{search.ModeHybrid, search.ModeBM25, search.ModeVector, ""} {
		r := mustSearch(t, e, search.Request{Query: "how do I refund an order", Mode: m})
		if len(r.Results) == 0 || r.Results[0].ArticleID != "refunds" {
			t.Fatalf("mode %q: got %v", m, ids(r))
		}
		top := r.Results[0]
		if top.Title != "Refund policy" || top.Department != "billing" || top.Version != 3 || len(top.Passages) == 0 {
			t.Errorf("mode %q: hit %+v", m, top)
		}
		for _, h := range r.Results {
			if h.Status != "published" {
				t.Errorf("mode %q: unpublished %s returned by default", m, h.ArticleID)
			}
		}
	}
	r := mustSearch(t, e, search.Request{Query: "refund order admin panel", PassagesPerArticle: 1})
	if len(r.Results[0].Passages) != 1 {
		t.Errorf("PassagesPerArticle ignored: %d", len(r.Results[0].Passages))
	}
	p := r.Results[0].Passages[0]
	if p.PassageID != "refunds#1" || len(p.Headings) != 1 || p.Headings[0] != "How to refund" || p.BM25Rank == 0 {
		t.Errorf("best passage %+v", p)
	}
	if strings.Contains(p.Text, "**") {
		t.Errorf("markdown in text %q", p.Text)
	}
}

func TestSearchEmptyQuery(t *testing.T) {
	e := newEngine(t)
	r, err := e.Search(context.Background(), search.Request{Query: "   "})
	if err != nil || len(r.Results) != 0 || r.Total != 0 {
		t.Fatalf("empty query: %+v %v", r, err)
	}
	if _, err := e.Search(context.Background(), search.Request{Query: "x", Mode: "nope"}); err == nil {
		t.Error("unknown mode accepted")
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	e := newEngine(t)
	r := mustSearch(t, e, search.Request{Query: "refund shipping", Mode: search.ModeBM25,
		Filters: search.Filters{Statuses: []string{"draft", "published"}}})
	if !contains(ids(r), "shipping-draft") {
		t.Errorf("draft missing with explicit statuses: %v", ids(r))
	}
	r = mustSearch(t, e, search.Request{Query: "refund", Filters: search.Filters{Departments: []string{"billing"}, Languages: []string{"en"}}})
	if got := ids(r); len(got) != 1 || got[0] != "refunds" {
		t.Errorf("dept+lang filter: %v", got)
	}
	r = mustSearch(t, e, search.Request{Query: "refund", Mode: search.ModeBM25, Limit: 1,
		Filters: search.Filters{Statuses: []string{"draft", "published"}}})
	if len(r.Results) != 1 || r.Total < 2 {
		t.Fatalf("limit/total: %d results, total %d", len(r.Results), r.Total)
	}
	// Facets count all matching articles, not just the page of one.
	sum := 0
	for _, f := range r.Facets.Departments {
		sum += f.Count
	}
	if sum != r.Total {
		t.Errorf("department facets sum %d, total %d: %+v", sum, r.Total, r.Facets)
	}
	r = mustSearch(t, e, search.Request{Query: "refund", Filters: search.Filters{Tags: []string{"login"}}})
	for _, h := range r.Results {
		if h.ArticleID != "password" {
			t.Errorf("tag filter let %s through", h.ArticleID)
		}
	}
	r = mustSearch(t, e, search.Request{Query: "refund", Filters: search.Filters{Audiences: []string{"internal"}}})
	if len(r.Results) != 0 {
		t.Errorf("audience filter: %v", ids(r))
	}
}

func TestSearchSnippetsAreSafeHTML(t *testing.T) {
	e := newEngine(t)
	r := mustSearch(t, e, search.Request{Query: "reset passwords", Mode: search.ModeBM25})
	if len(r.Results) == 0 || r.Results[0].ArticleID != "password" {
		t.Fatalf("got %v", ids(r))
	}
	s := r.Results[0].Passages[0].Snippet
	if strings.Contains(s, "<b>") || !strings.Contains(s, "&lt;b&gt;&amp;x&lt;/b&gt;") {
		t.Errorf("snippet not escaped: %q", s)
	}
	if !strings.Contains(s, "<mark>reset</mark>") || !strings.Contains(s, "<mark>passwords</mark>") {
		t.Errorf("snippet not highlighted: %q", s)
	}
}

func TestSearchRussianAndThai(t *testing.T) {
	e := newEngine(t)
	r := mustSearch(t, e, search.Request{Query: "возвраты денег", Mode: search.ModeBM25})
	if len(r.Results) == 0 || r.Results[0].ArticleID != "vozvrat" {
		t.Errorf("russian: %v", ids(r))
	}
	for _, m := range []search.Mode{search.ModeBM25, search.ModeHybrid} {
		r = mustSearch(t, e, search.Request{Query: "คืนเงิน", Mode: m})
		if len(r.Results) == 0 || r.Results[0].ArticleID != "khuen-ngoen" {
			t.Errorf("thai %s: %v", m, ids(r))
		}
	}
	if s := r.Results[0].Passages[0].Snippet; !strings.Contains(s, "<mark>") {
		t.Errorf("thai snippet not highlighted: %q", s)
	}
	r = mustSearch(t, e, search.Request{Query: "OTP", Mode: search.ModeBM25})
	if !contains(ids(r), "khuen-ngoen") {
		t.Errorf("latin word in thai article: %v", ids(r))
	}
}

func TestSearchAsYouType(t *testing.T) {
	e := newEngine(t)
	r := mustSearch(t, e, search.Request{Query: "passw", Mode: search.ModeBM25, AsYouType: true})
	if len(r.Results) == 0 || r.Results[0].ArticleID != "password" {
		t.Errorf("prefix: %v", ids(r))
	}
	r = mustSearch(t, e, search.Request{Query: "refnud policy", Mode: search.ModeBM25, AsYouType: true})
	if len(r.Results) == 0 || r.Results[0].ArticleID != "refunds" {
		t.Errorf("typo: %v", ids(r))
	}
	r = mustSearch(t, e, search.Request{Query: "passw", Mode: search.ModeBM25})
	if contains(ids(r), "password") {
		t.Errorf("prefix matched without AsYouType: %v", ids(r))
	}
}

func TestUpsertReplacesAndDelete(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	st := e.Stats()
	if st.Articles != 5 || st.Passages < 6 || st.Vectors != st.Passages || st.Embedder != embed.BuiltinID {
		t.Fatalf("stats %+v", st)
	}
	a := fixtures()[0]
	a.Body = "Refunds are handled by the finance team via zebra tickets."
	if err := e.Upsert(ctx, []knowledge.Article{a}); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, e, search.Request{Query: "zebra", Mode: search.ModeBM25}); len(ids(r)) != 1 {
		t.Errorf("new text not found: %v", ids(r))
	}
	if r := mustSearch(t, e, search.Request{Query: "admin panel", Mode: search.ModeBM25}); contains(ids(r), "refunds") {
		t.Errorf("old passage still found: %v", ids(r))
	}
	if got := e.Stats(); got.Passages != st.Passages-1 || got.Vectors != got.Passages {
		t.Errorf("stats after shrink %+v (was %+v)", got, st)
	}
	if err := e.Delete(ctx, "refunds", "unknown"); err != nil {
		t.Fatal(err)
	}
	for _, m := range []search.Mode{search.ModeBM25, search.ModeVector} {
		if r := mustSearch(t, e, search.Request{Query: "zebra refunds", Mode: m}); contains(ids(r), "refunds") {
			t.Errorf("%s: deleted article found", m)
		}
	}
	if got := e.Stats(); got.Articles != 4 {
		t.Errorf("stats after delete %+v", got)
	}
	e.Close()
	if _, err := e.Search(ctx, search.Request{Query: "x"}); !errors.Is(err, search.ErrClosed) {
		t.Errorf("search after close: %v", err)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// A second process (here: a second engine) opening a held index is told it
// is in use — it must not mistake the lock for damage and move the index
// aside.
func TestSecondOpenIsLockedNotRepaired(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if err := first.Upsert(ctx, fixtures()); err != nil {
		t.Fatal(err)
	}
	if _, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{}); !errors.Is(err, search.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	resp, err := first.Search(ctx, search.Request{Query: "refund"})
	if err != nil || len(resp.Results) == 0 {
		t.Fatalf("the first engine lost its index: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		t.Fatal("index directory emptied")
	}
	for _, e := range mustReadDir(t, dir) {
		if strings.Contains(e, "broken") {
			t.Fatalf("a locked index was moved aside as broken: %s", e)
		}
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
