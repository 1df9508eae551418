package core

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/wiring"
)

// TestDashboardFixture checks every aggregate against values computed by
// hand from six suggestion sets.
func TestDashboardFixture(t *testing.T) {
	d1 := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	d2 := d1.AddDate(0, 0, 1)
	rows := []knowledge.ReviewRow{
		// Day 1: Sam used one as is (article a), edited one heavily (a, b), Kim discarded one (b).
		{At: d1, Agent: "Sam", Department: "Billing", Outcome: knowledge.OutcomeUsed, Articles: []string{"a"}},
		{At: d1, Agent: "Sam", Department: "Billing", Outcome: knowledge.OutcomeEdited, EditDistance: 40, Heavy: true, Unverified: true, Articles: []string{"a", "b"}},
		{At: d1, Agent: "Kim", Department: "Tech", Outcome: knowledge.OutcomeDiscarded, Reason: knowledge.ReasonWrongFacts, Articles: []string{"b"}},
		// Day 2: Kim edited lightly (c), Kim left one shown, Sam discarded one (b).
		{At: d2, Agent: "Kim", Department: "Tech", Outcome: knowledge.OutcomeEdited, EditDistance: 1000, Articles: []string{"c"}},
		{At: d2, Agent: "Kim", Department: "Tech", Outcome: knowledge.OutcomeShown, Articles: []string{"c"}},
		{At: d2, Agent: "Sam", Department: "Billing", Outcome: knowledge.OutcomeDiscarded, Reason: knowledge.ReasonOutdated, Articles: []string{"b"}},
	}
	d := BuildDashboard(knowledge.AggregateRows(rows), func(id string) string { return "Title " + strings.ToUpper(id) })
	if d.Sets != 6 || d.Sent != 3 {
		t.Errorf("sets %d sent %d, want 6 and 3", d.Sets, d.Sent)
	}
	wantDays := []DayCounts{{Day: "2026-04-01", Used: 1, Edited: 1, Discarded: 1}, {Day: "2026-04-02", Edited: 1, Discarded: 1, Shown: 1}}
	if len(d.PerDay) != 2 || d.PerDay[0] != wantDays[0] || d.PerDay[1] != wantDays[1] {
		t.Errorf("per day %+v, want %+v", d.PerDay, wantDays)
	}
	// Sam: 3 sets, used 1 + edited 1 → 2/3; sent distances {0, 40} → median 20.
	// Kim: 3 sets, edited 1 → 1/3; sent distances {1000} → median 1000.
	// Equal set counts are listed by name: Kim, then Sam.
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if len(d.ByAgent) != 2 || d.ByAgent[0].Name != "Kim" {
		t.Fatalf("by agent %+v", d.ByAgent)
	}
	kim, sam := d.ByAgent[0], d.ByAgent[1]
	if sam.Sets != 3 || !near(sam.AcceptanceRate, 2.0/3) || sam.MedianEditDistance != 20 || sam.Discarded != 1 {
		t.Errorf("Sam %+v, want 3 sets, acceptance 2/3, median 20", sam)
	}
	if kim.Sets != 3 || !near(kim.AcceptanceRate, 1.0/3) || kim.MedianEditDistance != 1000 {
		t.Errorf("Kim %+v, want 3 sets, acceptance 1/3, median 1000", kim)
	}
	if len(d.ByDepartment) != 2 || d.ByDepartment[0].Name != "Billing" || !near(d.ByDepartment[0].AcceptanceRate, 2.0/3) || d.ByDepartment[1].MedianEditDistance != 1000 {
		t.Errorf("by department %+v", d.ByDepartment)
	}
	// Uses: a 2 (used + edited), b 1 (edited), c 1 (edited).
	if len(d.TopArticles) != 3 || d.TopArticles[0].ArticleID != "a" || d.TopArticles[0].Uses != 2 || d.TopArticles[0].Title != "Title A" ||
		d.TopArticles[1].ArticleID != "b" || d.TopArticles[2].ArticleID != "c" {
		t.Errorf("top articles %+v", d.TopArticles)
	}
	// Trouble: b 2 discards + 1 heavy edit = 3; a 1 heavy edit; c none.
	if len(d.TroubleArticles) != 2 || d.TroubleArticles[0].ArticleID != "b" || d.TroubleArticles[0].Discards != 2 || d.TroubleArticles[0].HeavyEdits != 1 ||
		d.TroubleArticles[1].ArticleID != "a" || d.TroubleArticles[1].HeavyEdits != 1 {
		t.Errorf("trouble articles %+v", d.TroubleArticles)
	}
	// 1 of 3 sent suggestions had unverified citations.
	if !near(d.UnverifiedRate, 1.0/3) {
		t.Errorf("unverified rate %v, want 1/3", d.UnverifiedRate)
	}
	// Saved: used 4 + edited 40 chars (4 − 0.2 = 3.8) + edited 1000 chars (4 − 5 < 0 → 0) = 7.8 minutes.
	if !near(d.MinutesSaved, 7.8) || !strings.Contains(d.TimeSavedFormula, "max(0, 4 − edit distance ÷ 200)") {
		t.Errorf("minutes saved %v (%s), want 7.8", d.MinutesSaved, d.TimeSavedFormula)
	}
}

