package embed

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
)

// kbDocs is a tiny knowledge base in which "allergy" keeps company with
// "amendment" and "clinician", never with "invoice".
func kbDocs() []LearnDoc {
	var docs []LearnDoc
	for i := 0; i < 30; i++ {
		docs = append(docs,
			LearnDoc{ID: fmt.Sprintf("rec-%d", i), Hash: "h", Text: "A wrong allergy on the chart needs an amendment request; the clinician reviews the allergy amendment."},
			LearnDoc{ID: fmt.Sprintf("bill-%d", i), Hash: "h", Text: "The invoice shows a payment plan; billing sends the invoice after the payment is received."},
		)
	}
	return docs
}

func TestTermSpaceBringsCooccurringWordsTogether(t *testing.T) {
	ctx := context.Background()
	sp := LearnTermSpace(kbDocs(), BuiltinDims)
	if sp == nil || sp.Terms() == 0 {
		t.Fatal("nothing learned")
	}
	plain, kb := NewBuiltin(), NewBuiltin(WithTermSpace(sp))
	if kb.ID() == plain.ID() || kb.ID() != BuiltinID+"+kb-"+sp.ID() {
		t.Errorf("ID %q does not name the space", kb.ID())
	}
	texts := []string{"allergy", "amendment by the clinician", "invoice payment"}
	pv, _ := plain.Embed(ctx, texts)
	kv, _ := kb.Embed(ctx, texts)
	if got := cos(kv[0], kv[1]); got <= cos(pv[0], pv[1])+0.1 {
		t.Errorf("allergy~amendment: %.3f with the space, %.3f without", got, cos(pv[0], pv[1]))
	}
	if cos(kv[0], kv[1]) <= cos(kv[0], kv[2]) {
		t.Errorf("allergy is as close to invoice (%.3f) as to amendment (%.3f)", cos(kv[0], kv[2]), cos(kv[0], kv[1]))
	}
}

// A frozen space embeds a text the same whatever else changes, survives a
// save and load, and reports how far the knowledge base drifted.
func TestTermSpaceIsFrozenAndMeasuresDrift(t *testing.T) {
	docs := kbDocs()
	sp := LearnTermSpace(docs, BuiltinDims)
	path := filepath.Join(t.TempDir(), "ts.gob")
	if err := sp.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadTermSpace(path)
	if err != nil || back.ID() != sp.ID() || back.Terms() != sp.Terms() {
		t.Fatalf("load: %v %v", back, err)
	}
	a, _ := NewBuiltin(WithTermSpace(sp)).Embed(context.Background(), []string{"allergy amendment"})
	b, _ := NewBuiltin(WithTermSpace(back)).Embed(context.Background(), []string{"allergy amendment"})
	for i := range a[0] {
		if a[0][i] != b[0][i] {
			t.Fatal("a loaded space embeds differently")
		}
	}
	if d := sp.Drift(docs); d != 0 {
		t.Errorf("drift of the same documents %.2f", d)
	}
	changed := append([]LearnDoc(nil), docs...)
	changed[0].Hash = "edited"                                           // 1 changed
	changed = append(changed[:1], changed[2:]...)                        // 1 removed
	changed = append(changed, LearnDoc{ID: "new", Hash: "h"})            // 1 added
	if d, want := sp.Drift(changed), 4.0/float64(len(docs)); d != want { // changed = removed old + added new
		t.Errorf("drift %.4f, want %.4f", d, want)
	}
	if _, err := LoadTermSpace(filepath.Join(t.TempDir(), "none")); err != ErrNoTermSpace {
		t.Errorf("missing file: %v", err)
	}
	if LearnTermSpace([]LearnDoc{{ID: "x", Text: "too little"}}, BuiltinDims) != nil {
		t.Error("learned from almost nothing")
	}
}

// The learning analyses documents on every CPU but must count them in
// order: contentTermsOf yields what a sequential pass over every stride-th
// document gives, across chunk boundaries.
func TestContentTermsOfIsTheSequentialPass(t *testing.T) {
	b := NewBuiltin()
	var docs []LearnDoc
	for i := range 700 {
		docs = append(docs, LearnDoc{ID: fmt.Sprint(i), Text: fmt.Sprintf("refund %d invoices for patient %d, ward %d", i, i*7, i%13)})
	}
	for _, stride := range []int{1, 2, 3} {
		var want, got [][]string
		var wantIdx, gotIdx []int
		for i := 0; i < len(docs); i += stride {
			want, wantIdx = append(want, b.contentTerms(docs[i].Text)), append(wantIdx, i)
		}
		for i, terms := range contentTermsOf(b, docs, stride) {
			got, gotIdx = append(got, terms), append(gotIdx, i)
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotIdx, wantIdx) {
			t.Fatalf("stride %d: %d documents yielded, want %d, or in another order", stride, len(got), len(want))
		}
	}
}

// The shards of countPairs hold, between them, exactly the counts of one
// sequential count, whatever the number of workers.
func TestCountPairsShardsAreTheSequentialCount(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var flat []int32
	var ends []int
	for range 300 {
		for range r.IntN(40) {
			flat = append(flat, int32(r.IntN(60)))
		}
		ends = append(ends, len(flat))
	}
	want := map[uint64]float64{}
	for k, n := range countPairs(flat, ends, 0, 1).all() {
		want[k] = n
	}
	if len(want) < 500 {
		t.Fatalf("only %d pairs: the test means little", len(want))
	}
	for _, workers := range []int{2, 3, 8} {
		got := map[uint64]float64{}
		for k, n := range countPairs(flat, ends, 100, workers).all() {
			if _, dup := got[k]; dup {
				t.Fatalf("%d workers: pair %x in two shards", workers, k)
			}
			got[k] = n
		}
		if !maps.Equal(got, want) {
			t.Fatalf("%d workers: %d pairs, want %d (or other counts)", workers, len(got), len(want))
		}
	}
}
