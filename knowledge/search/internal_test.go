package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

func TestVectorStoreRemoveKeepsRowsConsistent(t *testing.T) {
	ctx := context.Background()
	v := newVectorStore(2)
	add := func(id, aid string, x, y float32) { v.appendRow(id, aid, []float32{x, y}) }
	add("a#0", "a", 1, 0)
	add("b#0", "b", 0, 1)
	add("a#1", "a", 0.6, 0.8)
	add("c#0", "c", -1, 0)
	add("d#0", "d", 0, 0) // counted, never returned
	if err := v.remove("a"); err != nil {
		t.Fatal(err)
	}
	if v.len() != 3 || v.coll.Count() != 2 {
		t.Fatalf("rows %d, collection %d", v.len(), v.coll.Count())
	}
	for id, want := range map[string][]float32{"b#0": {0, 1}, "c#0": {-1, 0}, "a#0": {0, 0}} {
		if got := v.vector(id); got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s holds %v, want %v", id, got, want)
		}
	}
	hits, err := v.search(ctx, []float32{0, 1}, 5, -2, nil, 2)
	if err != nil || len(hits) != 2 || hits[0].id != "b#0" || hits[0].aid != "b" || math.Abs(float64(hits[0].sim)-1) > 1e-3 {
		t.Errorf("hits %+v %v", hits, err)
	}
	if hits, _ := v.search(ctx, []float32{0, 1}, 5, 0.5, nil, 2); len(hits) != 1 {
		t.Errorf("minSim ignored: %+v", hits)
	}
	if hits, _ := v.search(ctx, []float32{0, 0}, 5, -2, nil, 2); len(hits) != 0 {
		t.Errorf("a zero query matched: %+v", hits)
	}
}

// Filters apply during the scan: k accepted passages are found however
// many better ones are rejected.
func TestVectorSearchFiltersBeyondTheFirstCandidates(t *testing.T) {
	v := newVectorStore(2)
	for i := 0; i < 100; i++ {
		aid := "x"
		if i%25 == 0 {
			aid = "keep"
		}
		a := float64(i) / 100
		v.appendRow(fmt.Sprintf("%s%d#0", aid, i), aid+fmt.Sprint(i), []float32{float32(math.Cos(a)), float32(math.Sin(a))})
	}
	hits, err := v.search(context.Background(), []float32{1, 0}, 3, -2, func(aid string) bool { return strings.HasPrefix(aid, "keep") }, 1)
	if err != nil || len(hits) != 3 || hits[0].aid != "keep0" || hits[1].aid != "keep25" || hits[2].aid != "keep50" {
		t.Errorf("hits %+v %v", hits, err)
	}
}

func TestSnippet(t *testing.T) {
	cases := []struct {
		lang, q, text string
		ayt           bool
		want          []string
	}{
		{"en", "refund", "Refunds & returns: <b>", false, []string{"<mark>Refunds</mark> &amp; returns: &lt;b&gt;"}},
		{"ru", "возвраты", "Возврат денег", false, []string{"<mark>Возврат</mark> денег"}},
		{"en", "pass", "Password reset", true, []string{"<mark>Password</mark> reset"}},
		{"en", "pass", "Password reset", false, []string{"Password reset"}},
		{"th", "คืนเงิน", "ขอคืนเงิน", false, []string{"ขอ<mark>คืนเงิน</mark>"}},
	}
	for _, c := range cases {
		got := newHighlighter(c.q, c.ayt).snippet(c.lang, c.text)
		for _, w := range c.want {
			if got != w {
				t.Errorf("%s %q in %q: got %q, want %q", c.lang, c.q, c.text, got, w)
			}
		}
	}
	long := strings.Repeat("filler words here. ", 40) + "the refund clause" + strings.Repeat(" more text", 40)
	s := newHighlighter("refund", false).snippet("en", long)
	if !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") || !strings.Contains(s, "<mark>refund</mark>") || len([]rune(s)) > snippetRunes+40 {
		t.Errorf("long snippet %q", s)
	}
}

