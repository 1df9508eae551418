package pgstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"

	"github.com/jackc/pgx/v5"
)

// team is a database with one owner store and a person of each role.
type team struct {
	owner                        *Store
	url                          string
	ann, bob, eve, sue, ada      string // agent, agent, editor, supervisor, admin
	annS, bobS, eveS, sueS, adaS *Store
}

const testPassword = "correct horse battery"

func newTeam(t *testing.T) *team {
	t.Helper()
	owner, url := openTest(t)
	ctx := context.Background()
	sfx := pgtest.RandomSuffix()
	tm := &team{owner: owner, url: url, ann: "ann_" + sfx, bob: "bob_" + sfx, eve: "eve_" + sfx, sue: "sue_" + sfx, ada: "ada_" + sfx}
	for name, role := range map[string]Role{tm.ann: RoleAgent, tm.bob: RoleAgent, tm.eve: RoleEditor, tm.sue: RoleSupervisor, tm.ada: RoleAdmin} {
		if err := owner.CreatePerson(ctx, name, role, testPassword); err != nil {
			t.Fatalf("CreatePerson(%s, %s): %v", name, role, err)
		}
		t.Cleanup(func() {
			if err := owner.RemovePerson(context.Background(), name); err != nil {
				t.Errorf("RemovePerson(%s): %v", name, err)
			}
		})
	}
	open := func(name string) *Store {
		s, err := Open(ctx, pgtest.AsUser(t, url, name, testPassword))
		if err != nil {
			t.Fatalf("Open as %s: %v", name, err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	tm.annS, tm.bobS, tm.eveS, tm.sueS, tm.adaS = open(tm.ann), open(tm.bob), open(tm.eve), open(tm.sue), open(tm.ada)
	return tm
}

// rawSQL runs one statement as the person signed in at url, bypassing the
// store, as someone with a SQL client would.
func rawSQL(t *testing.T, url, sql string, args ...any) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close(ctx)
	_, err = c.Exec(ctx, sql, args...)
	return err
}

func rawCount(t *testing.T, url, sql string, args ...any) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close(ctx)
	var n int
	if err := c.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestWhoAmI(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	for s, want := range map[*Store]Person{
		tm.annS: {tm.ann, RoleAgent}, tm.eveS: {tm.eve, RoleEditor}, tm.sueS: {tm.sue, RoleSupervisor}, tm.adaS: {tm.ada, RoleAdmin},
	} {
		if got, err := s.WhoAmI(ctx); err != nil || got != want {
			t.Errorf("WhoAmI = %+v, %v; want %+v", got, err, want)
		}
	}
	if p, _ := tm.owner.WhoAmI(ctx); p.Role != RoleAdmin {
		t.Errorf("the owner is %+v, want an admin", p)
	}
}

func TestAgentCannotEditArticles(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	if _, err := tm.owner.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "5"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.annS.Get(ctx, "fees"); err != nil {
		t.Errorf("an agent cannot read articles: %v", err)
	}
	if _, err := tm.annS.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "0"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent Put: %v, want ErrForbidden", err)
	}
	if _, err := tm.annS.Put(ctx, knowledge.Article{ID: "new", Title: "New"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent Put of a new article: %v, want ErrForbidden", err)
	}
	if err := tm.annS.SetMeta(ctx, "k", "v"); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent SetMeta: %v, want ErrForbidden", err)
	}
	ann := pgtest.AsUser(t, tm.url, tm.ann, testPassword)
	for _, sql := range []string{
		`UPDATE articles SET body = 'hacked' WHERE id = 'fees'`,
		`DELETE FROM articles WHERE id = 'fees'`,
		`INSERT INTO articles (id, title, body, language, audience, status, updated_at, version, content_hash) VALUES ('x', 'x', 'x', 'en', 'internal', 'draft', now(), 1, 'h')`,
		`INSERT INTO article_versions (article_id, version, snapshot, at) VALUES ('fees', 9, '{}', now())`,
		`TRUNCATE articles CASCADE`,
	} {
		if err := rawSQL(t, ann, sql); !isCode(err, codeInsufficientPrivilege) {
			t.Errorf("agent ran %q: %v, want permission denied", sql, err)
		}
	}
	if a, _ := tm.owner.Get(ctx, "fees"); a.Body != "5" || a.Version != 1 {
		t.Errorf("the article changed: %+v", a)
	}
	// Editors and admins may, and the version records who did it.
	for _, s := range []*Store{tm.eveS, tm.adaS} {
		a, _ := s.Get(ctx, "fees")
		a.Body += "+"
		if _, err := s.Put(ctx, a, knowledge.PutOptions{Author: "claimed name", ExpectedVersion: a.Version}); err != nil {
			t.Fatalf("editor/admin Put: %v", err)
		}
	}
	vs, _ := tm.owner.Versions(ctx, "fees")
	if len(vs) != 3 || vs[1].Author != tm.eve || vs[0].Author != "claimed name" {
		t.Errorf("version authors: %q (editor), %q (admin keeps the name given)", vs[1].Author, vs[0].Author)
	}
	if n := rawCount(t, tm.url, `SELECT count(*) FROM article_versions WHERE signed_in = $1 AND signed_in_role = 'editor'`, tm.eve); n != 1 {
		t.Errorf("%d versions stamped with the editor's login and role, want 1", n)
	}
	if _, err := tm.sueS.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "sup"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("supervisor Put: %v, want ErrForbidden", err)
	}
}

