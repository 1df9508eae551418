package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSuggestHeadless(t *testing.T) {
	data := t.TempDir()
	req := filepath.Join(t.TempDir(), "req.json")
	os.WriteFile(req, []byte(`{"subject":"Lab results not in the app","customer":{"name":"Ana Lima","contact":"ana@example.org"},
		"messages":[{"author":"customer","text":"My blood test was last week but I cannot see the results in the MyHealth app."}]}`), 0o600)

	out, errOut, code := runCLI(t, "suggest", "--request", req, "--provider", "none", "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("suggest: %d %s", code, errOut)
	}
	var res struct {
		SetID      string `json:"setId"`
		Suggestion struct {
			Options []struct {
				Kind      string `json:"kind"`
				Citations []struct {
					PassageID      string `json:"passageId"`
					ArticleID      string `json:"articleId"`
					ArticleVersion int    `json:"articleVersion"`
					Quote          string `json:"quote"`
				} `json:"citations"`
				Sentences []struct {
					Supported bool `json:"supported"`
				} `json:"sentences"`
			} `json:"options"`
		} `json:"suggestion"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if res.SetID == "" || len(res.Suggestion.Options) < 2 {
		t.Fatalf("want a recorded set with several options: %s", out)
	}
	c := res.Suggestion.Options[0].Citations
	if len(c) == 0 || c[0].PassageID == "" || c[0].ArticleID == "" || c[0].ArticleVersion < 1 || c[0].Quote == "" {
		t.Fatalf("citations need passage, article, version and quote: %+v", c)
	}

	// Text output names each option, its verification and its citations.
	out, _, code = runCLI(t, "suggest", "--request", req, "--data-dir", data)
	if code != 0 || !strings.Contains(out, "Option 1") || !strings.Contains(out, "verified") || !strings.Contains(out, "[lab-") {
		t.Fatalf("text output:\n%s", out)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"subject":`), 0o600)
	if _, errOut, code := runCLI(t, "suggest", "--request", bad, "--data-dir", data); code != 1 || !strings.Contains(errOut, "not a valid request file") {
		t.Fatalf("broken request file: %d %s", code, errOut)
	}
	if _, _, code := runCLI(t, "suggest", "--request", req, "--provider", "gpt9", "--data-dir", data); code != 2 {
		t.Fatalf("unknown provider should be a usage error, got %d", code)
	}
}
