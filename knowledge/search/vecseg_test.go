package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestVectorSegmentReplaysPutsAndDeletes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.vec")
	v, err := loadVectors(ctx, path, 2)
	if err != nil {
		t.Fatal(err)
	}
	put := func(aid, hash string, embs ...[]float32) {
		t.Helper()
		ids := make([]string, len(embs))
		for i := range ids {
			ids[i] = aid + "#" + string(rune('0'+i))
		}
		if err := v.put([]vecArticle{{aid: aid, hash: hash, ids: ids, embs: embs}}); err != nil {
			t.Fatal(err)
		}
	}
	put("a", "h1", []float32{1, 0}, []float32{0, 1})
	put("b", "h1", []float32{0.6, 0.8})
	put("a", "h2", []float32{-1, 0})
	if err := v.remove("b"); err != nil {
		t.Fatal(err)
	}
	put("c", "h1")
	v.seg.close()

	v, err = loadVectors(ctx, path, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer v.seg.close()
	if v.len() != 1 || v.hashes["a"] != "h2" || v.hashes["c"] != "h1" || len(v.hashes) != 2 {
		t.Fatalf("rows %d hashes %v", v.len(), v.hashes)
	}
	if got := v.vector("a#0"); got[0] != -1 || got[1] != 0 {
		t.Errorf("a#0 = %v", got)
	}

	// Another dimension (the embedder changed under the same ID): the
	// vectors are dropped, to be embedded again.
	v.seg.close()
	w, err := loadVectors(ctx, path, 3)
	if err != nil {
		t.Fatal(err)
	}
	w.seg.close()
	if w.len() != 0 || w.hashes["a"] != "" {
		t.Errorf("vectors of another dimension kept: %d %v", w.len(), w.hashes)
	}
}

func TestVectorSegmentCompactsDeadWeight(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.vec")
	v, _ := loadVectors(ctx, path, 4)
	emb := []float32{0.5, 0.5, 0.5, 0.5}
	for i := 0; i < 5000; i++ { // 5,000 versions of one article
		if err := v.put([]vecArticle{{aid: "a", hash: "h", ids: []string{"a#0"}, embs: [][]float32{emb}}}); err != nil {
			t.Fatal(err)
		}
	}
	v.seg.close()
	before, _ := os.Stat(path)
	v, err := loadVectors(ctx, path, 4)
	if err != nil {
		t.Fatal(err)
	}
	v.seg.close()
	after, _ := os.Stat(path)
	if v.len() != 1 || after.Size() >= before.Size()/100 {
		t.Errorf("rows %d, size %d → %d", v.len(), before.Size(), after.Size())
	}
}

func TestOrdinalIDs(t *testing.T) {
	for _, n := range []int{0, 1, 12} {
		ids := ordinalIDs("billing/refunds", n)
		if len(ids) != n {
			t.Fatalf("%d ids for %d passages", len(ids), n)
		}
		for i, id := range ids {
			if want := fmt.Sprintf("billing/refunds#%d", i); id != want {
				t.Fatalf("id %d = %q, want %q", i, id, want)
			}
		}
	}
}

// Unit vectors written into the arena are those unit gives, none reaches
// into the next (an append copies), and a zero vector takes no room.
func TestUnitInArena(t *testing.T) {
	v := newVectorStore(3)
	a := v.unitInArena([]float32{3, 0, 4})
	if z := v.unitInArena([]float32{0, 0, 0}); z != nil {
		t.Fatalf("zero vector: %v", z)
	}
	b := v.unitInArena([]float32{0, 2, 0})
	if !slices.Equal(a, unit([]float32{3, 0, 4})) || !slices.Equal(b, []float32{0, 1, 0}) {
		t.Fatalf("a %v, b %v", a, b)
	}
	if cap(a) != len(a) || len(v.arena) != 1024*3-6 {
		t.Fatalf("a has capacity %d; %d floats of the arena left, want %d", cap(a), len(v.arena), 1024*3-6)
	}
	_ = append(a, 9)
	if b[0] != 0 {
		t.Fatal("appending to one vector wrote into the next")
	}
}