func TestAgentSeesOnlyOwnLedger(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	set := knowledge.LedgerEntry{Agent: "Someone Else", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 1}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}}}
	annSet, err := tm.annS.RecordSuggestionSet(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	if annSet.Agent != tm.ann {
		t.Errorf("an agent recorded a set under the name %q; the server must record %q", annSet.Agent, tm.ann)
	}
	bobSet, err := tm.bobS.RecordSuggestionSet(ctx, set)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.bobS.RecordEvent(ctx, knowledge.LedgerEvent{SetID: bobSet.SetID, Agent: "x", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		t.Fatal(err)
	}
	if ev, err := tm.annS.RecordEvent(ctx, knowledge.LedgerEvent{SetID: annSet.SetID, Agent: "x", Type: knowledge.EventSent, OptionIndex: 0}); err != nil || ev.Agent != tm.ann {
		t.Fatalf("agent event on own set: %+v, %v", ev, err)
	}

	sets, err := tm.annS.ListSets(ctx, knowledge.LedgerFilter{})
	if err != nil || len(sets) != 1 || sets[0].SetID != annSet.SetID {
		t.Errorf("agent ListSets = %+v, %v; want only the agent's own set", sets, err)
	}
	if _, err := tm.annS.Events(ctx, bobSet.SetID); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("agent reading another agent's events: %v, want ErrNotFound", err)
	}
	if _, err := tm.annS.RecordEvent(ctx, knowledge.LedgerEvent{SetID: bobSet.SetID, Agent: "x", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("agent adding to another agent's set: %v, want ErrNotFound", err)
	}
	if sum, _ := tm.annS.SuggestionSummary(ctx, time.Time{}, time.Time{}); len(sum) != 1 || sum[0].Sent != 1 || sum[0].Shown != 0 {
		t.Errorf("agent summary = %+v; want only the agent's own events", sum)
	}
	// The agent's change feed lists every change but hides which sets the
	// other agent recorded: Bob's set and event sit between Ann's.
	cs, err := tm.annS.Changes(ctx, 0, 0)
	var ledger []string
	for _, c := range cs {
		ledger = append(ledger, c.Kind+":"+strings.Join(c.IDs, ","))
	}
	if err != nil || strings.Join(ledger, " ") != "set:"+annSet.SetID+" set: event: event:"+annSet.SetID {
		t.Errorf("agent change feed = %v, %v; want Ann's ids and Bob's hidden", ledger, err)
	}
	if cs, _ := tm.sueS.Changes(ctx, 0, 0); len(cs) != 4 || cs[1].IDs[0] != bobSet.SetID {
		t.Errorf("supervisor change feed = %+v; want every id", cs)
	}
	ann := pgtest.AsUser(t, tm.url, tm.ann, testPassword)
	if err := rawSQL(t, ann, `SELECT * FROM changes`); !isCode(err, codeInsufficientPrivilege) {
		t.Errorf("an agent read the changes table itself: %v", err)
	}
	for sql, want := range map[string]int{
		`SELECT count(*) FROM ledger_sets`:                                        1,
		`SELECT count(*) FROM ledger_events`:                                      1,
		`SELECT count(*) FROM ledger_links`:                                       2,
		`SELECT count(*) FROM change_feed WHERE topic = 'ledger' AND ids <> '{}'`: 2,
		`SELECT count(*) FROM ledger_sets WHERE signed_in <> current_user`:        0,
	} {
		if n := rawCount(t, ann, sql); n != want {
			t.Errorf("agent %s = %d, want %d", sql, n, want)
		}
	}
	// Forged rows: the server stamps the signed-in person whatever is sent.
	if err := rawSQL(t, ann, `INSERT INTO ledger_sets (id, agent, at, provider, passages, options, signed_in)
		VALUES ('sug-forged', 'bob', now(), 'none', '[]', '[]', $1)`, tm.bob); err != nil {
		t.Fatalf("agent direct insert: %v", err)
	}
	if n := rawCount(t, tm.url, `SELECT count(*) FROM ledger_sets WHERE id = 'sug-forged' AND signed_in = $1 AND agent = $1 AND signed_in_role = 'agent'`, tm.ann); n != 1 {
		t.Errorf("a forged ledger row was not stamped with the signed-in agent")
	}
	// Supervisors, editors and admins read everything.
	for _, s := range []*Store{tm.sueS, tm.eveS, tm.adaS} {
		if sets, err := s.ListSets(ctx, knowledge.LedgerFilter{}); err != nil || len(sets) != 3 {
			t.Errorf("reviewer ListSets = %d sets, %v; want 3", len(sets), err)
		}
		if evs, err := s.Events(ctx, bobSet.SetID); err != nil || len(evs) != 1 {
			t.Errorf("reviewer Events = %+v, %v", evs, err)
		}
	}
}

func TestNobodyChangesTheLedger(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	set, err := tm.annS.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: "a", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 1}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.annS.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "a", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.owner.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.annS.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "fees", Agent: "a", Verdict: knowledge.VerdictWrong}); err != nil {
		t.Fatal(err)
	}
	statements := []string{
		`UPDATE ledger_sets SET agent = 'nobody'`,
		`DELETE FROM ledger_sets`,
		`TRUNCATE ledger_sets CASCADE`,
		`UPDATE ledger_events SET type = 'sent'`,
		`DELETE FROM ledger_events`,
		`TRUNCATE ledger_events`,
		`DELETE FROM ledger_links`,
		`UPDATE article_ratings SET verdict = 'helpful'`,
		`DELETE FROM article_ratings`,
		`UPDATE article_versions SET message = 'rewritten'`,
		`DELETE FROM changes`,
	}
	people := map[string]string{
		"agent": pgtest.AsUser(t, tm.url, tm.ann, testPassword), "editor": pgtest.AsUser(t, tm.url, tm.eve, testPassword),
		"supervisor": pgtest.AsUser(t, tm.url, tm.sue, testPassword), "admin": pgtest.AsUser(t, tm.url, tm.ada, testPassword),
		"owner (superuser)": tm.url,
	}
	for who, url := range people {
		for _, sql := range statements {
			err := rawSQL(t, url, sql)
			if who == "owner (superuser)" && strings.Contains(sql, "changes") {
				continue // the feed is not append-only for its owner (pruning old changes)
			}
			if !isCode(err, codeInsufficientPrivilege) {
				t.Errorf("%s ran %q: %v, want it refused", who, sql, err)
			}
		}
	}
	for table, want := range map[string]int{"ledger_sets": 1, "ledger_events": 1, "ledger_links": 2, "article_ratings": 1, "article_versions": 1} {
		if n := rawCount(t, tm.url, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%s has %d rows after the attempts, want %d", table, n, want)
		}
	}
}

