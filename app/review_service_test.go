package app

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

// saver is a recorder that answers the save dialog with path ("" cancels).
type saver struct {
	*recorder
	path string
}

func (s saver) SaveFile(string, string) (string, error) { return s.path, nil }

func TestReviewExportWritesTheFilteredView(t *testing.T) {
	a, rec := newTestApp(t)
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Sue", Role: "supervisor"}); err != nil {
		t.Fatal(err)
	}
	req, err := a.Requests.Create(knowledge.SupportRequest{Subject: "Refund for a cancelled visit", Channel: knowledge.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	sug, err := a.Assist.Suggest(req.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ledger.csv")
	a.SetRuntime(rec, saver{rec, path})
	res, err := a.Review.Export("csv", knowledge.ReviewFilter{Agent: "Sue"})
	if err != nil || res.Path != path || res.Events < 1 {
		t.Fatalf("Export = %+v, %v", res, err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) != res.Events+1 || recs[1][2] != sug.SetID || recs[1][5] != "Sue" {
		t.Fatalf("exported %v, %v", recs, err)
	}
	// A filter matching nothing exports only the header.
	if res, err := a.Review.Export("json", knowledge.ReviewFilter{Agent: "nobody"}); err != nil || res.Events != 0 {
		t.Errorf("empty export: %+v, %v", res, err)
	}
	// Cancelling the dialog writes nothing.
	a.SetRuntime(rec, saver{rec, ""})
	if res, err := a.Review.Export("csv", knowledge.ReviewFilter{}); err != nil || res.Path != "" {
		t.Errorf("cancelled export: %+v, %v", res, err)
	}
	if _, err := a.Review.Export("xml", knowledge.ReviewFilter{}); err == nil || !strings.Contains(err.Error(), "csv or json") {
		t.Errorf("unknown format: %v", err)
	}
	// Agents may not export.
	if _, err := a.Settings.Save(config.LLM{Provider: "none"}, config.Profile{Name: "Sam", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	a.SetRuntime(rec, saver{rec, filepath.Join(t.TempDir(), "x.csv")})
	if _, err := a.Review.Export("csv", knowledge.ReviewFilter{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("an agent's export: %v, want ErrForbidden", err)
	}
}
