package search

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkScan(b *testing.B) {
	const n, d = 30000, 256 // ~10k articles at the built-in dimension
	r := rand.New(rand.NewPCG(1, 1))
	v := newVectorStore(d)
	emb := make([]float32, d)
	for i := 0; i < n; i++ {
		for j := range emb {
			emb[j] = r.Float32() - 0.5
		}
		v.appendRow(string(rune(i)), "a", emb)
	}
	q := make([]float32, d)
	for j := range q {
		q[j] = r.Float32() - 0.5
	}
	for _, w := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[w], func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				v.search(q, 200, -1, nil, w)
			}
		})
	}
}
