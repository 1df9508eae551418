package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

var articleTests = map[string]func(*testing.T, knowledge.Stores){
	"CreateUnchangedUpdate":          testPutCreateUnchangedUpdate,
	"MetadataOnlyChangeKeepsVersion": testPutMetadataOnly,
	"ExpectedVersionConflict":        testPutExpectedVersion,
	"InvalidWritesNothing":           testPutInvalid,
	"Batch":                          testPutBatch,
	"BatchIsAtomic":                  testPutBatchAtomic,
	"BatchCancelledWritesNothing":    testPutBatchCancelled,
	"ListHashesCounts":               testListHashesCounts,
	"GetMissing":                     testGetMissing,
	"GetMany":                        testGetMany,
	"Meta":                           testMeta,
}

func testPutCreateUnchangedUpdate(t *testing.T, s knowledge.Stores) {
	a := article("refunds", "Refunds take five days.")
	a.ReviewBy = time.Date(2027, 1, 2, 15, 0, 0, 0, time.UTC)
	a.Extra = map[string]any{"legacy": "x", "n": 2.0}
	r := mustPut(t, s, a)
	if !r.Created || !r.Changed || r.Article.Version != 1 || r.Article.ContentHash == "" || r.Article.UpdatedAt.IsZero() {
		t.Fatalf("create: %+v", r)
	}
	if !r.Article.ReviewBy.Equal(time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("review date kept as %v, want the date only", r.Article.ReviewBy)
	}
	got, err := s.Get(ctx(t), "refunds")
	if err != nil {
		t.Fatal(err)
	}
	if !sameArticle(got, r.Article) {
		t.Errorf("Get after create:\n got %+v\nwant %+v", got, r.Article)
	}
	again := mustPut(t, s, a)
	if again.Changed || again.Created || again.Article.Version != 1 || !again.Article.UpdatedAt.Equal(r.Article.UpdatedAt) {
		t.Errorf("unchanged put: %+v", again)
	}
	a.Body = "Refunds take three days."
	up := mustPut(t, s, a)
	if !up.Changed || up.Created || up.Article.Version != 2 || up.Article.ContentHash == r.Article.ContentHash {
		t.Errorf("update: %+v", up)
	}
	if got, _ := s.Get(ctx(t), "refunds"); got.Body != a.Body || got.Version != 2 || !got.UpdatedAt.Equal(up.Article.UpdatedAt) {
		t.Errorf("Get after update: %+v", got)
	}
}

// sameArticle compares what a store returns from a write with what it reads.
func sameArticle(a, b knowledge.Article) bool {
	if !a.UpdatedAt.Equal(b.UpdatedAt) || !a.ReviewBy.Equal(b.ReviewBy) {
		return false
	}
	a.UpdatedAt, b.UpdatedAt, a.ReviewBy, b.ReviewBy = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if len(a.Tags) == 0 && len(b.Tags) == 0 {
		a.Tags, b.Tags = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func testPutMetadataOnly(t *testing.T, s knowledge.Stores) {
	a := article("vpn", "Use the VPN.")
	first := mustPut(t, s, a)
	a.Source, a.SourcePath, a.Extra = "/kb", "it/vpn.md", map[string]any{"legacy": "yes"}
	r := mustPut(t, s, a)
	if r.Changed || r.Article.Version != 1 || r.Article.Source != "/kb" {
		t.Errorf("metadata-only change: %+v", r)
	}
	got, _ := s.Get(ctx(t), "vpn")
	if got.Version != 1 || got.SourcePath != "it/vpn.md" || got.Extra["legacy"] != "yes" || got.ContentHash != first.Article.ContentHash {
		t.Errorf("after metadata-only change: %+v", got)
	}
	if vs, _ := s.Versions(ctx(t), "vpn"); len(vs) != 1 {
		t.Errorf("metadata-only change made a version: %d versions", len(vs))
	}
}

func testPutExpectedVersion(t *testing.T, s knowledge.Stores) {
	a := article("fees", "Fees are 5.")
	mustPut(t, s, a)
	a.Body = "Fees are 6."
	mustPut(t, s, a) // version 2
	a.Body = "Fees are 7."
	_, err := s.Put(ctx(t), a, knowledge.PutOptions{ExpectedVersion: 1})
	if !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("stale ExpectedVersion: %v, want ErrConflict", err)
	}
	if got, _ := s.Get(ctx(t), "fees"); got.Body != "Fees are 6." || got.Version != 2 {
		t.Errorf("a conflicting save changed the article: %+v", got)
	}
	if r, err := s.Put(ctx(t), a, knowledge.PutOptions{ExpectedVersion: 2}); err != nil || r.Article.Version != 3 {
		t.Errorf("current ExpectedVersion: %+v, %v", r, err)
	}
	if _, err := s.Put(ctx(t), article("ghost", "x"), knowledge.PutOptions{ExpectedVersion: 4}); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("ExpectedVersion of a missing article: %v, want ErrConflict", err)
	}
	if _, err := s.Get(ctx(t), "ghost"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("a conflicting save created the article: %v", err)
	}
}