func TestWordDiff(t *testing.T) {
	a, b := "Your refund is on its way.", "Dear Ada, your refund is on its way today."
	ops := WordDiff(a, b)
	var olds, news strings.Builder
	for _, o := range ops {
		if o.Op != "ins" {
			olds.WriteString(o.Text)
		}
		if o.Op != "del" {
			news.WriteString(o.Text)
		}
	}
	if olds.String() != a || news.String() != b {
		t.Fatalf("diff does not rebuild its sides: %+v", ops)
	}
	if ops[0].Op != "del" || ops[0].Text != "Your " || ops[1].Op != "ins" || ops[1].Text != "Dear Ada, your " {
		t.Errorf("diff %+v", ops)
	}
}

// openSupervisor opens a core without the sample (a bare store) as a local
// supervisor named Sue.
func openSupervisor(t *testing.T) (*Core, knowledge.Stores) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := wiring.OpenStores(ctx, dir, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	c, err := testOpen(ctx, Options{DataDir: dir, Stores: st, SkipSample: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.SaveSettings(config.LLM{Provider: "none"}, config.Profile{Name: "Sue", Role: RoleSupervisor}); err != nil {
		t.Fatal(err)
	}
	return c, st
}

// TestReviewReplaysCitedVersion: after the article changed, the detail
// shows the passage as it read in the version the suggestion cited.
func TestReviewReplaysCitedVersion(t *testing.T) {
	ctx := context.Background()
	c, st := openSupervisor(t)
	art := knowledge.Article{ID: "refunds", Title: "Refunds", Body: "Refunds take five days.", Department: "Billing", Language: "en", Status: knowledge.StatusPublished}
	if _, err := st.Put(ctx, art, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	req, err := st.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Where is my refund?", Channel: knowledge.ChannelEmail,
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "I returned the shoes two weeks ago."}}})
	if err != nil {
		t.Fatal(err)
	}
	set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{RequestID: req.ID, Agent: "Sam", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "refunds#0", ArticleID: "refunds", ArticleVersion: 1}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "Refund", Reply: "Refunds take five days.", Kind: "extractive", Citations: []string{"refunds#0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []knowledge.LedgerEvent{
		{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Hello, refunds take five working days."},
	} {
		if _, err := st.RecordEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	art.Body = "Refunds now take ten days."
	if _, err := st.Put(ctx, art, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := c.ReviewDetail(ctx, set.SetID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Passages) != 1 || !strings.Contains(d.Passages[0].Text, "five days") || d.Passages[0].Current || d.Passages[0].ArticleTitle != "Refunds" {
		t.Errorf("replayed passage %+v, want version 1's text (five days), not current", d.Passages)
	}
	if d.Subject != "Where is my refund?" || !strings.Contains(d.Excerpt, "shoes") || d.Used != 0 || d.Row.Outcome != knowledge.OutcomeEdited {
		t.Errorf("detail: subject %q excerpt %q used %d outcome %s", d.Subject, d.Excerpt, d.Used, d.Row.Outcome)
	}
	var ins strings.Builder
	for _, o := range d.Diff {
		if o.Op == "ins" {
			ins.WriteString(o.Text)
		}
	}
	if !strings.Contains(ins.String(), "Hello,") || !strings.Contains(ins.String(), "working") {
		t.Errorf("diff %+v", d.Diff)
	}
	p, err := c.ReviewList(ctx, knowledge.ReviewFilter{})
	if err != nil || p.Total != 1 || p.Rows[0].Subject != "Where is my refund?" || p.Titles["refunds"] != "Refunds" || p.OwnOnly {
		t.Errorf("review list %+v, %v", p, err)
	}
}

// TestReviewAccess: agents see only their own history and no dashboard,
// export or other agents' details.
func TestReviewAccess(t *testing.T) {
	ctx := context.Background()
	c, st := openSupervisor(t)
	var sets []knowledge.LedgerEntry
	for _, agent := range []string{"Sam", "Kim"} {
		set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: agent, Provider: "none",
			Options: []knowledge.LedgerOption{{Index: 0, Title: "T", Reply: "R", Kind: "extractive", Citations: []string{}}}})
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, set)
	}
	if _, err := c.SaveSettings(config.LLM{Provider: "none"}, config.Profile{Name: "Sam", Role: RoleAgent}); err != nil {
		t.Fatal(err)
	}
	p, err := c.ReviewList(ctx, knowledge.ReviewFilter{Agent: "Kim"})
	if err != nil || !p.OwnOnly || p.Total != 1 || p.Rows[0].Agent != "Sam" {
		t.Errorf("an agent's review list: %+v, %v; want only Sam's own set", p, err)
	}
	if _, err := c.Dashboard(ctx, knowledge.ReviewFilter{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent's dashboard: %v, want ErrForbidden", err)
	}
	if _, err := c.ExportLedger(ctx, &strings.Builder{}, "csv", knowledge.ReviewFilter{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent's export: %v, want ErrForbidden", err)
	}
	if _, err := c.ReviewDetail(ctx, sets[1].SetID); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent opening another agent's set: %v, want ErrForbidden", err)
	}
	if _, err := c.ReviewDetail(ctx, sets[0].SetID); err != nil {
		t.Errorf("an agent opening their own set: %v", err)
	}
}
