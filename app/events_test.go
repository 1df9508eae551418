package app

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
)

// changes returns the ChangeEvents named name recorded after n events, and
// the last index:state payload among them.
func changes(t *testing.T, rec *recorder, n int, name string) ([]ChangeEvent, *core.IndexState) {
	t.Helper()
	names, data := rec.since(n)
	var out []ChangeEvent
	var state *core.IndexState
	for i, nm := range names {
		switch nm {
		case name:
			ev, ok := data[i].(ChangeEvent)
			if !ok {
				t.Fatalf("%s payload is %T, want ChangeEvent", nm, data[i])
			}
			out = append(out, ev)
		case EventIndexState:
			st, ok := data[i].(core.IndexState)
			if !ok {
				t.Fatalf("index:state payload is %T", data[i])
			}
			state = &st
		}
	}
	return out, state
}

func hasChange(evs []ChangeEvent, kind, id string) bool {
	for _, e := range evs {
		if e.Kind == kind && (id == "" || slices.Contains(e.IDs, id)) {
			return true
		}
	}
	return false
}

// Publishing in the editor reaches every view: kb:changed says what
// changed, and index:state carries the new count for the status bar.
func TestArticleChangesEmitKBChangedAndFreshCounts(t *testing.T) {
	a, rec := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	setProfile(t, a, "Erin Editor", "editor")
	// Published edits change the live article directly here; with review
	// they become revisions (revision_service_test.go).
	if _, err := a.Editor.SetPublishedEditsNeedReview(false); err != nil {
		t.Fatal(err)
	}
	n := rec.count()
	art, err := a.Editor.Create(core.ArticleInput{Title: "Octarine lanyards", Body: "Issued at reception."})
	if err != nil {
		t.Fatal(err)
	}
	evs, st := changes(t, rec, n, EventKBChanged)
	if !hasChange(evs, knowledge.KindCreated, art.ID) || st == nil || st.Total != 1 || st.Articles != 0 {
		t.Fatalf("create: events %+v, state %+v", evs, st)
	}
	if last, err := a.Status.LastChanges(); err != nil || last.KB.Kind != knowledge.KindCreated || !slices.Contains(last.KB.IDs, art.ID) {
		t.Fatalf("LastChanges after create: %+v %v", last, err)
	}
	for _, step := range []struct{ status, kind string }{{"review", knowledge.KindStatus}, {"published", knowledge.KindPublished}} {
		n = rec.count()
		if art, err = a.Editor.SetStatus(art.ID, step.status, art.Version, ""); err != nil {
			t.Fatal(err)
		}
		evs, st = changes(t, rec, n, EventKBChanged)
		if !hasChange(evs, step.kind, art.ID) || st == nil {
			t.Fatalf("%s: events %+v, state %+v", step.status, evs, st)
		}
	}
	if st.Articles != 1 || st.State != core.StateReady {
		t.Fatalf("after publishing the status bar should count 1 published article: %+v", st)
	}
	n = rec.count()
	in := core.ArticleInput{ID: art.ID, Title: art.Title, Body: "Issued at the front desk.", Tags: []string{}}
	if res, err := a.Editor.Save(in, art.Version, "desk"); err != nil || res.Conflict != nil {
		t.Fatalf("save: %+v %v", res, err)
	} else {
		art = res.Article
	}
	if evs, _ = changes(t, rec, n, EventKBChanged); !hasChange(evs, knowledge.KindSaved, art.ID) {
		t.Fatalf("save: %+v", evs)
	}
	n = rec.count()
	if art, err = a.History.Restore(art.ID, 1, art.Version); err != nil {
		t.Fatal(err)
	}
	if evs, _ = changes(t, rec, n, EventKBChanged); !hasChange(evs, knowledge.KindRestored, art.ID) {
		t.Fatalf("restore: %+v", evs)
	}
	n = rec.count()
	if _, err = a.Editor.SetStatus(art.ID, "archived", art.Version, ""); err != nil {
		t.Fatal(err)
	}
	evs, st = changes(t, rec, n, EventKBChanged)
	if !hasChange(evs, knowledge.KindArchived, art.ID) || st == nil || st.Articles != 0 {
		t.Fatalf("archive: %+v %+v", evs, st)
	}
}