func testPutInvalid(t *testing.T, s knowledge.Stores) {
	for _, a := range []knowledge.Article{
		{ID: "Bad ID", Title: "x"},
		{ID: "no-title", Body: "x"},
		{ID: "bad-status", Title: "x", Status: "gone"},
		{ID: "bad-utf8", Title: "x", Body: "\xff\xfe"},
	} {
		if _, err := s.Put(ctx(t), a, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrInvalid) {
			t.Errorf("Put(%q): %v, want ErrInvalid", a.ID, err)
		}
	}
	if h, err := s.Hashes(ctx(t)); err != nil || len(h) != 0 {
		t.Errorf("invalid articles were written: %v, %v", h, err)
	}
}

func testPutBatch(t *testing.T, s knowledge.Stores) {
	mustPut(t, s, article("b", "old"))
	rs, err := s.PutBatch(ctx(t), []knowledge.Article{article("c", "new"), article("b", "changed"), article("a", "new")},
		knowledge.PutOptions{Author: "import"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 || rs[0].Article.ID != "c" || !rs[0].Created || rs[1].Article.ID != "b" || rs[1].Created ||
		!rs[1].Changed || rs[1].Article.Version != 2 || rs[2].Article.ID != "a" {
		t.Errorf("PutBatch results: %+v", rs)
	}
}

func testPutBatchAtomic(t *testing.T, s knowledge.Stores) {
	_, err := s.PutBatch(ctx(t), []knowledge.Article{article("ok", "x"), {ID: "broken"}}, knowledge.PutOptions{})
	if !errors.Is(err, knowledge.ErrInvalid) || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("PutBatch with an invalid article: %v", err)
	}
	if _, err := s.Get(ctx(t), "ok"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("a failed batch wrote part of itself: %v", err)
	}
}

func testPutBatchCancelled(t *testing.T, s knowledge.Stores) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PutBatch(c, []knowledge.Article{article("a", "x")}, knowledge.PutOptions{}); err == nil {
		t.Fatal("PutBatch with a cancelled context succeeded")
	}
	if h, _ := s.Hashes(ctx(t)); len(h) != 0 {
		t.Errorf("a cancelled batch wrote %v", h)
	}
}

