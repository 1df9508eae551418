package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
	"concierge/knowledge/wiring/teamconn"
)

// openTeamApp opens an app like main.go does on a desktop whose config.json
// selects the team database at url.
func openTeamApp(t *testing.T, dir, url string) (*App, *recorder) {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.Store = config.Store{Driver: "postgres", DSN: url}
	cfg.Profile = config.Profile{Name: "Dana", Role: "editor"}
	if err := config.Save(dir, cfg); err != nil {
		t.Fatal(err)
	}
	kc := secrets.Memory{}
	stores, feed, err := wiring.OpenStoresAndFeed(ctx, dir, cfg, wiring.WithKeychain(kc))
	if err != nil {
		t.Fatalf("open the team database: %v", err)
	}
	rec := &recorder{}
	var a *App
	c, err := core.Open(ctx, core.Options{DataDir: dir, Stores: stores, Feed: feed, Keychain: kc, Connector: teamconn.Connector{},
		OnProgress: func(p core.Progress) { a.OnProgress(p) }, OnChange: func(ch knowledge.Change) { a.OnChange(ch) }})
	if err != nil {
		t.Fatal(err)
	}
	a = New(c)
	a.SetRuntime(rec, rec)
	a.Start(ctx)
	t.Cleanup(func() { a.Shutdown(ctx) })
	if err := c.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	return a, rec
}

// finds reports whether a search through the bound service finds id.
func finds(t *testing.T, a *App, q, id string) bool {
	t.Helper()
	resp, err := a.Search.Search(core.SearchRequest{Query: q, Limit: 10})
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	for _, h := range resp.Results {
		if h.ArticleID == id {
			return true
		}
	}
	return false
}

// syncBound is the bound: published on one desktop, searchable on
// another within 2 s.
const syncBound = 2 * time.Second

// Two app instances on one PostgreSQL server, each with its own data folder
// and local indexes: an article an editor publishes through the bound
// services of one is found by the search service of the other within 2 s.
func TestTwoAppsSyncThroughTheTeamDatabase(t *testing.T) {
	url := pgtest.NewDatabase(t)
	root := t.TempDir()
	a, _ := openTeamApp(t, filepath.Join(root, "a"), url)
	b, recB := openTeamApp(t, filepath.Join(root, "b"), url)

	if v, err := b.Team.Get(); err != nil || !v.Active || !v.Selected || v.RestartNeeded || v.Person != "postgres" || v.Role != "admin" {
		t.Fatalf("B's team view = %+v, %v", v, err)
	}
	const q = "lost parking ticket barrier"
	var lags []time.Duration
	for i, title := range []string{"Lost parking ticket at the barrier", "Parking barrier will not open with a lost ticket", "Replacing a lost parking ticket at the barrier"} {
		ed, err := a.Editor.Create(core.ArticleInput{Title: title, Body: "Reception prints a replacement parking ticket so the barrier opens; no fee is charged.",
			Department: "facilities", Audience: "customer-facing", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if finds(t, b, q, ed.ID) {
			t.Fatalf("B finds the draft %s before it is published", ed.ID)
		}
		start := time.Now()
		if _, err := a.Editor.SetStatus(ed.ID, string(knowledge.StatusPublished), ed.Version, "ready"); err != nil {
			t.Fatal(err)
		}
		for !finds(t, b, q, ed.ID) {
			if time.Since(start) > syncBound {
				t.Fatalf("article %d: B does not find %s %v after A published it", i, ed.ID, syncBound)
			}
			time.Sleep(10 * time.Millisecond)
		}
		lags = append(lags, time.Since(start))
	}
	t.Logf("published on app A → found by app B's search service after %v (bound %v)", lags, syncBound)
	if v, _ := b.Team.Get(); !v.Status.Team || !v.Status.Online || v.Status.AsOf == "" {
		t.Errorf("B's status after following = %+v", v.Status)
	}
	evs, _ := recB.since(0)
	if !strings.Contains(strings.Join(evs, ","), EventKBChanged) {
		t.Errorf("B's window was not told: events %v", evs)
	}
}

// Settings → Team database through the bound service, on a real server:
// the test reports the server and who you are, "Use this database" saves the
// address without the password and asks for a restart, and copying the
// local knowledge base reports what it copied and is safe to repeat.
func TestTeamServiceOnAServer(t *testing.T) {
	url := pgtest.NewDatabase(t)
	a, _ := newTestApp(t) // a desktop on its local knowledge base (the sample)

	if v, err := a.Team.Get(); err != nil || v.Active || v.Selected || v.Status.Team {
		t.Fatalf("local desktop: %+v %v", v, err)
	}
	// newTestApp gives the core no connector; this one is wired like main.go.
	a2 := reopenWithConnector(t, a)

	res, err := a2.Team.Test(url, "")
	if err != nil || !res.Ready || res.Probe.Person != "postgres" || res.Probe.Schema != 0 || !strings.Contains(res.Message, "not there yet") {
		t.Fatalf("test on an empty database: %+v %v", res, err)
	}
	rep, err := a2.Team.CopyLocal(url)
	if err != nil {
		t.Fatalf("copy: %v", err)
	}
	if rep.Articles.Copied < 40 || rep.Versions.Copied < rep.Articles.Copied || !strings.HasPrefix(rep.Message, "Copied ") {
		t.Errorf("first copy: %+v", rep)
	}
	again, err := a2.Team.CopyLocal(url)
	if err != nil || again.Articles.Copied != 0 || again.Articles.Present != rep.Articles.Copied {
		t.Errorf("second copy should copy nothing: %+v %v", again, err)
	}

	res, err = a2.Team.Test(url, "")
	if err != nil || res.Probe.Role != "admin" || res.Probe.Schema != res.Probe.Want || res.Probe.LatencyMs <= 0 || res.Probe.ServerVersion == "" {
		t.Fatalf("test after the copy: %+v %v", res, err)
	}
	v, err := a2.Team.Use(url)
	if err != nil || !v.Selected || v.Active || !v.RestartNeeded {
		t.Fatalf("use: %+v %v", v, err)
	}
	raw, err := os.ReadFile(filepath.Join(a2.cur().DataDir(), config.FileName))
	if err != nil || !strings.Contains(string(raw), `"driver": "postgres"`) {
		t.Errorf("config.json = %s %v", raw, err)
	}
	if _, err := a2.Team.Test("postgres://nobody@127.0.0.1:1/x?connect_timeout=3", ""); err == nil || !strings.Contains(err.Error(), "Check the host and port") {
		t.Errorf("unreachable: %v", err)
	}
	if v, err := a2.Team.UseLocal(); err != nil || v.Selected || v.RestartNeeded {
		t.Errorf("use local: %+v %v", v, err)
	}
}

// reopenWithConnector closes a test app and opens its data folder again
// with the team connector main.go gives the core.
func reopenWithConnector(t *testing.T, a *App) *App {
	t.Helper()
	dir := a.cur().DataDir()
	a.Shutdown(context.Background())
	b, _ := openApp(t, dir, core.Options{Connector: teamconn.Connector{}, SkipSample: true})
	return b
}
