package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/followup"
)

// Every bound result is JSON with arrays, never null: the frontend needs no
// normalisers. Each bound method that returns data is called at least once
// on a fresh data folder (with the sample), where lists are often empty.
func TestBoundResultsHaveNoNullArrays(t *testing.T) {
	a, _ := newTestApp(t)
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "bad.md"), []byte("---\ntitle: [unclosed\n---\n"), 0o600)
	results := map[string]func() (any, error){}
	add := func(name string, f func() (any, error)) { results[name] = f }
	add("Search.Search", func() (any, error) { return a.Search.Search(core.SearchRequest{Query: "refund"}) })
	add("Search.Search(nothing)", func() (any, error) { return a.Search.Search(core.SearchRequest{Query: "zzqxv"}) })
	add("Search.Learned", func() (any, error) { return a.Search.Learned() })
	add("Article.Departments", func() (any, error) { return a.Articles.Departments() })
	add("Status.State", func() (any, error) { return a.Status.State() })
	add("Request.List", func() (any, error) { return a.Requests.List(knowledge.RequestFilter{}) })
	add("Request.CustomerHistory", func() (any, error) { return a.Requests.CustomerHistory("nobody@example.org") })
	add("Request.Related", func() (any, error) { return a.Requests.Related(knowledge.SupportRequest{Subject: "zzqxv"}) })
	add("Ledger.Sets", func() (any, error) { return a.Ledger.Sets(knowledge.LedgerFilter{}) })
	add("Ledger.Summary", func() (any, error) { return a.Ledger.Summary(0) })
	add("Settings.Get", func() (any, error) { return a.Settings.Get() })
	add("Editor.List", func() (any, error) { return a.Editor.List(core.EditorListFilter{}) })
	add("Editor.LinkTargets", func() (any, error) { return a.Editor.LinkTargets("zzqxv") })
	add("Editor.Preview", func() (any, error) { return a.Editor.Preview("") })
	add("Attention.Stale", func() (any, error) { return a.Attention.Stale(0) })
	add("Attention.Flagged", func() (any, error) { return a.Attention.Flagged() })
	add("Attention.Gaps", func() (any, error) { return a.Attention.Gaps(0) })
	add("Attention.Duplicates", func() (any, error) { return a.Attention.Duplicates(0.99) })
	add("Attention.Suspicious", func() (any, error) { return a.Attention.Suspicious() })
	add("Transfer.ImportPreview", func() (any, error) { return a.Transfer.ImportPreview(empty, "") })
	add("Status.Progress", func() (any, error) { return a.Status.Progress() })
	add("Status.LastChanges", func() (any, error) { return a.Status.LastChanges() })
	add("Team.Get", func() (any, error) { return a.Team.Get() })
	add("Assist.Draft", func() (any, error) { return a.Assist.Draft("req-none") })
	add("Assist.Check", func() (any, error) { return a.Assist.Check("Nothing cited here.", nil, "") })

	created, err := a.Editor.Create(core.ArticleInput{Title: "Bare article", Body: "Just text."})
	if err != nil {
		t.Fatal(err)
	}
	add("Editor.Create", func() (any, error) { return created, nil })
	add("Editor.Load", func() (any, error) { return a.Editor.Load(created.ID) })
	add("Editor.Save", func() (any, error) {
		return a.Editor.Save(core.ArticleInput{ID: created.ID, Title: "Bare article", Body: "Other text."}, created.Version, "")
	})
	add("History.Versions", func() (any, error) { return a.History.Versions(created.ID) })
	add("History.Diff", func() (any, error) { return a.History.Diff(created.ID, 1, 1) })
	add("Article.Get", func() (any, error) { return a.Articles.Get(created.ID) })
	add("Article.Passage", func() (any, error) { return a.Articles.Passage(created.ID+"#0", 0) })
	add("Autosave.LoadAutosave", func() (any, error) {
		if err := a.Autosave.Autosave(created.ID, core.ArticleInput{Title: "x"}); err != nil {
			return nil, err
		}
		return a.Autosave.LoadAutosave(created.ID)
	})
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Refund for a cancelled visit", Channel: knowledge.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	add("Request.Create", func() (any, error) { return req, nil })
	add("Request.Get", func() (any, error) { return a.Requests.Get(req.ID) })
	sug, err := a.Assist.Suggest(req.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	add("Assist.Suggest", func() (any, error) { return sug, nil })
	add("Ledger.Events", func() (any, error) { return a.Ledger.Events(sug.SetID) })
	asSupervisor := func(f func() (any, error)) func() (any, error) { // review_service.go
		return func() (any, error) {
			if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: "supervisor"}); err != nil {
				return nil, err
			}
			defer a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: "editor"})
			return f()
		}
	}
	add("Review.List", asSupervisor(func() (any, error) { return a.Review.List(knowledge.ReviewFilter{}) }))
	add("Review.List(nothing)", asSupervisor(func() (any, error) { return a.Review.List(knowledge.ReviewFilter{Agent: "nobody"}) }))
	add("Review.Detail", asSupervisor(func() (any, error) { return a.Review.Detail(sug.SetID) }))
	add("Review.Dashboard", asSupervisor(func() (any, error) { return a.Review.Dashboard(knowledge.ReviewFilter{}) }))
	add("Review.Dashboard(nothing)", asSupervisor(func() (any, error) { return a.Review.Dashboard(knowledge.ReviewFilter{Agent: "nobody"}) }))
	add("Review.Verify", func() (any, error) { return a.Review.Verify() })
	add("Attention.Curation", func() (any, error) { return a.Attention.Curation(0) }) // curation_service.go
	add("Request.Update", func() (any, error) {
		cur, err := a.Requests.Get(req.ID)
		if err != nil {
			return nil, err
		}
		cur.InternalNotes = "checked"
		return a.Requests.Update(cur)
	})
	add("Lifecycle.Overview", func() (any, error) { return a.Lifecycle.Overview(req.ID) })
	add("Lifecycle.Timeline", func() (any, error) { return a.Lifecycle.Timeline(req.ID) })
	add("Lifecycle.SetStatus", func() (any, error) { return a.Lifecycle.SetStatus(req.ID, knowledge.RequestInProgress, "") })
	add("Lifecycle.SetNextStep", func() (any, error) {
		return a.Lifecycle.SetNextStep(req.ID, "Call the clinic", time.Now().Add(24*time.Hour).Format(time.RFC3339))
	})
	add("Lifecycle.AddDepartment", func() (any, error) { return a.Lifecycle.AddDepartment(req.ID, "Billing") })
	add("Lifecycle.Assign", func() (any, error) { return a.Lifecycle.Assign(req.ID, "") })
	add("Lifecycle.HandOver", func() (any, error) { return a.Lifecycle.HandOver(req.ID, "Sam", "Refund asked; Billing checks") })
	add("Lifecycle.TeamQueue", func() (any, error) { return a.Lifecycle.TeamQueue() })
	add("Lifecycle.AddReminder", func() (any, error) {
		return a.Lifecycle.AddReminder(knowledge.Reminder{RequestID: req.ID, Text: "Call back", Due: time.Now().Add(time.Hour)})
	})
	add("Lifecycle.SnoozeReminder", func() (any, error) {
		r, err := a.Lifecycle.AddReminder(knowledge.Reminder{RequestID: req.ID, Text: "Snooze me", Due: time.Now().Add(time.Hour)})
		if err != nil {
			return nil, err
		}
		return a.Lifecycle.SnoozeReminder(r.ID, time.Now().Add(2*time.Hour).Format(time.RFC3339))
	})
	add("Lifecycle.CompleteReminder", func() (any, error) {
		r, err := a.Lifecycle.AddReminder(knowledge.Reminder{RequestID: req.ID, Text: "Complete me", Due: time.Now().Add(time.Hour)})
		if err != nil {
			return nil, err
		}
		return a.Lifecycle.CompleteReminder(r.ID)
	})
	add("Lifecycle.DueReminders", func() (any, error) { return a.Lifecycle.DueReminders() })
	add("Lifecycle.Reminders", func() (any, error) { return a.Lifecycle.Reminders("") })
	add("Lifecycle.ProposeReminders", func() (any, error) {
		return a.Lifecycle.ProposeReminders(req.ID, "Nothing promised here.")
	})
	add("Lifecycle.Alerts", func() (any, error) { return a.Lifecycle.Alerts() })
	add("Lifecycle.MyAlerts", func() (any, error) { return a.Lifecycle.MyAlerts() })
	add("Lifecycle.AlertSettings", func() (any, error) { return a.Lifecycle.AlertSettings() })
	add("Lifecycle.SaveAlertSettings", func() (any, error) { return a.Lifecycle.SaveAlertSettings(followup.Thresholds{}) })
	add("Lifecycle.AttachProcedure", func() (any, error) {
		proc, err := a.Editor.Create(core.ArticleInput{Title: "Lost card", Body: "## Procedure\n\n- [ ] Verify identity (15m)\n- [ ] Block the card (5m)\n"})
		if err != nil {
			return nil, err
		}
		return a.Lifecycle.AttachProcedure(req.ID, proc.ID)
	})
	add("Lifecycle.CompleteStep", func() (any, error) {
		proc, err := a.Editor.Create(core.ArticleInput{Title: "Lost card 2", Body: "## Procedure\n\n- [ ] Verify identity (15m)\n"})
		if err != nil {
			return nil, err
		}
		if _, err := a.Lifecycle.AttachProcedure(req.ID, proc.ID); err != nil {
			return nil, err
		}
		return a.Lifecycle.CompleteStep(req.ID, 1)
	})
	add("Lifecycle.CustomerProfile", func() (any, error) { return a.Lifecycle.CustomerProfile("nobody@example.org") })
	add("Lifecycle.SaveCustomerProfile", func() (any, error) {
		return a.Lifecycle.SaveCustomerProfile(knowledge.CustomerProfile{Contact: "ana@example.org", PreferredName: "Ana"})
	})
	add("Lifecycle.ProgressUpdate", func() (any, error) { return a.Lifecycle.ProgressUpdate(req.ID) })
	add("Lifecycle.SendProgressUpdate", func() (any, error) { return a.Lifecycle.SendProgressUpdate(req.ID, "Hi, here is where things stand.") })
	add("Lifecycle.RenderProgressUpdate", func() (any, error) { return a.Lifecycle.RenderProgressUpdate("Hi **Ana**") })
	add("Lifecycle.ExportProgressUpdate", func() (any, error) {
		return a.Lifecycle.ExportProgressUpdate(req.ID, "Hi Ana", "html", t.TempDir())
	})
	add("Lifecycle.Stats", func() (any, error) { return a.Lifecycle.Stats() })
	add("Request.AppendMessage", func() (any, error) {
		return a.Requests.AppendMessage(req.ID, knowledge.RequestMessage{Author: knowledge.AuthorNote, Text: "checked"})
	})

	// Review of published edits (revision_service.go): each call gets its
	// own published article with a revision waiting.
	revised := func(title string) (core.RevisionView, error) {
		c, err := a.Editor.Create(core.ArticleInput{Title: title, Body: "Live text.", Language: "en", Audience: "internal"})
		if err != nil {
			return core.RevisionView{}, err
		}
		if c, err = a.Editor.SetStatus(c.ID, "published", c.Version, ""); err != nil {
			return core.RevisionView{}, err
		}
		in := core.ArticleInput{ID: c.ID, Title: c.Title, Body: "Revised text.", Language: "en", Audience: "internal"}
		r, err := a.Editor.Save(in, c.Version, "")
		if err != nil || r.Revision == nil {
			return core.RevisionView{}, fmt.Errorf("no revision: %+v, %v", r, err)
		}
		return *r.Revision, nil
	}
	add("Editor.Revisions", func() (any, error) { return a.Editor.Revisions() })
	add("Editor.ArticleRevision", func() (any, error) {
		r, err := revised("Revised one")
		if err != nil {
			return nil, err
		}
		return a.Editor.ArticleRevision(r.ArticleID)
	})
	add("Editor.ReviewRevision", func() (any, error) {
		r, err := revised("Revised two")
		if err != nil {
			return nil, err
		}
		return a.Editor.ReviewRevision(r.ArticleID)
	})
	add("Editor.SendBackRevision", func() (any, error) {
		r, err := revised("Revised three")
		if err != nil {
			return nil, err
		}
		return a.Editor.SendBackRevision(r.ArticleID, r.Seq, "Shorter, please.")
	})
	add("Editor.ApproveRevision", func() (any, error) {
		r, err := revised("Revised four")
		if err != nil {
			return nil, err
		}
		return a.Editor.ApproveRevision(r.ArticleID, r.Seq)
	})
	add("Editor.RevisionSettings", func() (any, error) { return a.Editor.RevisionSettings() })

	for name, call := range results {
		v, err := call()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if nils := core.NilSlices(v); len(nils) > 0 {
			t.Errorf("%s returns nil slices or maps (JSON null): %s", name, strings.Join(nils, ", "))
		}
		if _, err := json.Marshal(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Every bound method with a result is covered above (or is a plain value).
	covered := map[string]bool{}
	for name := range results {
		covered[strings.SplitN(name, "(", 2)[0]] = true
	}
	plain := map[string]bool{"System.PickFolder": true, "Assist.Cancel": true, "Assist.Record": true, "Assist.Rate": true,
		"Assist.MarkSent": true, "Settings.Save": true, "Settings.SetAPIKey": true, "Settings.TestConnection": true,
		"Settings.SaveEmbedding": true, "Article.GetVersion": true, "Editor.SetStatus": true, "Editor.AddAttachment": true,
		"Editor.SetPublishedEditsNeedReview": true, // knowledge/core/revisions_test.go
		"History.Restore":                    true, "Transfer.ImportApply": true, "Transfer.Export": true,
		"Review.Export": true, "Attention.ResolveCuration": true, // review_service_test.go, knowledge/core/curation_test.go
		// Team database calls need a server: app/team_service_test.go.
		"Team.Test": true, "Team.SetPassword": true, "Team.Use": true, "Team.UseLocal": true, "Team.CopyLocal": true}
	for _, svc := range a.Bind() {
		v := reflect.ValueOf(svc)
		name := strings.TrimSuffix(v.Elem().Type().Name(), "Service")
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			mt := m.Type
			if mt.NumOut() < 2 { // error-only methods return nothing to check
				continue
			}
			full := name + "." + m.Name
			if !covered[full] && !plain[full] {
				t.Errorf("%s is bound but not checked for null arrays", full)
			}
		}
	}
}
