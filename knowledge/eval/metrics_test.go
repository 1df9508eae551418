package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMetricsByHand(t *testing.T) {
	// Three relevant docs (a, b, c; grade 1); retrieved at ranks 1 and 4.
	// DCG  = 1/log2(2) + 1/log2(5) = 1 + 0.430677 = 1.430677
	// IDCG = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.630930 + 0.5 = 2.130930
	// nDCG = 1.430677 / 2.130930 = 0.671386
	rel := map[string]int{"a": 1, "b": 1, "c": 1}
	ranked := []string{"a", "x", "y", "b", "z"}
	want := (1 + 1/math.Log2(5)) / (1 + 1/math.Log2(3) + 0.5)
	if got := NDCG(ranked, rel, 10); !near(got, want) || math.Abs(got-0.671386) > 1e-6 {
		t.Errorf("nDCG = %f, want %f", got, want)
	}
	if got := Recall(ranked, rel, 10); !near(got, 2.0/3) {
		t.Errorf("recall = %f", got)
	}
	if got := RR(ranked, rel, 10); !near(got, 1) {
		t.Errorf("rr = %f", got)
	}
	// Graded: rel d=2 at rank 2, e=1 missing. DCG = 2/log2(3) = 1.261860;
	// IDCG = 2 + 1/log2(3) = 2.630930; nDCG = 0.479625. RR = 1/2.
	rel2 := map[string]int{"d": 2, "e": 1}
	r2 := []string{"x", "d"}
	if got := NDCG(r2, rel2, 10); math.Abs(got-0.479625) > 1e-6 {
		t.Errorf("graded nDCG = %f", got)
	}
	if got := RR(r2, rel2, 10); !near(got, 0.5) {
		t.Errorf("rr = %f", got)
	}
	// Relevant doc at rank 11 counts for nothing at k=10.
	r3 := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "d"}
	if NDCG(r3, rel2, 10) != 0 || Recall(r3, rel2, 10) != 0 || RR(r3, rel2, 10) != 0 {
		t.Error("rank 11 must not count")
	}
}

func TestLoadEvaluateWrite(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "qrels"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "corpus.jsonl"), []byte(`{"_id":"d1","title":"T1","text":"x"}
{"_id":"d2","title":"T2","text":"y"}
`), 0o644))
	must(os.WriteFile(filepath.Join(dir, "queries.jsonl"), []byte(`{"_id":"q2","text":"two"}
{"_id":"q1","text":"one"}
{"_id":"q3","text":"unjudged"}
`), 0o644))
	must(os.WriteFile(filepath.Join(dir, "qrels", "test.tsv"), []byte("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td1\t0\n"), 0o644))
	ds, err := LoadBEIR(dir)
	must(err)
	if len(ds.Corpus) != 2 || len(ds.Queries) != 2 || ds.Queries[0].ID != "q1" {
		t.Fatalf("dataset: %+v", ds)
	}
	// Always returns d1 then d2: q1 → RR 1, q2 → RR 1/2.
	rep, lines, err := Evaluate(context.Background(), ds, func(_ context.Context, q string, k int) ([]Scored, error) {
		if k != RunDepth {
			t.Errorf("k = %d", k)
		}
		return []Scored{{"d1", 2}, {"d2", 1}, {"d1", 0.5}}, nil
	})
	must(err)
	rep.Mode = "test"
	if rep.Queries != 2 || !near(rep.MRR10, 0.75) || !near(rep.Recall10, 1) || !near(rep.NDCG10, (1+1/math.Log2(3))/2) {
		t.Errorf("report %+v", rep)
	}
	b, _ := json.Marshal(rep)
	var keys map[string]any
	must(json.Unmarshal(b, &keys))
	for _, k := range []string{"mode", "queries", "ndcg@10", "recall@10", "mrr@10"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("missing JSON key %q in %s", k, b)
		}
	}
	var buf bytes.Buffer
	must(WriteTREC(&buf, lines, "run1"))
	want := "q1 Q0 d1 1 2.000000 run1\nq1 Q0 d2 2 1.000000 run1\nq2 Q0 d1 1 2.000000 run1\nq2 Q0 d2 2 1.000000 run1\n"
	if buf.String() != want {
		t.Errorf("trec:\n%s", buf.String())
	}
}
