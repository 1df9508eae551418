package core

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/pgstore"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
)

// desk is one desktop of a team: its own data folder (local indexes, feed
// cursor) over the shared database.
type desk struct {
	core    *Core
	dir     string
	mu      sync.Mutex
	changes []knowledge.Change
}

func openDesk(t *testing.T, url, dir string) *desk {
	t.Helper()
	ctx := context.Background()
	st, err := pgstore.Open(ctx, url)
	if err != nil {
		t.Fatalf("open the team database: %v", err)
	}
	d := &desk{dir: dir}
	c, err := Open(ctx, Options{
		DataDir:  dir,
		Stores:   st,
		Feed:     st,
		Keychain: secrets.Memory{},
		OnChange: func(ch knowledge.Change) {
			d.mu.Lock()
			d.changes = append(d.changes, ch)
			d.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatalf("open the core: %v", err)
	}
	d.core = c
	c.Start(ctx)
	if err := c.Bootstrap(ctx); err != nil {
		t.Fatalf("bootstrap: %v", err)
	}
	return d
}

func (d *desk) close(t *testing.T) {
	t.Helper()
	if err := d.core.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}

// finds reports whether a published-only search on this desk finds id.
func (d *desk) finds(t *testing.T, q, id string) bool {
	t.Helper()
	resp, err := d.core.Search(context.Background(), search.Request{Query: q, Mode: search.ModeHybrid, Limit: 10}, "test")
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	for _, h := range resp.Results {
		if h.ArticleID == id && !h.Weak {
			return true
		}
	}
	return false
}

// waitFinds polls until the desk finds (or stops finding) id, and returns
// how long it took; the test fails after limit.
func (d *desk) waitFinds(t *testing.T, q, id string, want bool, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if d.finds(t, q, id) == want {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("after %v the other desktop still %s %s for %q", limit, map[bool]string{true: "does not find", false: "finds"}[want], id, q)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func publish(t *testing.T, c *Core, title, body string) string {
	t.Helper()
	ctx := context.Background()
	ed, err := c.CreateArticle(ctx, ArticleInput{Title: title, Body: body, Department: "billing", Audience: "customer-facing", Language: "en"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if _, err := c.SetStatus(ctx, ed.ID, string(knowledge.StatusPublished), ed.Version, "ready"); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return ed.ID
}

// Two desktops on one team database: an article published on one is
// searchable on the other within 2 s; archiving it takes it away again;
// changes made while a desktop was closed are caught up at its next start.
func TestTeamDesktopsFollowEachOther(t *testing.T) {
	url := pgtest.NewDatabase(t)
	root := t.TempDir()
	a := openDesk(t, url, filepath.Join(root, "a"))
	defer a.close(t)
	b := openDesk(t, url, filepath.Join(root, "b"))

	id := publish(t, a.core, "Refund for a double card charge", "When a card is charged twice, the second charge is refunded within five working days.")
	lag := b.waitFinds(t, "charged twice refund", id, true, 2*time.Second)
	t.Logf("published on A → searchable on B after %v", lag)

	// B indexes a batch of changes, then tells its views: the publication
	// is announced a moment after it became searchable.
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		b.mu.Lock()
		var kinds []string
		for _, ch := range b.changes {
			if ch.Topic == knowledge.TopicArticles {
				kinds = append(kinds, ch.Kind)
			}
		}
		b.mu.Unlock()
		sort.Strings(kinds)
		if strings.Contains(strings.Join(kinds, ","), knowledge.KindPublished) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("B's views were not told of the publication: article changes %v", kinds)
		}
	}

	art, err := a.core.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.core.SetStatus(context.Background(), id, string(knowledge.StatusArchived), art.Version, "gone"); err != nil {
		t.Fatalf("archive: %v", err)
	}
	b.waitFinds(t, "charged twice refund", id, false, 2*time.Second)

	// B closes; A publishes; B catches up at its next start from its cursor.
	b.close(t)
	if _, err := os.Stat(filepath.Join(b.dir, cursorFile)); err != nil {
		t.Fatalf("B kept no change cursor: %v", err)
	}
	id2 := publish(t, a.core, "Parking validation at reception", "Reception validates parking tickets for visitors at no cost.")
	b = openDesk(t, url, b.dir)
	defer b.close(t)
	b.waitFinds(t, "parking ticket validation", id2, true, 2*time.Second)
	if st := b.core.TeamStatus(); !st.Team || !st.Online {
		t.Errorf("team status = %+v, want a connected team database", st)
	}
}
