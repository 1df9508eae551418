package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/wiring"

	_ "modernc.org/sqlite"
)

// seedLedger records two suggestion sets with events in a new data folder
// and returns it with the events' ids.
func seedLedger(t *testing.T) (string, []int64) {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	st, err := wiring.OpenStores(ctx, data, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []int64
	for i, day := range []time.Time{time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 5, 3, 9, 0, 0, 0, time.UTC)} {
		set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: "Sam", Provider: "none", At: day,
			Passages: []knowledge.LedgerPassage{{PassageID: "refunds#0", ArticleID: "refunds", ArticleVersion: 1}},
			Options:  []knowledge.LedgerOption{{Index: 0, Title: "Refund", Reply: "Your refund, \"soon\".", Kind: "extractive", Citations: []string{"refunds#0"}}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range []knowledge.LedgerEvent{
			{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet, At: day},
			{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Line one,\nline \"two\" " + string(rune('A'+i)), At: day.Add(time.Minute)},
		} {
			got, err := st.RecordEvent(ctx, ev)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, got.ID)
		}
	}
	return data, ids
}

func TestLedgerVerifyDetectsTampering(t *testing.T) {
	data, ids := seedLedger(t)
	out, errOut, code := runCLI(t, "ledger", "verify", "--data-dir", data)
	if code != 0 || !strings.Contains(out, "ledger intact: 6 records") {
		t.Fatalf("verify of an intact ledger: code %d\n%s%s", code, out, errOut)
	}
	db, err := sql.Open("sqlite", filepath.Join(data, wiring.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP TRIGGER ledger_events_no_update`, `UPDATE ledger_events SET final_text = 'changed' WHERE id = ` + itoa(ids[3])} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	out, errOut, code = runCLI(t, "ledger", "verify", "--data-dir", data)
	if code == 0 || !strings.Contains(out, "(event "+itoa(ids[3])+")") || !strings.Contains(errOut, "broken") {
		t.Fatalf("verify of an altered ledger: code %d\n%s%s", code, out, errOut)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestLedgerExport(t *testing.T) {
	data, _ := seedLedger(t)
	out, errOut, code := runCLI(t, "ledger", "export", "--format", "csv", "--data-dir", data)
	if code != 0 {
		t.Fatalf("export csv: %d %s", code, errOut)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 5 || strings.Join(recs[0], ",") != "eventId,at,setId,requestId,setAt,agent,provider,model,type,optionIndex,editDistance,reason,comment,finalText,chainHash" {
		t.Fatalf("export csv: %v %v\n%s", recs, err, out)
	}
	if recs[2][8] != "sent" || recs[2][13] != "Line one,\nline \"two\" A" || len(recs[2][14]) != 64 {
		t.Errorf("csv row: %q", recs[2])
	}
	out, errOut, code = runCLI(t, "ledger", "export", "--format", "json", "--from", "2026-05-02", "--to", "2026-05-03", "--data-dir", data)
	if code != 0 {
		t.Fatalf("export json: %d %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("export json from May 2 to 3: %d lines, want 2\n%s", len(lines), out)
	}
	var row map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &row); err != nil || row["finalText"] != "Line one,\nline \"two\" B" || row["type"] != "sent" {
		t.Errorf("json row: %v %v", row, err)
	}
	file := filepath.Join(t.TempDir(), "ledger.csv")
	if _, errOut, code = runCLI(t, "ledger", "export", "--out", file, "--data-dir", data); code != 0 || !strings.Contains(errOut, "exported 4 ledger events") {
		t.Errorf("export to a file: %d %s", code, errOut)
	}
	for _, args := range [][]string{{"ledger"}, {"ledger", "frob"}, {"ledger", "export", "--format", "xml"}, {"ledger", "export", "--from", "May"}} {
		if _, errOut, code := runCLI(t, append(args, "--data-dir", data)...); code != 2 || !strings.Contains(errOut, "usage") {
			t.Errorf("%v: code %d, %s", args, code, errOut)
		}
	}
}