func TestPeopleAdministration(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	name := "zoe_" + pgtest.RandomSuffix()
	if err := tm.annS.CreatePerson(ctx, name, RoleAdmin, testPassword); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent created a person: %v", err)
	}
	if err := tm.eveS.CreatePerson(ctx, name, RoleEditor, testPassword); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an editor created a person: %v", err)
	}
	for _, bad := range []struct {
		name, role, pw string
	}{{"Bad Name", "agent", testPassword}, {name, "root", testPassword}, {name, "agent", "short"}, {"concierge_admin", "agent", testPassword}} {
		if err := tm.adaS.CreatePerson(ctx, bad.name, Role(bad.role), bad.pw); !errors.Is(err, knowledge.ErrInvalid) {
			t.Errorf("CreatePerson(%q, %q, %q): %v, want ErrInvalid", bad.name, bad.role, bad.pw, err)
		}
	}
	if err := tm.adaS.CreatePerson(ctx, name, RoleEditor, testPassword); err != nil {
		t.Fatalf("admin CreatePerson: %v", err)
	}
	if err := tm.adaS.CreatePerson(ctx, name, RoleEditor, testPassword); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("creating a person twice: %v, want ErrConflict", err)
	}
	people, err := tm.sueS.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range people {
		if p.Name == name && p.Role == RoleEditor {
			found = true
		}
	}
	if !found {
		t.Errorf("People does not list %s as editor: %+v", name, people)
	}
	if _, err := tm.annS.People(ctx); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent listed people: %v", err)
	}
	zoe, err := Open(ctx, pgtest.AsUser(t, tm.url, name, testPassword))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := zoe.WhoAmI(ctx); p.Role != RoleEditor {
		t.Errorf("the new person is %+v", p)
	}
	zoe.Close()
	if err := tm.annS.RemovePerson(ctx, name); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent removed a person: %v", err)
	}
	if err := tm.adaS.RemovePerson(ctx, name); err != nil {
		t.Fatalf("RemovePerson: %v", err)
	}
	if err := tm.adaS.RemovePerson(ctx, name); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("removing a person twice: %v, want ErrNotFound", err)
	}
}
