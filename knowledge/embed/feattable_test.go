package embed

import (
	"math/rand/v2"
	"testing"
)

// The table accumulates exactly what a map does (largest weight, summed
// occurrences) through growth and reuse, including the key 0, and lists
// the features in the order first added.
func TestFeatTableMatchesAMap(t *testing.T) {
	tab := newFeatTable(2)
	rnd := rand.New(rand.NewPCG(3, 4))
	for round := range 3 {
		want := map[uint64]featAcc{}
		var order []uint64
		for range 5000 {
			f := rnd.Uint64N(3000) * 0x1000193 // repeats, spread over the bits
			if rnd.IntN(50) == 0 {
				f = 0
			}
			w, n := rnd.Float64(), 1+rnd.IntN(3)
			tab.add(f, w, n)
			a, ok := want[f]
			if !ok {
				order = append(order, f)
			}
			a.w, a.n = max(a.w, w), a.n+n
			want[f] = a
		}
		if tab.len() != len(want) {
			t.Fatalf("round %d: %d features, want %d", round, tab.len(), len(want))
		}
		k := 0
		tab.each(func(f uint64, a featAcc) {
			if f != order[k] || a != want[f] {
				t.Fatalf("round %d: feature %d = %d %+v, want %d %+v", round, k, f, a, order[k], want[order[k]])
			}
			k++
		})
		tab.reset()
		if tab.len() != 0 {
			t.Fatal("reset left features")
		}
	}
}
