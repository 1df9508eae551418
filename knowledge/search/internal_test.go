package search

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestVectorStoreRemoveKeepsRowsConsistent(t *testing.T) {
	v := newVectorStore(2)
	add := func(id, aid string, x, y float32) { v.appendRow(id, aid, []float32{x, y}) }
	add("a#0", "a", 1, 0)
	add("b#0", "b", 0, 1)
	add("a#1", "a", 0.6, 0.8)
	add("c#0", "c", -1, 0)
	if err := v.remove("a"); err != nil {
		t.Fatal(err)
	}
	if v.len() != 2 || len(v.mat) != 4 || len(v.scale) != 2 {
		t.Fatalf("len %d mat %d", v.len(), len(v.mat))
	}
	for id, r := range v.row {
		want := map[string][]float32{"b#0": {0, 1}, "c#0": {-1, 0}}[id]
		if got := v.rowVector(r); v.ids[r] != id || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("row %d for %s holds %s %v", r, id, v.ids[r], got)
		}
	}
	hits := v.search([]float32{0, 1}, 5, -2, nil, 2)
	if len(hits) != 2 || v.ids[hits[0].row] != "b#0" || math.Abs(float64(hits[0].sim)-1) > 1e-3 {
		t.Errorf("hits %+v", hits)
	}
	if hits := v.search([]float32{0, 1}, 5, 0.5, nil, 1); len(hits) != 1 {
		t.Errorf("minSim ignored: %+v", hits)
	}
}

func TestTopK(t *testing.T) {
	h := topK{k: 3}
	for i, s := range []float32{0.1, 0.9, 0.3, 0.8, 0.2, 0.7} {
		if len(h.items) < 3 || s > h.items[0].sim {
			h.push(vhit{i, s})
		}
	}
	got := map[float32]bool{}
	for _, x := range h.items {
		got[x.sim] = true
	}
	if len(got) != 3 || !got[0.9] || !got[0.8] || !got[0.7] {
		t.Errorf("top3 %+v", h.items)
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

// The int8 rows keep cosine similarity of unit vectors within 0.01.
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
	v := newVectorStore(d)
	var rows [][]float32
	for i := 0; i < 200; i++ {
		rows = append(rows, unit())
		v.appendRow(string(rune('a'+i)), "a", rows[i])
	}
	worst := 0.0
	for k := 0; k < 20; k++ {
		q := unit()
		for _, h := range v.search(q, 200, -2, nil, 1) {
			var exact float64
			for i := range q {
				exact += float64(q[i] * rows[h.row][i])
			}
			worst = max(worst, math.Abs(exact-float64(h.sim)))
		}
	}
	if worst > 0.01 {
		t.Errorf("largest cosine error %.4f", worst)
	}
}