// Applying a folder import reports the imported articles and returns the
// status bar to Ready with the new counts.
func TestFolderImportEmitsImportedAndReady(t *testing.T) {
	a, rec := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	setProfile(t, a, "Erin Editor", "editor")
	dir := t.TempDir()
	for i, name := range []string{"parking.md", "wifi.md", "lockers.md", "badges.md"} {
		body := "---\ntitle: Note " + name + "\nstatus: published\n---\nSome text " + string(rune('a'+i)) + ".\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n := rec.count()
	rep, err := a.Transfer.ImportApply(dir, "")
	if err != nil || len(rep.Create) != 4 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	evs, st := changes(t, rec, n, EventKBChanged)
	if !hasChange(evs, knowledge.KindImported, "parking") {
		t.Fatalf("kb:changed after import: %+v", evs)
	}
	if st == nil || st.State != core.StateReady || st.Articles != 4 || st.Message != "Ready" {
		t.Fatalf("the status bar must return to Ready with 4 articles: %+v", st)
	}
}

func TestRequestChangesEmitRequestsChanged(t *testing.T) {
	a, rec := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Robin", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	n := rec.count()
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Parking", Channel: knowledge.ChannelEmail,
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "Where do I park?"}}})
	if err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventRequestsChanged); !hasChange(evs, knowledge.KindCreated, req.ID) {
		t.Fatalf("create: %+v", evs)
	}
	n = rec.count()
	req.Status = knowledge.RequestResolved
	if req, err = a.Requests.Update(req); err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventRequestsChanged); !hasChange(evs, knowledge.KindUpdated, req.ID) {
		t.Fatalf("status change: %+v", evs)
	}
	n = rec.count()
	if _, err = a.Requests.AppendMessage(req.ID, knowledge.RequestMessage{Author: knowledge.AuthorNote, Text: "Told them."}); err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventRequestsChanged); !hasChange(evs, knowledge.KindMessage, req.ID) {
		t.Fatalf("message: %+v", evs)
	}
}

func TestLedgerChangesEmitLedgerChanged(t *testing.T) {
	a, rec := newTestApp(t)
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Robin", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Refund for a cancelled visit", Channel: knowledge.ChannelEmail,
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "I cancelled two days before but was charged the deposit."}}})
	if err != nil {
		t.Fatal(err)
	}
	n := rec.count()
	res, err := a.Assist.Suggest(req.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventLedgerChanged); !hasChange(evs, knowledge.KindSet, res.SetID) {
		t.Fatalf("suggest: %+v", evs)
	}
	n = rec.count()
	if _, err := a.Assist.Record(knowledge.LedgerEvent{SetID: res.SetID, Type: knowledge.EventInserted, OptionIndex: 0}); err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventLedgerChanged); !hasChange(evs, knowledge.KindEvent, res.SetID) {
		t.Fatalf("record: %+v", evs)
	}
	n = rec.count()
	opt := res.Suggestion.Options[0]
	if _, err := a.Assist.MarkSent(core.SentInput{RequestID: req.ID, SetID: res.SetID, OptionIndex: 0, FinalText: opt.Reply, Via: "clipboard"}); err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventLedgerChanged); !hasChange(evs, knowledge.KindEvent, res.SetID) {
		t.Fatalf("mark sent (ledger): %+v", evs)
	}
	if evs, _ := changes(t, rec, n, EventRequestsChanged); !hasChange(evs, knowledge.KindMessage, req.ID) {
		t.Fatalf("mark sent (conversation): %+v", evs)
	}
	n = rec.count()
	art := opt.Citations[0].ArticleID
	if _, err := a.Assist.Rate(knowledge.ArticleRating{ArticleID: art, Verdict: knowledge.VerdictWrong}); err != nil {
		t.Fatal(err)
	}
	if evs, _ := changes(t, rec, n, EventLedgerChanged); !hasChange(evs, knowledge.KindRating, art) {
		t.Fatalf("rate: %+v", evs)
	}
}
