package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/pgstore"
	"concierge/knowledge/pgstore/pgtest"
	"concierge/knowledge/sqlitestore"
	"concierge/knowledge/wiring"
)

// TestMigrateCopiesOnceAndReports: indexer migrate copies a local knowledge
// base into a team database, reports it, and a second run copies nothing.
func TestMigrateCopiesOnceAndReports(t *testing.T) {
	url := pgtest.NewDatabase(t)
	data := t.TempDir()
	ctx := context.Background()
	local, err := sqlitestore.Open(ctx, filepath.Join(data, wiring.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	a := knowledge.Article{ID: "fees", Title: "Fees", Body: "5", Status: knowledge.StatusPublished}
	for _, body := range []string{"5", "6"} {
		a.Body = body
		if _, err := local.Put(ctx, a, knowledge.PutOptions{Author: "Kim", Message: body}); err != nil {
			t.Fatal(err)
		}
	}
	req, err := local.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Twice", Channel: knowledge.ChannelEmail,
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "charged twice"}}})
	if err != nil {
		t.Fatal(err)
	}
	set, err := local.RecordSuggestionSet(ctx, knowledge.LedgerEntry{RequestID: req.ID, Agent: "Sam", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 2}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := local.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0}); err != nil {
		t.Fatal(err)
	}
	if _, err := local.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "fees", Agent: "Sam", Verdict: knowledge.VerdictWrong}); err != nil {
		t.Fatal(err)
	}
	local.Close()

	out, errOut, code := runCLI(t, "migrate", "--to", url, "--data-dir", data)
	if code != 0 {
		t.Fatalf("migrate: code %d, stderr %s", code, errOut)
	}
	for _, line := range []string{"articles                1        0", "versions                2        0", "requests                1        0",
		"suggestion sets         1        0", "ledger events           1        0", "ratings                 1        0"} {
		if !strings.Contains(out, line) {
			t.Errorf("report lacks %q:\n%s", line, out)
		}
	}
	out, _, code = runCLI(t, "migrate", "--to", url, "--data-dir", data, "--json")
	if code != 0 {
		t.Fatalf("second migrate: code %d", code)
	}
	var rep pgstore.CopyReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if rep.Articles != (pgstore.CopyCount{Present: 1}) || rep.Versions != (pgstore.CopyCount{Present: 2}) || rep.Events != (pgstore.CopyCount{Present: 1}) ||
		rep.Ratings != (pgstore.CopyCount{Present: 1}) || rep.Requests != (pgstore.CopyCount{Present: 1}) {
		t.Errorf("second run copied again: %+v", rep)
	}
	team, err := pgstore.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer team.Close()
	if vs, err := team.Versions(ctx, "fees"); err != nil || len(vs) != 2 || vs[0].Author != "Kim" {
		t.Errorf("history in the team database: %+v, %v", vs, err)
	}
	if evs, err := team.Events(ctx, set.SetID); err != nil || len(evs) != 1 {
		t.Errorf("ledger events in the team database: %+v, %v", evs, err)
	}
}

func TestMigrateUsage(t *testing.T) {
	if _, errOut, code := runCLI(t, "migrate", "--data-dir", t.TempDir()); code != 2 || !strings.Contains(errOut, "--to") {
		t.Errorf("migrate without --to: code %d, %s", code, errOut)
	}
	if _, errOut, code := runCLI(t, "migrate", "--to", "postgres://x@127.0.0.1:1/db", "--data-dir", t.TempDir()); code != 1 || !strings.Contains(errOut, "no local knowledge base") {
		t.Errorf("migrate of an empty data dir: code %d, %s", code, errOut)
	}
}