// The int8 rows of the segment, fed to the collection, keep cosine similarity of unit vectors within 0.01.
func TestQuantizedCosineError(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const d = 256
	unit := func() []float32 {
		x := make([]float32, d)
		var n float64
		for i := range x {
			x[i] = float32(r.NormFloat64())
			n += float64(x[i] * x[i])
		}
		for i := range x {
			x[i] /= float32(math.Sqrt(n))
		}
		return x
	}
	v, err := loadVectors(context.Background(), filepath.Join(t.TempDir(), "q.vec"), d)
	if err != nil {
		t.Fatal(err)
	}
	defer v.seg.close()
	var rows [][]float32
	for i := 0; i < 200; i++ {
		rows = append(rows, unit())
		id := string(rune('a' + i))
		if err := v.put([]vecArticle{{aid: id, ids: []string{id}, embs: [][]float32{rows[i]}}}); err != nil {
			t.Fatal(err)
		}
	}
	worst := 0.0
	for k := 0; k < 20; k++ {
		q := unit()
		hits, _ := v.search(context.Background(), q, 200, -2, nil, 1)
		for _, h := range hits {
			var exact float64
			for i := range q {
				exact += float64(q[i] * rows[[]rune(h.id)[0]-'a'][i])
			}
			worst = max(worst, math.Abs(exact-float64(h.sim)))
		}
	}
	if worst > 0.01 {
		t.Errorf("largest cosine error %.4f", worst)
	}
}

// The scan is chromem-go's own query, faster: same passages, same
// similarities, on the collection's vectors.
func TestVectorScanAgreesWithCollectionQuery(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 6))
	const d = 64
	v := newVectorStore(d)
	for i := 0; i < 3000; i++ {
		x := make([]float32, d)
		for j := range x {
			x[j] = float32(r.NormFloat64())
		}
		v.appendRow(fmt.Sprintf("a%d#%d", i/3, i%3), fmt.Sprintf("a%d", i/3), x)
	}
	for k := 0; k < 10; k++ {
		q := make([]float32, d)
		for j := range q {
			q[j] = float32(r.NormFloat64())
		}
		got, err := v.search(ctx, q, 20, -2, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		want, err := v.coll.QueryEmbedding(ctx, q, 20, nil, nil)
		if err != nil || len(got) != len(want) {
			t.Fatalf("%d hits, collection %d (%v)", len(got), len(want), err)
		}
		for i := range want {
			if got[i].id != want[i].ID || math.Abs(float64(got[i].sim-want[i].Similarity)) > 1e-5 {
				t.Errorf("#%d: %s %.5f, collection %s %.5f", i, got[i].id, got[i].sim, want[i].ID, want[i].Similarity)
			}
		}
	}
}

// TestVectorStoreReserveAndTrim: room reserved from a segment's size is
// given back when fewer rows were live, and rows stay intact.
func TestVectorStoreReserveAndTrim(t *testing.T) {
	v := newVectorStore(4)
	v.reserve(10000)
	for i := 0; i < 100; i++ {
		v.appendRow(fmt.Sprintf("a%d#0", i), fmt.Sprint("a", i), []float32{1, float32(i), 0, 0})
	}
	if cap(v.q8) < 10000*4 {
		t.Fatalf("reserved %d int8 values", cap(v.q8))
	}
	v.trim()
	if cap(v.scan) > 200 || cap(v.q8) > 200*4 || len(v.q8) != 100*4 || len(v.q8scale) != 100 {
		t.Fatalf("after trim: scan %d/%d, q8 %d/%d", len(v.scan), cap(v.scan), len(v.q8), cap(v.q8))
	}
	for i, r := range v.scan {
		got := v.q8scale[i] * float32(v.q8[i*4+1])
		if want := r.emb[1]; math.Abs(float64(got-want)) > 0.01 {
			t.Fatalf("row %d: int8 copy %v, vector %v", i, got, want)
		}
	}
}
