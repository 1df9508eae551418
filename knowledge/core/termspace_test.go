package core

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

// The built-in embedder learns its term space from the knowledge base at
// the first reconcile, opens with the same space after a restart (no
// re-embed), keeps it while articles change a little, and learns a new one
// once more than a quarter of the knowledge base has changed.
func TestTermSpaceLearnedFrozenAndRelearned(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := openTest(t, dir)
	first := c.EmbedderID()
	if !strings.HasPrefix(first, embed.BuiltinID+"+kb-") {
		t.Fatalf("embedder after the first reconcile: %s", first)
	}
	n := c.eng().Stats().Articles
	c.Close()

	c, err := testOpen(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.EmbedderID(); got != first {
		t.Errorf("reopened with %s, not the saved space %s", got, first)
	}
	if err := c.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	// A few new articles: the space stays, they are embedded alone.
	add := func(k int) {
		t.Helper()
		var as []knowledge.Article
		for i := 0; i < k; i++ {
			as = append(as, knowledge.Article{ID: fmt.Sprintf("drift-%d-%d", k, i), Title: fmt.Sprintf("Parking permit %d", i),
				Body:   "Visitors buy a parking permit at the kiosk; the permit covers the garage and the surface lot.",
				Status: knowledge.StatusPublished, Audience: knowledge.AudienceCustomer, Department: "Facilities", Language: "en"})
		}
		if err := c.PutArticles(ctx, as, "test"); err != nil {
			t.Fatal(err)
		}
	}
	add(2)
	if got := c.EmbedderID(); got != first {
		t.Errorf("two new articles changed the space: %s", got)
	}
	add(n/3 + 1)
	second := c.EmbedderID()
	if second == first || !strings.HasPrefix(second, embed.BuiltinID+"+kb-") {
		t.Errorf("after a third of the base changed the space is still %s", second)
	}
	resp, err := c.Search(ctx, search.Request{Query: "parking permit kiosk", Mode: search.ModeVector}, "")
	if err != nil || len(resp.Results) == 0 || !strings.HasPrefix(resp.Results[0].ArticleID, "drift-") {
		t.Errorf("vector search after relearning: %v %v", resp.Results, err)
	}
	c.Close()
}
