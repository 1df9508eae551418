package app

import (
	"context"
	"path/filepath"
	"slices"
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

// setMainReopener gives a test app the reopener main.go gives the real one.
func setMainReopener(a *App) {
	dir := a.cur().DataDir()
	a.SetReopener(func(ctx context.Context) (*core.Core, error) {
		cfg, err := config.Load(dir)
		if err != nil {
			return nil, err
		}
		kc := secrets.Memory{}
		opened, err := wiring.OpenForApp(ctx, dir, cfg, wiring.WithKeychain(kc))
		if err != nil {
			return nil, err
		}
		return core.Open(ctx, core.Options{DataDir: dir, Stores: opened.Stores, Feed: opened.Feed, ReadOnly: opened.ReadOnly,
			Keychain: kc, Connector: teamconn.Connector{}, SkipSample: true,
			OnProgress: func(p core.Progress) { a.OnProgress(p) }, OnChange: func(ch knowledge.Change) { a.OnChange(ch) }})
	})
}

// waitFinds searches through the bound service until id is found (want) or
// no longer found (!want), failing after limit.
func waitFinds(t *testing.T, a *App, q, id string, want bool, limit time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(limit); finds(t, a, q, id) != want; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: search %q finds %s = %v, want %v", limit, q, id, !want, want)
		}
	}
}

// Settings → Team database → "Use this database" switches a running desktop
// from its local knowledge base to the team database at once (no restart):
// the search service then finds what another desktop published there, the
// window hears store:switched, and "Use this computer's database" switches
// back the same way.
func TestUseSwitchesWithoutARestart(t *testing.T) {
	url := pgtest.NewDatabase(t)
	root := t.TempDir()
	other, _ := openTeamApp(t, filepath.Join(root, "other"), url)
	ed, err := other.Editor.Create(core.ArticleInput{Title: "Lost parking ticket", Body: "Reception prints a replacement parking ticket so the barrier opens; no fee is charged.",
		Department: "facilities", Audience: "customer-facing", Language: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Editor.SetStatus(ed.ID, string(knowledge.StatusPublished), ed.Version, "ready"); err != nil {
		t.Fatal(err)
	}

	a, _ := newTestApp(t) // a desktop on its local knowledge base (the sample)
	a2 := reopenWithConnector(t, a)
	rec := &recorder{}
	a2.SetRuntime(rec, rec)
	setMainReopener(a2)
	local := "billing-duplicate-charge"
	waitFinds(t, a2, "charged twice", local, true, 10*time.Second)
	if finds(t, a2, "replacement parking ticket", ed.ID) {
		t.Fatal("the local desktop finds the team article before switching")
	}
	before := a2.cur()

	v, err := a2.Team.Use(url)
	if err != nil || !v.Selected || !v.Active || v.RestartNeeded || v.Person == "" {
		t.Fatalf("use: %+v %v; want the team database in use at once", v, err)
	}
	if a2.cur() == before {
		t.Fatal("the core was not replaced")
	}
	waitFinds(t, a2, "replacement parking ticket", ed.ID, true, 20*time.Second)
	waitFinds(t, a2, "charged twice", local, false, 20*time.Second) // the team database has no sample
	// Following the team's changes starts once the new core's first
	// reconcile is done, a moment after the article above is found.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		v, _ := a2.Team.Get()
		if v.Status.Team && v.Status.Online {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection 10 s after the switch: %+v", v.Status)
		}
	}
	rec.mu.Lock()
	switched := slices.Contains(rec.events, EventStoreSwitched)
	rec.mu.Unlock()
	if !switched {
		t.Error("the window was not told the store switched")
	}
	if who, ok := a2.cur().SignedIn(); !ok || who.Name == "" {
		t.Errorf("signed in after the switch: %+v %v", who, ok)
	}

	v, err = a2.Team.UseLocal()
	if err != nil || v.Selected || v.Active || v.RestartNeeded {
		t.Fatalf("use local: %+v %v; want this computer's database in use at once", v, err)
	}
	waitFinds(t, a2, "charged twice", local, true, 20*time.Second)
	waitFinds(t, a2, "replacement parking ticket", ed.ID, false, 20*time.Second)
}

// A team database that cannot be opened leaves the desktop where it was:
// the previous choice is put back and its knowledge base still answers.
func TestUseThatCannotOpenStaysOnTheLocalDatabase(t *testing.T) {
	a, _ := newTestApp(t)
	a2 := reopenWithConnector(t, a)
	setMainReopener(a2)
	before := a2.cur().Config().Store
	err := a2.switchStore(context.Background(), func() error {
		_, err := a2.cur().UpdateConfig(func(cfg *config.Config) { cfg.Store = before })
		return err
	})
	if err != nil {
		t.Fatalf("switching to the same local database: %v", err)
	}
	// Select an unreachable server behind the app's back, then switch.
	if _, err := a2.cur().UpdateConfig(func(cfg *config.Config) {
		cfg.Store = config.Store{Driver: "postgres", DSN: "postgres://nobody@127.0.0.1:1/x?connect_timeout=2"}
	}); err != nil {
		t.Fatal(err)
	}
	_, err = a2.switchAndView(before)
	if err == nil {
		t.Fatal("switching to an unreachable server succeeded")
	}
	if got := a2.cur().Config().Store; got.Driver == "postgres" {
		t.Errorf("the unreachable server stays selected: %+v", got)
	}
	waitFinds(t, a2, "charged twice", "billing-duplicate-charge", true, 20*time.Second)
}
