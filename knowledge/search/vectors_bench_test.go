package search

import (
	"context"
	"fmt"
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
		v.appendRow(fmt.Sprintf("p%d#0", i), fmt.Sprint("a", i/3), emb)
	}
	q := make([]float32, d)
	for j := range q {
		q[j] = r.Float32() - 0.5
	}
	ctx := context.Background()
	b.Run("scan", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := v.search(ctx, q, 200, -1, nil, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("chromem-query", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := v.coll.QueryEmbedding(ctx, q, 200, nil, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
