package eval

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// realBEIR reads the first lines of each file of a real collection, when
// the shared evaluation data is present, for the seed corpus.
func realBEIR(dir string, lines int) (corpus, queries, qrels []byte, ok bool) {
	head := func(p string) []byte {
		f, err := os.Open(p)
		if err != nil {
			return nil
		}
		defer f.Close()
		var b bytes.Buffer
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for i := 0; i < lines && sc.Scan(); i++ {
			b.Write(sc.Bytes())
			b.WriteByte('\n')
		}
		return b.Bytes()
	}
	corpus, queries, qrels = head(filepath.Join(dir, "corpus.jsonl")), head(filepath.Join(dir, "queries.jsonl")), head(filepath.Join(dir, "qrels", "test.tsv"))
	return corpus, queries, qrels, corpus != nil && queries != nil && qrels != nil
}

func writeBEIR(t testing.TB, dir string, corpus, queries, qrels []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "qrels"), 0o700); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"corpus.jsonl": corpus, "queries.jsonl": queries, filepath.Join("qrels", "test.tsv"): qrels} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzLoadBEIR: any content of the three files either loads or fails with
// an error naming the problem (ErrFormat for malformed content, with the
// file and line), carrying the "eval:" prefix once; what loads is
// consistent: judged queries only, sorted, grades > 0, and one document per
// non-blank corpus line.
func FuzzLoadBEIR(f *testing.F) {
	// The shared collections sit beside the repository (../shared/eval, as
	// in `make bench`) or beside the worktree folder.
	for _, root := range []string{filepath.Join("..", "..", "..", "shared", "eval"), filepath.Join("..", "..", "..", "..", "shared", "eval")} {
		for _, name := range []string{"covidfaq", "cranfield", "xquad-ru", "xquad-th"} {
			if c, q, r, ok := realBEIR(filepath.Join(root, name), 5); ok {
				f.Add(c, q, r)
			}
		}
	}
	f.Add([]byte(`{"_id":"D1","title":"Parking","text":"Opens at six."}`+"\n"+`{"_id":"D/3","title":"","text":"Flu clinics."}`+"\n"),
		[]byte(`{"_id":"q1","text":"parking"}`+"\n"+`{"_id":"q2","text":"unjudged"}`+"\n"),
		[]byte("query-id\tcorpus-id\tscore\nq1\tD1\t1\nq1\tD/3\t0\n"))
	for _, hostile := range [][3]string{
		{"", "", ""},
		{"\n\n  \n", "\r\n", "\n"},
		{`{"_id":1}`, `{"_id":"q"}`, "q d 1"},
		{`{"_id":"a"}{"_id":"b"}`, `{"_id":"q","text":"x"}`, "q\ta\t1"},
		{`[1,2]`, `null`, "q a b"},
		{`{"_id":"a","text":"\ud800"}`, `{"_id":"q","text":"\u0000"}`, "q a -1\nq a 2147483648\nq a 0x1"},
		{`{"_id":"a"}` + "\r\n", `{"_id":"q"}` + "\r\n", "query-id corpus-id score\r\nq a 1\r\n"},
		{"\xef\xbb\xbf" + `{"_id":"a"}`, `{"_id":"q"}`, "\xef\xbb\xbfq a 1"},
		{`{"_id":"a"}`, `{"_id":"q"}`, "q a 1 extra"},
		{`{"_id":"a"}`, `{"_id":"q"}`, "query-id\n"},
		{`{"_id":"a","title":` + strings.Repeat("[", 5000), `{}`, ""},
		{`{"_id":"a"}`, `{"_id":"q"}`, strings.Repeat("q", 70000) + " a 1"},
	} {
		f.Add([]byte(hostile[0]), []byte(hostile[1]), []byte(hostile[2]))
	}
	f.Fuzz(func(t *testing.T, corpus, queries, qrels []byte) {
		dir := t.TempDir()
		writeBEIR(t, dir, corpus, queries, qrels)
		ds, err := LoadBEIR(dir)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "eval: ") || strings.HasPrefix(msg, "eval: eval: ") {
				t.Fatalf("error %q must start with \"eval: \" exactly once", msg)
			}
			var pe *fs.PathError
			if !errors.Is(err, ErrFormat) && !errors.As(err, &pe) && !strings.Contains(msg, "too long") {
				t.Fatalf("error %q is neither ErrFormat nor a file error", msg)
			}
			return
		}
		nonBlank := 0
		for _, l := range strings.Split(string(corpus), "\n") {
			if strings.TrimSpace(l) != "" {
				nonBlank++
			}
		}
		if len(ds.Corpus) != nonBlank {
			t.Fatalf("%d documents from %d non-blank corpus lines", len(ds.Corpus), nonBlank)
		}
		if !sort.SliceIsSorted(ds.Queries, func(i, j int) bool { return ds.Queries[i].ID < ds.Queries[j].ID }) {
			t.Fatal("queries are not sorted by id")
		}
		for _, q := range ds.Queries {
			if len(ds.Qrels[q.ID]) == 0 {
				t.Fatalf("query %q has no judgement", q.ID)
			}
		}
		for qid, m := range ds.Qrels {
			for did, g := range m {
				if g <= 0 {
					t.Fatalf("qrel %s/%s has grade %d", qid, did, g)
				}
			}
		}
	})
}
