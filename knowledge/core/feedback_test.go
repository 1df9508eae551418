package core

import (
	"context"
	"slices"
	"testing"
	"time"

	"concierge/knowledge/config"
	"concierge/knowledge/search"
)

func top(t *testing.T, c *Core, q string, n int) []string {
	t.Helper()
	resp, err := c.Search(context.Background(), search.Request{Query: q, Mode: search.ModeHybrid, Limit: 10}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, r := range resp.Results {
		if i < n {
			ids = append(ids, r.ArticleID)
		}
	}
	return ids
}

func as(t *testing.T, c *Core, name, role string) {
	t.Helper()
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.Profile = config.Profile{Name: name, Role: role} }); err != nil {
		t.Fatal(err)
	}
}

// A simulated click log: a paraphrase that misses its article today finds
// it after a few agents' uses; one agent's burst of opens moves nothing;
// what was learned survives a restart and an editor's reset removes it,
// also across a restart.
func TestClickLogTeachesParaphrasesAndResistsBursts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	c := openTestWith(t, Options{DataDir: dir, Clock: clk.Now})
	const (
		target = "records-amendment-request"
		q      = "stuff on my chart that is not true"
	)
	before := top(t, c, q, 10)
	if slices.Contains(before[:min(3, len(before))], target) {
		t.Fatalf("premise: %s already in the top 3 for %q: %v", target, q, before)
	}

	// One agent opens another article 300 times after the same query.
	as(t, c, "mallory", RoleAgent)
	for i := 0; i < 300; i++ {
		if err := c.RecordOpen(ctx, q, "billing-fee-waivers"); err != nil {
			t.Fatal(err)
		}
	}
	if got := top(t, c, q, 10); !slices.Equal(got, before) {
		t.Fatalf("one agent's burst moved the ranking:\n before %v\n after  %v", before, got)
	}

	// Three agents, on different days, search paraphrases and open the article.
	for i, u := range []string{"ana", "ben", "chen"} {
		clk.Add(24 * time.Hour)
		as(t, c, u, RoleAgent)
		query := []string{"stuff on my chart that is not true", "stuff on my chart not true", "my chart has stuff that is not true"}[i]
		if err := c.RecordOpen(ctx, query, target); err != nil {
			t.Fatal(err)
		}
	}
	if got := top(t, c, q, 3); !slices.Contains(got, target) {
		t.Fatalf("after three agents' uses %s is not in the top 3: %v", target, got)
	}
	if got := top(t, c, "refund for a cancelled visit", 3); slices.Contains(got, target) {
		t.Errorf("an unrelated query was boosted: %v", got)
	}
	c.Close()

	// Learned from the stored log at the next start.
	c = openTestWith(t, Options{DataDir: dir, Clock: clk.Now})
	if got := top(t, c, q, 3); !slices.Contains(got, target) {
		t.Fatalf("after a restart %s is not in the top 3: %v", target, got)
	}
	as(t, c, "ana", RoleAgent)
	if err := c.ResetLearned(ctx, []string{target}); err == nil {
		t.Error("an agent reset what was learned")
	}
	as(t, c, "ed", RoleEditor)
	learned, err := c.LearnedBoosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var seen, burst bool
	for _, l := range learned {
		seen = seen || (l.ArticleID == target && l.Active)
		burst = burst || (l.ArticleID == "billing-fee-waivers" && !l.Active && l.Users == 1 && l.Weight <= 1)
	}
	if !seen || !burst {
		t.Errorf("editor's list lacks the active boost or the capped burst: %+v", learned)
	}
	if err := c.ResetLearned(ctx, []string{target}); err != nil {
		t.Fatal(err)
	}
	if got := top(t, c, q, 10); !slices.Equal(got, before) {
		t.Errorf("after the reset the ranking is %v, not %v", got, before)
	}
	c.Close()
	c = openTestWith(t, Options{DataDir: dir, Clock: clk.Now})
	defer c.Close()
	if got := top(t, c, q, 10); !slices.Equal(got, before) {
		t.Errorf("the reset did not survive a restart: %v, not %v", got, before)
	}
}
