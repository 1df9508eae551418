package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseFlagsAnywhere(t *testing.T) {
	for _, c := range []struct {
		args     []string
		pos      []string
		mode     string
		asJSON   bool
		limit    int
		errMatch string
	}{
		{args: []string{"refund", "--mode", "bm25", "--json"}, pos: []string{"refund"}, mode: "bm25", asJSON: true},
		{args: []string{"--json", "refund", "policy"}, pos: []string{"refund", "policy"}, asJSON: true},
		{args: []string{"-refund"}, pos: []string{"-refund"}},
		{args: []string{"-refund", "--mode=vector", "-json"}, pos: []string{"-refund"}, mode: "vector", asJSON: true},
		{args: []string{"--limit", "3", "-5", "degrees"}, pos: []string{"-5", "degrees"}, limit: 3},
		{args: []string{"a", "--", "--json", "-x"}, pos: []string{"a", "--json", "-x"}},
		{args: []string{"-", "x"}, pos: []string{"-", "x"}},
		{args: []string{"refund", "--jsn"}, errMatch: "jsn"},
		{args: []string{"refund", "--limit", "many"}, errMatch: "limit"},
		{args: []string{"refund", "--mode"}, errMatch: "mode"},
	} {
		fs := flag.NewFlagSet("search", flag.ContinueOnError)
		mode := fs.String("mode", "", "")
		asJSON := fs.Bool("json", false, "")
		limit := fs.Int("limit", 0, "")
		pos, err := parseFlags(fs, c.args)
		if c.errMatch != "" {
			if _, ok := err.(usageError); !ok || !strings.Contains(err.Error(), c.errMatch) {
				t.Errorf("%q: error %v, want a usage error about %q", c.args, err, c.errMatch)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(pos, c.pos) || *mode != c.mode || *asJSON != c.asJSON || *limit != c.limit {
			t.Errorf("%q: pos %q mode %q json %v limit %d err %v; want %q %q %v %d", c.args, pos, *mode, *asJSON, *limit, err, c.pos, c.mode, c.asJSON, c.limit)
		}
	}
}

// The examples end to end: a query starting with "-", and flags
// after the query.
func TestSearchDashQueryAndTrailingFlags(t *testing.T) {
	data := t.TempDir()
	out, errOut, code := runCLI(t, "search", "-refund", "--mode", "bm25", "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("search -refund: %d %s", code, errOut)
	}
	var resp struct {
		Query   string `json:"query"`
		Mode    string `json:"mode"`
		Results []struct {
			ArticleID string `json:"articleId"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || resp.Query != "-refund" || resp.Mode != "bm25" || len(resp.Results) == 0 {
		t.Fatalf("search -refund --mode bm25 --json: %v %+v", err, resp)
	}
	out, _, code = runCLI(t, "search", "???", "--json", "--data-dir", data)
	if code != 0 || !strings.Contains(out, `"results": []`) {
		t.Fatalf("punctuation-only query should give the empty state: %d %s", code, out)
	}
	if _, errOut, code := runCLI(t, "search", "refund", "--mdoe", "bm25", "--data-dir", data); code != 2 || !strings.Contains(errOut, "mdoe") {
		t.Fatalf("a mistyped flag must be a usage error naming it: %d %s", code, errOut)
	}
}

func TestErrorPrefixOnce(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "qrels"), 0o700)
	os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte("{broken\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "queries.jsonl"), nil, 0o600)
	os.WriteFile(filepath.Join(dir, "qrels", "test.tsv"), nil, 0o600)
	for _, args := range [][]string{
		{"eval", "--beir", dir},
		{"eval", "--beir", filepath.Join(dir, "missing")},
		{"search", "x", "--mode", "psychic"},
	} {
		_, errOut, code := runCLI(t, args...)
		first := strings.SplitN(errOut, "\n", 2)[0]
		if code == 0 || !strings.HasPrefix(first, "indexer "+args[0]+": ") || strings.Contains(first, args[0]+": "+args[0]+": ") ||
			strings.HasPrefix(strings.TrimPrefix(first, "indexer "+args[0]+": "), args[0]+": ") {
			t.Errorf("%q: %q (exit %d), want the prefix once", args, first, code)
		}
	}
	if withoutPrefix("eval: eval: malformed dataset", "eval") != "malformed dataset" || withoutPrefix("evaluation failed", "eval") != "evaluation failed" {
		t.Error("withoutPrefix")
	}
}