func testListHashesCounts(t *testing.T, s knowledge.Stores) {
	c, err := s.Counts(ctx(t))
	if err != nil || c.Articles != 0 || !c.LastUpdateAt.IsZero() {
		t.Fatalf("empty Counts = %+v, %v", c, err)
	}
	mk := func(id, dept, lang string, st knowledge.Status) knowledge.Article {
		a := article(id, "body of "+id)
		a.Department, a.Language, a.Status = dept, lang, st
		return a
	}
	var last knowledge.PutResult
	for _, a := range []knowledge.Article{
		mk("z-last", "Billing", "en", knowledge.StatusPublished),
		mk("a-first", "Billing", "en", knowledge.StatusDraft),
		mk("m-mid", "IT", "ru", knowledge.StatusPublished),
		mk("old", "Archive", "en", knowledge.StatusArchived),
		mk("B-upper-is-invalid", "", "en", ""),
	} {
		r, err := s.Put(ctx(t), a, knowledge.PutOptions{})
		if a.ID == "B-upper-is-invalid" {
			if !errors.Is(err, knowledge.ErrInvalid) {
				t.Fatalf("upper-case id: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		last = r
	}
	all, err := s.List(ctx(t), knowledge.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if ids := articleIDs(all); ids != "a-first,m-mid,old,z-last" {
		t.Errorf("List order = %s", ids)
	}
	pub, _ := s.List(ctx(t), knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusPublished, knowledge.StatusDraft}, Department: "Billing"})
	if ids := articleIDs(pub); ids != "a-first,z-last" {
		t.Errorf("List by status and department = %s", ids)
	}
	ru, _ := s.List(ctx(t), knowledge.ListFilter{Language: "ru"})
	if ids := articleIDs(ru); ids != "m-mid" {
		t.Errorf("List by language = %s", ids)
	}
	lim, _ := s.List(ctx(t), knowledge.ListFilter{Limit: 2})
	if ids := articleIDs(lim); ids != "a-first,m-mid" {
		t.Errorf("List with limit = %s", ids)
	}
	bare, err := s.List(ctx(t), knowledge.ListFilter{WithoutBodies: true})
	if err != nil || len(bare) != len(all) {
		t.Fatalf("List without bodies = %d articles, %v", len(bare), err)
	}
	for i, a := range bare {
		full := all[i]
		if a.Body != "" || full.Body == "" {
			t.Errorf("List without bodies: %s has body %q (full list: %q)", a.ID, a.Body, full.Body)
		}
		full.Body = ""
		if !reflect.DeepEqual(a, full) {
			t.Errorf("List without bodies: %s = %+v, want %+v without its body", a.ID, a, full)
		}
	}
	h, err := s.Hashes(ctx(t))
	if err != nil || len(h) != 4 || h["old"] == "" || h["z-last"] != all[3].ContentHash {
		t.Errorf("Hashes = %v, %v", h, err)
	}
	c, err = s.Counts(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 4 || c.ByStatus[knowledge.StatusPublished] != 2 || c.ByStatus[knowledge.StatusArchived] != 1 ||
		c.Departments != 2 || !c.LastUpdateAt.Equal(last.Article.UpdatedAt) {
		t.Errorf("Counts = %+v (last update %v)", c, last.Article.UpdatedAt)
	}
}

func articleIDs(as []knowledge.Article) string {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return strings.Join(ids, ",")
}

func testGetMissing(t *testing.T, s knowledge.Stores) {
	if _, err := s.Get(ctx(t), "nothing"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Get of a missing article: %v", err)
	}
}

// testGetMany: a store that reads many articles at once (GetMany, which
// the core uses when a store has it) returns what Get returns, in the
// order asked, each article once, leaving out missing ids — across more
// articles than one of its queries reads.
func testGetMany(t *testing.T, s knowledge.Stores) {
	g, ok := s.(interface {
		GetMany(context.Context, []string) ([]knowledge.Article, error)
	})
	if !ok {
		t.Skip("the store reads articles one at a time")
	}
	var batch []knowledge.Article
	for i := range 1203 {
		batch = append(batch, article(fmt.Sprintf("a%04d", i), fmt.Sprintf("Body %d.", i)))
	}
	if _, err := s.PutBatch(ctx(t), batch, knowledge.PutOptions{Author: "Ed"}); err != nil {
		t.Fatal(err)
	}
	ids := []string{"a1202", "missing", "a0000", "a0600", "a0000"}
	for i := 1201; i >= 1; i -= 2 {
		ids = append(ids, fmt.Sprintf("a%04d", i))
	}
	got, err := g.GetMany(ctx(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a1202", "a0000", "a0600"}
	for i := 1201; i >= 1; i -= 2 {
		want = append(want, fmt.Sprintf("a%04d", i))
	}
	if articleIDs(got) != strings.Join(want, ",") {
		t.Fatalf("GetMany returned %d articles, in another order or with others: %.80s…", len(got), articleIDs(got))
	}
	for _, a := range got[:5] {
		one, err := s.Get(ctx(t), a.ID)
		if err != nil || !sameArticle(a, one) {
			t.Fatalf("GetMany's %s differs from Get's:\n%+v\n%+v (%v)", a.ID, a, one, err)
		}
	}
	if got, err := g.GetMany(ctx(t), nil); err != nil || len(got) != 0 {
		t.Fatalf("GetMany of nothing: %d articles, %v", len(got), err)
	}
}

func testMeta(t *testing.T, s knowledge.Stores) {
	if _, ok, err := s.Meta(ctx(t), "k"); ok || err != nil {
		t.Fatalf("missing meta: %v %v", ok, err)
	}
	for _, v := range []string{"one", "two"} {
		if err := s.SetMeta(ctx(t), "k", v); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.Meta(ctx(t), "k"); got != v || !ok || err != nil {
			t.Errorf("Meta = %q %v %v, want %q", got, ok, err, v)
		}
	}
	if err := s.SetMeta(ctx(t), "", "x"); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("empty key: %v", err)
	}
}
