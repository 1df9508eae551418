package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/search"
	"concierge/knowledge/sqlitestore"
)

// newEditorApp opens an app over a fresh data folder (with the sample
// knowledge base when sample is true) and sets the profile.
func newEditorApp(t testing.TB, sample bool, name, role string) *App {
	t.Helper()
	a, _ := openApp(t, t.TempDir(), core.Options{SkipSample: !sample})
	setProfile(t, a, name, role)
	return a
}

func setProfile(t testing.TB, a *App, name, role string) {
	t.Helper()
	if _, err := a.cur().UpdateConfig(func(c *config.Config) { c.Profile = config.Profile{Name: name, Role: role} }); err != nil {
		t.Fatal(err)
	}
}

// agentSearch is what an agent's search returns (published only).
func agentSearch(t testing.TB, a *App, q string) []string {
	t.Helper()
	resp, err := a.cur().Search(context.Background(), search.Request{Query: q, Limit: 10}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range resp.Results {
		ids = append(ids, r.ArticleID)
	}
	return ids
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestEditorWorkflowVersionsDiffRestore(t *testing.T) {
	a := newEditorApp(t, false, "Erin Editor", "editor")
	e := a.Editor
	// Published edits change the live article directly here; with review
	// they become revisions (revision_service_test.go).
	if _, err := e.SetPublishedEditsNeedReview(false); err != nil {
		t.Fatal(err)
	}

	art, err := e.Create(core.ArticleInput{Title: "Octarine lanyard policy", Body: "Lanyards are issued at reception.\n", Department: "Facilities",
		Tags: []string{"badges"}, ReviewBy: "2030-01-31"})
	if err != nil {
		t.Fatal(err)
	}
	if art.ID != "octarine-lanyard-policy" || art.Status != "draft" || art.Version != 1 || art.StatusBy != "Erin Editor" || art.StatusAt == "" || art.ReviewBy != "2030-01-31" {
		t.Fatalf("created: %+v", art)
	}
	// The same title again gets a new id, never overwrites.
	dup, err := e.Create(core.ArticleInput{Title: "Octarine lanyard policy", Body: "x"})
	if err != nil || dup.ID != "octarine-lanyard-policy-2" {
		t.Fatalf("second create: %+v %v", dup, err)
	}
	if _, err := e.Create(core.ArticleInput{ID: "octarine-lanyard-policy", Title: "Clash", Body: "x"}); err == nil {
		t.Fatal("an explicit id that exists must be refused")
	}
	if contains(agentSearch(t, a, "octarine lanyard"), art.ID) {
		t.Fatal("a draft must not be found by agents")
	}

	setProfile(t, a, "Rey Reviewer", "editor")
	art, err = e.SetStatus(art.ID, "review", art.Version, "please check")
	if err != nil || art.Status != "review" || art.StatusBy != "Rey Reviewer" || art.Version != 2 {
		t.Fatalf("to review: %+v %v", art, err)
	}
	art, err = e.SetStatus(art.ID, "published", art.Version, "")
	if err != nil || art.Status != "published" {
		t.Fatalf("publish: %+v %v", art, err)
	}
	// Searchable as soon as SetStatus returned.
	if !contains(agentSearch(t, a, "octarine lanyard"), art.ID) {
		t.Fatal("a published article must be searchable when SetStatus returns")
	}

	setProfile(t, a, "Erin Editor", "editor")
	in := core.InputOf(mustGet(t, a, art.ID))
	in.Body = "Lanyards are issued at reception.\nLost lanyards cost five pounds.\n"
	in.Title = "Octarine lanyards"
	res, err := e.Save(in, art.Version, "Add the fee")
	if err != nil || res.Conflict != nil || res.Article.Version != 4 || res.Article.Status != "published" {
		t.Fatalf("save: %+v %v", res, err)
	}
	// Status information survives content edits.
	if res.Article.StatusBy != "Rey Reviewer" {
		t.Fatalf("statusBy after an edit = %q, want the publisher", res.Article.StatusBy)
	}
	if !contains(agentSearch(t, a, "lost lanyard fee five pounds"), art.ID) {
		t.Fatal("the edit is not searchable")
	}

	vs, err := a.History.Versions(art.ID)
	if err != nil || len(vs) != 4 {
		t.Fatalf("versions: %+v %v", vs, err)
	}
	if vs[0].Version != 4 || vs[0].Author != "Erin Editor" || vs[0].Message != "Add the fee" ||
		vs[1].Author != "Rey Reviewer" || !strings.Contains(vs[1].Message, "review → published") ||
		!strings.Contains(vs[2].Message, "please check") || vs[3].Message != "Created" || vs[3].At == "" {
		t.Fatalf("history: %+v", vs)
	}

	d, err := a.History.Diff(art.ID, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	got := renderDiff(d)
	want := "-title: Octarine lanyard policy\n+title: Octarine lanyards\n-status: draft\n+status: published\n" +
		" Lanyards are issued at reception.\n+Lost lanyards cost five pounds.\n"
	if got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}

	restored, err := a.History.Restore(art.ID, 1, 4)
	if err != nil {
		t.Fatal(err)
	}
	if restored.Version != 5 || restored.Title != "Octarine lanyard policy" || restored.Body != "Lanyards are issued at reception.\n" || restored.Status != "published" {
		t.Fatalf("restore: %+v", restored)
	}
	vs, _ = a.History.Versions(art.ID)
	if vs[0].Message != "Restored version 1" || vs[0].Author != "Erin Editor" {
		t.Fatalf("restore entry: %+v", vs[0])
	}
	if d, _ := a.History.Diff(art.ID, 1, 5); renderDiff(d) != "-status: draft\n+status: published\n Lanyards are issued at reception.\n" {
		t.Fatalf("restored content differs from version 1:\n%s", renderDiff(d))
	}
	// A stale expected version is refused without writing.
	if _, err := a.History.Restore(art.ID, 4, 4); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("restore with a stale version: %v", err)
	}

	// Archive hides it from agents without deleting it.
	arch, err := e.SetStatus(art.ID, "archived", 5, "replaced")
	if err != nil || arch.Status != "archived" {
		t.Fatalf("archive: %+v %v", arch, err)
	}
	if contains(agentSearch(t, a, "octarine lanyard"), art.ID) {
		t.Fatal("an archived article must not be found by agents")
	}
	if l, err := e.Load(art.ID); err != nil || l.Status != "archived" {
		t.Fatalf("archived article must still load: %+v %v", l, err)
	}
	list, err := e.List(core.EditorListFilter{Statuses: []string{"archived"}, Query: "octarine"})
	if err != nil || len(list) != 1 || list[0].ID != art.ID {
		t.Fatalf("list archived: %+v %v", list, err)
	}
}

func mustGet(t *testing.T, a *App, id string) knowledge.Article {
	t.Helper()
	x, err := storeOf(a).Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func renderDiff(d []core.DiffLine) string {
	var b strings.Builder
	for _, l := range d {
		b.WriteString(map[string]string{"equal": " ", "insert": "+", "delete": "-"}[string(l.Op)] + l.Text + "\n")
	}
	return b.String()
}

func TestEditorRoles(t *testing.T) {
	a := newEditorApp(t, false, "Sam", "agent")
	e := a.Editor
	if _, err := e.Create(core.ArticleInput{Title: "x", Body: "y"}); !errors.Is(err, core.ErrNeedsEditor) || !strings.Contains(err.Error(), "switch your role in Settings") {
		t.Fatalf("agent create: %v", err)
	}
	if _, err := e.List(core.EditorListFilter{}); !errors.Is(err, core.ErrNeedsReader) {
		t.Fatalf("agent list: %v", err)
	}
	setProfile(t, a, "Sue", "supervisor")
	if _, err := e.List(core.EditorListFilter{}); err != nil {
		t.Fatalf("supervisor list: %v", err)
	}
	if _, err := a.Attention.Stale(30); err != nil {
		t.Fatalf("supervisor stale: %v", err)
	}
	for name, call := range map[string]func() error{
		"Create":    func() error { _, err := e.Create(core.ArticleInput{Title: "x"}); return err },
		"Save":      func() error { _, err := e.Save(core.ArticleInput{ID: "x"}, 1, ""); return err },
		"SetStatus": func() error { _, err := e.SetStatus("x", "published", 1, ""); return err },
		"Restore":   func() error { _, err := a.History.Restore("x", 1, 1); return err },
		"Autosave":  func() error { return a.Autosave.Autosave("x", core.ArticleInput{}) },
		"Attach":    func() error { _, err := e.AddAttachment("x", "a.png", ""); return err },
		"Import":    func() error { _, err := a.Transfer.ImportApply(t.TempDir(), ""); return err },
	} {
		if err := call(); !errors.Is(err, core.ErrNeedsEditor) {
			t.Errorf("supervisor %s: %v", name, err)
		}
	}
	setProfile(t, a, "", "editor")
	if _, err := e.Create(core.ArticleInput{Title: "x", Body: "y"}); err == nil || !strings.Contains(err.Error(), "name") {
		t.Fatalf("an editor without a name: %v", err)
	}
}

// TestSaveConflictTwoWriters: a second writer on the same database file
// (another process, here another Store) saves first; the editor's save
// then returns a conflict with both sides and writes nothing.
func TestSaveConflictTwoWriters(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	e := a.Editor
	art, err := e.Create(core.ArticleInput{Title: "Parking", Body: "line one\nline two\nline three\n"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := sqlitestore.Open(context.Background(), filepath.Join(a.cur().DataDir(), "concierge.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	theirs := mustGet(t, a, art.ID)
	theirs.Body = "line one\nline two, theirs\nline three\n"
	if _, err := other.Put(context.Background(), theirs, knowledge.PutOptions{ExpectedVersion: 1, Author: "Bob", Message: "their edit"}); err != nil {
		t.Fatal(err)
	}

	mine := core.InputOf(mustGet(t, a, art.ID))
	mine.Body = "line one\nline two\nline three\nline four, mine\n"
	res, err := e.Save(mine, 1, "my edit")
	if err != nil {
		t.Fatal(err)
	}
	c := res.Conflict
	if c == nil {
		t.Fatal("expected a conflict")
	}
	if c.BaseVersion != 1 || c.Theirs.Version != 2 || c.Mine.Body != mine.Body || !strings.Contains(c.Theirs.Body, "theirs") {
		t.Fatalf("conflict sides: %+v", c)
	}
	if got := renderDiff(c.Diff); got != " line one\n-line two\n+line two, theirs\n line three\n" {
		t.Fatalf("their diff:\n%s", got)
	}
	if got := renderDiff(c.MineDiff); got != " line one\n line two\n line three\n+line four, mine\n" {
		t.Fatalf("my diff:\n%s", got)
	}
	now := mustGet(t, a, art.ID)
	if now.Version != 2 || !strings.Contains(now.Body, "theirs") || strings.Contains(now.Body, "mine") {
		t.Fatalf("the conflicting save wrote: %+v", now)
	}
	// Saving on top of their version works.
	if res, err := e.Save(mine, 2, "merged"); err != nil || res.Conflict != nil || res.Article.Version != 3 {
		t.Fatalf("save after reload: %+v %v", res, err)
	}
}

// TestConcurrentWritersNoLostUpdate races two stores on one file: both
// start from version 1; exactly one save wins, the other gets a conflict.
func TestConcurrentWritersNoLostUpdate(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var stores [2]*sqlitestore.Store
	for i := range stores {
		s, err := sqlitestore.Open(ctx, filepath.Join(dir, "concierge.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		stores[i] = s
	}
	if _, err := stores[0].Put(ctx, knowledge.Article{ID: "a", Title: "A", Body: "base"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 20; round++ {
		cur, err := stores[0].Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range stores {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				x := cur
				x.Body = fmt.Sprintf("round %d writer %d", round, i)
				_, errs[i] = stores[i].Put(ctx, x, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: fmt.Sprint("w", i)})
			}(i)
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won = i
			case errors.Is(err, knowledge.ErrConflict):
			default:
				t.Fatal(err)
			}
		}
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: exactly one writer must win: %v", round, errs)
		}
		after, _ := stores[1].Get(ctx, "a")
		if after.Version != cur.Version+1 || after.Body != fmt.Sprintf("round %d writer %d", round, won) {
			t.Fatalf("round %d: stored %q v%d", round, after.Body, after.Version)
		}
	}
}

func TestAutosave(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	e := a.Editor
	if got, err := a.Autosave.LoadAutosave(""); err != nil || got != nil {
		t.Fatalf("no autosave yet: %v %v", got, err)
	}
	draft := core.ArticleInput{Title: "Half written", Body: "so far", Tags: []string{"x"}}
	if err := a.Autosave.Autosave("", draft); err != nil {
		t.Fatal(err)
	}
	got, err := a.Autosave.LoadAutosave("")
	if err != nil || got == nil || got.Title != "Half written" || got.Body != "so far" {
		t.Fatalf("load autosave: %+v %v", got, err)
	}
	if c, _ := storeOf(a).Counts(context.Background()); c.Articles != 0 {
		t.Fatal("an autosave must not create an article")
	}
	// Creating the article clears the new-article autosave.
	art, err := e.Create(*got)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Autosave.LoadAutosave(""); got != nil {
		t.Fatal("create should discard the autosave")
	}
	draft.Body = "more"
	if err := a.Autosave.Autosave(art.ID, draft); err != nil {
		t.Fatal(err)
	}
	if vs, _ := a.History.Versions(art.ID); len(vs) != 1 {
		t.Fatalf("autosave made versions: %d", len(vs))
	}
	if err := a.Autosave.DiscardAutosave(art.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Autosave.LoadAutosave(art.ID); got != nil {
		t.Fatal("discarded autosave came back")
	}
}

func TestAttentionLists(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	e := a.Editor
	ctx := context.Background()
	today := time.Now().UTC()
	mk := func(title, body, reviewBy string) core.EditableArticle {
		x, err := e.Create(core.ArticleInput{Title: title, Body: body, ReviewBy: reviewBy})
		if err != nil {
			t.Fatal(err)
		}
		x, err = e.SetStatus(x.ID, "published", x.Version, "")
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	overdue := mk("Overdue", "Old text about invoices.", today.AddDate(0, 0, -3).Format(time.DateOnly))
	soon := mk("Soon", "Text about appointments.", today.AddDate(0, 0, 5).Format(time.DateOnly))
	mk("Later", "Text about lockers.", today.AddDate(0, 3, 0).Format(time.DateOnly))
	mk("Parking validation", "Validate the parking ticket at the front desk for two free hours in the garage.", "")
	mk("Validating parking tickets", "Parking tickets are validated at the front desk; validation gives two free hours in the garage.", "")

	st, err := a.Attention.Stale(7)
	if err != nil || len(st) != 2 || st[0].ID != overdue.ID || st[1].ID != soon.ID || !st[0].Stale || st[1].Stale {
		t.Fatalf("stale(7): %+v %v", st, err)
	}
	if st, _ := a.Attention.Stale(0); len(st) != 1 {
		t.Fatalf("stale(0): %+v", st)
	}

	if _, err := storeOf(a).RateArticle(ctx, knowledge.ArticleRating{ArticleID: soon.ID, Agent: "Robin", Verdict: knowledge.VerdictOutdated, Comment: "hours changed"}); err != nil {
		t.Fatal(err)
	}
	fl, err := a.Attention.Flagged()
	if err != nil || len(fl) != 1 || fl[0].ArticleID != soon.ID || fl[0].Latest[0].Comment != "hours changed" {
		t.Fatalf("flagged: %+v %v", fl, err)
	}
	if l, _ := e.List(core.EditorListFilter{Query: "soon"}); len(l) != 1 || !l[0].Flagged {
		t.Fatalf("list should mark flagged: %+v", l)
	}

	// Gaps: searches that find nothing or only weak matches, clustered.
	for _, q := range []string{"wifi password", "wifi password", "Wi-Fi password", "quantum chromodynamics", "invoices", "parking ticket validation"} {
		if _, err := a.Search.Search(search.Request{Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	gaps, err := a.Attention.Gaps(30)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]int{}
	for _, g := range gaps {
		labels[g.Label] = g.Count
		if g.LastAt == "" || len(g.Examples) == 0 {
			t.Fatalf("gap incomplete: %+v", g)
		}
	}
	if labels["wifi password"] != 3 || labels["quantum chromodynamics"] != 1 {
		t.Fatalf("gaps: %+v", gaps)
	}
	if _, ok := labels["invoices"]; ok {
		t.Fatalf("a query the knowledge base answers is no gap: %+v", gaps)
	}
	if _, ok := labels["parking ticket validation"]; ok {
		t.Fatalf("a query the knowledge base answers is no gap: %+v", gaps)
	}

	dups, err := a.Attention.Duplicates(0.6)
	if err != nil || len(dups) != 1 || dups[0].A.ID != "parking-validation" || dups[0].B.ID != "validating-parking-tickets" {
		t.Fatalf("duplicates: %+v %v", dups, err)
	}
}

func TestImportPreviewApplyExport(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	e := a.Editor
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "wifi.md"), []byte("---\ntitle: Guest Wi-Fi\ndepartment: Facilities\nstatus: published\n---\nThe guest network is HarbourGuest.\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "lockers.html"), []byte("<html><head><title>Staff lockers</title><script>x()</script></head><body><h1>Lockers</h1><p>Lockers are on level 2.</p></body></html>"), 0o600)
	os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\ntitle: [\n---\n"), 0o600)

	plan, err := a.Transfer.ImportPreview(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(plan.Create)
	if strings.Join(plan.Create, ",") != "lockers,wifi" || len(plan.Failed) != 1 || plan.Failed[0].Path != "bad.md" || plan.Update == nil || plan.Archive == nil {
		t.Fatalf("plan: %+v", plan)
	}
	if c, _ := storeOf(a).Counts(context.Background()); c.Articles != 0 {
		t.Fatal("the preview wrote")
	}
	// The HTML page names no department: the preview says so, and the one
	// picked there goes to it (and only to it).
	if strings.Join(plan.NoDepartment, ",") != "lockers" {
		t.Fatalf("plan without department: %q", plan.NoDepartment)
	}
	if plan, err = a.Transfer.ImportPreview(dir, "Facilities"); err != nil || len(plan.NoDepartment) != 0 {
		t.Fatalf("plan with a department: %+v %v", plan, err)
	}
	rep, err := a.Transfer.ImportApply(dir, "Facilities")
	if err != nil || len(rep.Create) != 2 || len(rep.Failed) != 1 || len(rep.NoDepartment) != 0 {
		t.Fatalf("apply: %+v %v", rep, err)
	}
	if !contains(agentSearch(t, a, "HarbourGuest network"), "wifi") {
		t.Fatal("imported published article not searchable")
	}
	l, err := e.Load("lockers")
	if err != nil || l.Title != "Staff lockers" || l.Department != "Facilities" || !strings.Contains(l.Body, "level 2") || strings.Contains(l.Body, "x()") {
		t.Fatalf("html import: %+v %v", l, err)
	}

	out := t.TempDir()
	n, err := a.Transfer.Export(out, "published")
	if err != nil || n != 1 {
		t.Fatalf("export published: %d %v", n, err)
	}
	b, err := os.ReadFile(filepath.Join(out, "facilities", "wifi.md"))
	if err != nil || !strings.HasPrefix(string(b), "---\nid: wifi\ntitle: Guest Wi-Fi\n") {
		t.Fatalf("exported file: %q %v", b, err)
	}
	if n, err := a.Transfer.Export(t.TempDir(), ""); err != nil || n != 2 {
		t.Fatalf("export all: %d %v", n, err)
	}
	if _, err := a.Transfer.Export(out, "secret"); err == nil {
		t.Fatal("a bad status was accepted")
	}
}

// BenchmarkPublishToSearchable measures how long an editor waits from
// "publish" until an agent's search finds the article, with 10,000 other
// articles in the store and index. Run with
//
//	go test -run '^$' -bench PublishToSearchable -benchtime 200x ./app/
func BenchmarkPublishToSearchable(b *testing.B) {
	const corpus = 10000
	a := newEditorApp(b, false, "Bench", "editor")
	ctx := context.Background()
	topics := []string{"billing", "parking", "appointments", "insurance", "pharmacy", "radiology", "lockers", "wifi", "badges", "refunds"}
	batch := make([]knowledge.Article, 0, corpus)
	for i := 0; i < corpus; i++ {
		t := topics[i%len(topics)]
		batch = append(batch, knowledge.Article{
			ID: fmt.Sprintf("bench-%05d", i), Title: fmt.Sprintf("%s note %d", t, i), Department: t,
			Body:   fmt.Sprintf("## About %s\n\nThis note %d explains %s for patients and staff. Ask at the desk about %s rule %d.\n", t, i, t, t, i%97),
			Status: knowledge.StatusPublished,
		})
	}
	if err := a.cur().PutArticles(ctx, batch, "bench"); err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		word := fmt.Sprintf("zq%dx%d", i, time.Now().UnixNano()%1000)
		art, err := a.Editor.Create(core.ArticleInput{Title: "Publish probe " + word, Body: "The " + word + " procedure.\n"})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := a.Editor.SetStatus(art.ID, "published", art.Version, ""); err != nil {
			b.Fatal(err)
		}
		if !contains(agentSearch(b, a, word), art.ID) {
			b.Fatalf("%s not found right after publishing", art.ID)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

type pickerOpener struct {
	recorder
	dir string
}

func (p *pickerOpener) PickFolder(title string) (string, error) { return p.dir, nil }

func TestPickFolder(t *testing.T) {
	a := newEditorApp(t, false, "Ann", "editor")
	if _, err := a.System.PickFolder("Import"); err == nil {
		t.Fatal("no window yet: want an error")
	}
	a.SetRuntime(&recorder{}, &recorder{})
	if _, err := a.System.PickFolder("Import"); err == nil {
		t.Fatal("an opener without dialogs: want an error")
	}
	a.SetRuntime(&recorder{}, &pickerOpener{dir: "/tmp/kb"})
	if got, err := a.System.PickFolder("Import"); err != nil || got != "/tmp/kb" {
		t.Fatalf("PickFolder = %q, %v", got, err)
	}
}
