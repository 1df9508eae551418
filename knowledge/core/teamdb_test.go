package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/secrets"
)

// fakeConnector records what the core asks of the team database.
type fakeConnector struct {
	probe    TeamProbe
	err      error
	url, pw  string
	copyDir  string
	progress []string
}

func (f *fakeConnector) Probe(_ context.Context, url, password string) (TeamProbe, error) {
	f.url, f.pw = url, password
	return f.probe, f.err
}

func (f *fakeConnector) CopyLocal(_ context.Context, dataDir, url, password string, progress func(string)) (TeamCopyReport, error) {
	f.copyDir, f.url, f.pw = dataDir, url, password
	for _, p := range []string{"article a", "article b", "request r"} {
		progress(p)
		f.progress = append(f.progress, p)
	}
	return TeamCopyReport{Articles: TeamCopyCount{Copied: 2}, Versions: TeamCopyCount{Copied: 3, Present: 1}, Requests: TeamCopyCount{Copied: 1}}, f.err
}

func openTeamSettings(t *testing.T, conn TeamConnector) (*Core, secrets.Memory, string) {
	t.Helper()
	dir := t.TempDir()
	kc := secrets.Memory{}
	c, err := testOpen(context.Background(), Options{DataDir: dir, Keychain: kc, SkipSample: true, Connector: conn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, kc, dir
}

func TestSplitTeamURL(t *testing.T) {
	for _, tc := range []struct{ in, url, pw, err string }{
		{in: " postgres://alice@db.example.org:5432/concierge ", url: "postgres://alice@db.example.org:5432/concierge"},
		{in: "postgres://alice:s3cr%40t@db:5432/c", url: "postgres://alice@db:5432/c", pw: "s3cr@t"},
		{in: "postgresql://alice@db/c?sslmode=require&password=pw", url: "postgresql://alice@db/c?sslmode=require", pw: "pw"},
		{in: "", err: "enter the team database address"},
		{in: "mysql://alice:pw@db/c", err: "is not a team database address"},
		{in: "db.example.org", err: "is not a team database address"},
	} {
		u, pw, err := splitTeamURL(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, knowledge.ErrInvalid) {
				t.Errorf("splitTeamURL(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			if err != nil && strings.Contains(err.Error(), ":pw@") {
				t.Errorf("the error shows the password: %v", err)
			}
			continue
		}
		if err != nil || u != tc.url || pw != tc.pw {
			t.Errorf("splitTeamURL(%q) = %q, %q, %v; want %q, %q", tc.in, u, pw, err, tc.url, tc.pw)
		}
	}
}

// "Use this database" saves the address without the password (which goes
// to the keychain) and says a restart is needed; a failed test saves nothing.
func TestUseTeamDatabaseKeepsThePasswordOutOfConfig(t *testing.T) {
	fc := &fakeConnector{probe: TeamProbe{ServerVersion: "15.8 (Debian)", LatencyMs: 0.4, Person: "alice", Role: "editor", Schema: 6, Want: 6}}
	c, kc, dir := openTeamSettings(t, fc)

	if v := c.TeamDatabase(); v.Selected || v.Active || v.RestartNeeded || v.HasPassword {
		t.Fatalf("fresh view = %+v", v)
	}
	res, err := c.TestTeamDatabase(context.Background(), "postgres://alice@db:5432/c", "typed-pw")
	if err != nil || !res.Ready || fc.pw != "typed-pw" {
		t.Fatalf("test = %+v, %v (password passed %q)", res, err, fc.pw)
	}
	if want := "Connected to PostgreSQL 15.8 in 0.4 ms as alice (editor)."; res.Message != want {
		t.Errorf("message = %q, want %q", res.Message, want)
	}

	v, err := c.UseTeamDatabase(context.Background(), "postgres://alice:s3cret@db:5432/c")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Selected || v.Active || !v.RestartNeeded || !v.HasPassword || v.URL != "postgres://alice@db:5432/c" {
		t.Errorf("after Use: %+v", v)
	}
	if kc[TeamPasswordAccount] != "s3cret" || fc.pw != "s3cret" {
		t.Errorf("keychain = %v, probe password %q: the password in the address should be stored and used", kc, fc.pw)
	}
	raw, err := os.ReadFile(filepath.Join(dir, config.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "s3cret") || !strings.Contains(string(raw), `"postgres://alice@db:5432/c"`) {
		t.Errorf("config.json = %s", raw)
	}
	cfg, _ := config.Load(dir)
	if cfg.Store.Driver != driverPostgres {
		t.Errorf("store.driver = %q", cfg.Store.Driver)
	}

	// A server that cannot be reached: the advice, and nothing saved.
	fc.err = fmt.Errorf("connect to the team database: %w (dial tcp: connection refused)", knowledge.ErrUnavailable)
	if _, err := c.UseTeamDatabase(context.Background(), "postgres://bob@other:5432/c"); err == nil ||
		!strings.Contains(err.Error(), "Check the host and port") || !errors.Is(err, knowledge.ErrUnavailable) {
		t.Errorf("unreachable: %v", err)
	}
	if got := c.TeamDatabase().URL; got != "postgres://alice@db:5432/c" {
		t.Errorf("a failed switch changed the address to %q", got)
	}
	fc.err = fmt.Errorf("sign in: %w", knowledge.ErrForbidden)
	if _, err := c.TestTeamDatabase(context.Background(), "postgres://bob@other:5432/c", "x"); err == nil || !strings.Contains(err.Error(), "Check the user name") {
		t.Errorf("refused: %v", err)
	}

	fc.err = nil
	if v, err := c.UseLocalDatabase(); err != nil || v.Selected || v.RestartNeeded || v.URL != "postgres://alice@db:5432/c" {
		t.Errorf("back to local: %+v %v", v, err)
	}
	if v, err := c.SetTeamPassword(""); err != nil || v.HasPassword {
		t.Errorf("remove password: %+v %v", v, err)
	}
}

// A person in no Concierge group, or a newer schema, is not switched to.
func TestUseTeamDatabaseRefusesWhatCannotWork(t *testing.T) {
	fc := &fakeConnector{probe: TeamProbe{ServerVersion: "16.2", Person: "carol", Role: "none", Schema: 6, Want: 6}}
	c, _, _ := openTeamSettings(t, fc)
	if _, err := c.UseTeamDatabase(context.Background(), "postgres://carol@db/c"); err == nil || !strings.Contains(err.Error(), "carol is in no Concierge group") {
		t.Errorf("no group: %v", err)
	}
	fc.probe = TeamProbe{ServerVersion: "16.2", Person: "carol", Role: "agent", Schema: 9, Want: 6}
	if _, err := c.UseTeamDatabase(context.Background(), "postgres://carol@db/c"); err == nil || !strings.Contains(err.Error(), "update Concierge first") {
		t.Errorf("newer schema: %v", err)
	}
	fc.probe = TeamProbe{ServerVersion: "16.2", Person: "owner", Schema: 0, Want: 6}
	res, err := c.TestTeamDatabase(context.Background(), "postgres://owner@db/c", "")
	if err != nil || !res.Ready || !strings.Contains(res.Message, "not there yet") {
		t.Errorf("empty database: %+v %v", res, err)
	}
	if c.TeamDatabase().Selected {
		t.Error("a refused switch was saved")
	}
}

func TestCopyLocalToTeamReports(t *testing.T) {
	fc := &fakeConnector{}
	c, kc, dir := openTeamSettings(t, fc)
	kc[TeamPasswordAccount] = "kept"
	var seen []string
	rep, err := c.CopyLocalToTeam(context.Background(), "postgres://alice@db/c", func(s string) { seen = append(seen, s) })
	if err != nil {
		t.Fatal(err)
	}
	if fc.copyDir != dir || fc.pw != "kept" || len(seen) != 3 || rep.Conflicts == nil {
		t.Errorf("copy: dir %q pw %q progress %v report %+v", fc.copyDir, fc.pw, seen, rep)
	}
	if !strings.HasPrefix(rep.Message, "Copied 2 articles (3 versions), 1 requests") || !strings.Contains(rep.Message, "1 records were there already") {
		t.Errorf("message = %q", rep.Message)
	}
	c2, _, _ := openTeamSettings(t, nil)
	if _, err := c2.TestTeamDatabase(context.Background(), "postgres://a@b/c", ""); !errors.Is(err, ErrNoConnector) {
		t.Errorf("no connector: %v", err)
	}
}
