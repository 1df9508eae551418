package core

import (
	"context"
	"sync/atomic"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

// countingStores counts full history reads.
type countingStores struct {
	knowledge.Stores
	versions atomic.Int64
}

func (c *countingStores) Versions(ctx context.Context, id string) ([]knowledge.Version, error) {
	c.versions.Add(1)
	return c.Stores.Versions(ctx, id)
}

// Saving and publishing an article reads its whole history once, not at
// every load, save and publish; who set the status and when stay right.
func TestStatusSinceReadsOnlyNewVersions(t *testing.T) {
	ctx := context.Background()
	c, err := testOpen(ctx, Options{DataDir: t.TempDir(), SkipSample: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st := &countingStores{Stores: c.store}
	c.store = st
	if _, err := c.SaveSettings(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: RoleEditor}); err != nil {
		t.Fatal(err)
	}
	ed, err := c.CreateArticle(ctx, ArticleInput{Title: "Refunds", Body: "Refunds take five days.", Department: "billing"})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := c.SetStatus(ctx, ed.ID, string(knowledge.StatusPublished), ed.Version, "ready")
	if err != nil {
		t.Fatal(err)
	}
	cur := pub
	for i := range 10 {
		loaded, err := c.LoadArticle(ctx, ed.ID)
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.SaveArticle(ctx, ArticleInput{ID: ed.ID, Title: "Refunds", Body: "Refunds take " + string(rune('a'+i)) + " days.", Department: "billing"}, loaded.Version, "")
		if err != nil {
			t.Fatal(err)
		}
		cur = res.Article
	}
	if n := st.versions.Load(); n > 1 {
		t.Errorf("the whole history was read %d times for 1 create, 1 publish, 10 loads and 10 saves; want at most once", n)
	}
	if cur.Status != "published" || cur.StatusBy != "Erin" || cur.StatusAt != pub.StatusAt || pub.StatusAt == "" {
		t.Errorf("status since: %s by %q at %q; published at %q", cur.Status, cur.StatusBy, cur.StatusAt, pub.StatusAt)
	}
	// A fresh core (no memory) computes the same from the full history.
	fresh := &Core{store: st}
	if by, at := fresh.statusSince(ctx, mustGet(t, st, ed.ID)); by != "Erin" || formatTime(at) != pub.StatusAt {
		t.Errorf("from the full history: %q %v", by, at)
	}
}

func mustGet(t *testing.T, s knowledge.Stores, id string) knowledge.Article {
	t.Helper()
	a, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
