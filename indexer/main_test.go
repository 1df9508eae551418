package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"search"}, {"eval"}, {"search", "x", "--mode", "psychic"}, {"import"}} {
		_, errOut, code := runCLI(t, args...)
		if code != 2 || !strings.Contains(errOut, "usage") {
			t.Errorf("%v: code %d, stderr %q", args, code, errOut)
		}
	}
}

func TestStatsSearchAndImport(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := runCLI(t, "stats", "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("stats: %d %s", code, errOut)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json is not JSON: %v\n%s", err, out)
	}
	if st["articles"].(float64) < 40 || st["passages"].(float64) < st["articles"].(float64) || st["embedder"] == "" {
		t.Fatalf("stats: %v", st)
	}

	out, errOut, code = runCLI(t, "search", "refund", "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("search: %d %s", code, errOut)
	}
	var resp struct {
		Results []struct {
			ArticleID string `json:"articleId"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || len(resp.Results) == 0 {
		t.Fatalf("search --json: %v %s", err, out)
	}

	out, _, code = runCLI(t, "search", "--data-dir", data, "--mode", "bm25", "wheelchair", "access")
	if code != 0 || !strings.Contains(out, "match") {
		t.Fatalf("search text output: %d %s", code, out)
	}

	kb := t.TempDir()
	os.WriteFile(filepath.Join(kb, "good.md"), []byte("---\ntitle: Octarine lanyard policy\ndepartment: Facilities\nstatus: published\n---\nOctarine lanyards are issued at reception.\n"), 0o600)
	os.WriteFile(filepath.Join(kb, "broken.md"), []byte("---\ntitle: [unclosed\n---\nbody\n"), 0o600)
	os.WriteFile(filepath.Join(kb, "binary.md"), []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}, 0o600)
	out, errOut, code = runCLI(t, "import", kb, "--data-dir", data)
	if code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	if !strings.Contains(out, "broken.md") || !strings.Contains(out, "binary.md") {
		t.Fatalf("bad files should be reported with their paths:\n%s", out)
	}
	out, _, _ = runCLI(t, "search", "octarine lanyard", "--json", "--data-dir", data)
	if !strings.Contains(out, `"good"`) {
		t.Fatalf("imported article not searchable:\n%s", out)
	}

	out, errOut, code = runCLI(t, "reindex", "--data-dir", data)
	if code != 0 || !strings.Contains(out, "reindexed") {
		t.Fatalf("reindex: %d %s %s", code, out, errOut)
	}
}

// A tiny BEIR collection whose metrics are known: the eval command must
// report them and write a TREC run file.
func TestEvalOnTinyCollection(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "qrels"), 0o700)
	os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(
		`{"_id":"D1","title":"Parking garage hours","text":"The parking garage opens at six."}`+"\n"+
			`{"_id":"D2","title":"Refund policy","text":"Refunds are paid within ten days."}`+"\n"+
			`{"_id":"D/3","title":"","text":"Flu vaccination clinics run every October."}`+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "queries.jsonl"), []byte(
		`{"_id":"q1","text":"when does the parking garage open"}`+"\n"+
			`{"_id":"q2","text":"how long do refunds take"}`+"\n"+
			`{"_id":"q3","text":"flu vaccination"}`+"\n"+
			`{"_id":"q4","text":"unjudged query"}`+"\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "qrels", "test.tsv"), []byte("query-id\tcorpus-id\tscore\nq1\tD1\t1\nq2\tD2\t1\nq3\tD/3\t1\n"), 0o600)
	runFile := filepath.Join(t.TempDir(), "run.trec")
	out, errOut, code := runCLI(t, "eval", "--beir", dir, "--mode", "bm25", "--json", "--run", runFile)
	if code != 0 {
		t.Fatalf("eval: %d %s", code, errOut)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval --json: %v %s", err, out)
	}
	if rep["mode"] != "bm25" || rep["queries"].(float64) != 3 || rep["ndcg@10"].(float64) != 1 || rep["recall@10"].(float64) != 1 || rep["mrr@10"].(float64) != 1 {
		t.Fatalf("each query's only relevant document should rank first: %v", rep)
	}
	run, err := os.ReadFile(runFile)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Fields(strings.SplitN(string(run), "\n", 2)[0])
	if len(first) != 6 || first[1] != "Q0" || first[3] != "1" || first[5] != "concierge-bm25" {
		t.Fatalf("TREC line %q", first)
	}
	if !strings.Contains(string(run), "D/3") {
		t.Fatalf("run file must use the collection's own document ids:\n%s", run)
	}
}
