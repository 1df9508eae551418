package search

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestBestOfMatchesASort: the bounded selection returns exactly the first
// m of a full sort, in order (ties broken by the comparator), and the
// others as the rest, for sizes around and beyond m.
func TestBestOfMatchesASort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{0, 1, 5, 39, 40, 41, 1000} {
		for _, m := range []int{0, 1, 7, 40, 2000} {
			score := make([]int, n)
			for i := range score {
				score[i] = r.IntN(50) // many ties
			}
			better := func(a, b int32) bool {
				if score[a] != score[b] {
					return score[a] > score[b]
				}
				return a < b
			}
			all := make([]int32, n)
			for i := range all {
				all[i] = int32(i)
			}
			sort.Slice(all, func(i, j int) bool { return better(all[i], all[j]) })
			best, rest := bestOf(n, m, better)
			k := min(max(m, 0), n)
			if !slices.Equal(best, all[:k]) {
				t.Fatalf("n=%d m=%d: best %v, want %v", n, m, best, all[:k])
			}
			slices.Sort(rest)
			want := slices.Clone(all[k:])
			slices.Sort(want)
			if !slices.Equal(rest, want) {
				t.Fatalf("n=%d m=%d: rest %v, want %v", n, m, rest, want)
			}
		}
	}
}
