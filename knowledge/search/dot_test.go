package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDotAgreesWithGeneric checks the dispatched dot product (AVX2 on
// amd64 CPUs that have it) against the plain loop for every length from 0
// to 300, so each of the assembly's paths (32 and 8 lanes, the scalar
// tail) is met, with slices that do not start on an aligned address.
func TestDotAgreesWithGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	buf := make([]float32, 2*301+2)
	for i := range buf {
		buf[i] = r.Float32()*2 - 1
	}
	for n := 0; n <= 300; n++ {
		a, b := buf[1:1+n], buf[302:302+n]
		got, want := dot(a, b), dotGeneric(a, b)
		var mag float64
		for i := range a {
			mag += math.Abs(float64(a[i] * b[i]))
		}
		if d := math.Abs(float64(got - want)); d > 1e-5*max(1, mag) {
			t.Fatalf("n=%d: dot %v, generic %v", n, got, want)
		}
	}
	// b longer than a: only len(a) elements count.
	if got := dot([]float32{1, 2, 3}, []float32{1, 1, 1, 100}); got != 6 {
		t.Fatalf("dot of a prefix = %v, want 6", got)
	}
}

func BenchmarkDot(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := make([]float32, 256), make([]float32, 256)
	for i := range x {
		x[i], y[i] = r.Float32(), r.Float32()
	}
	for _, f := range []struct {
		name string
		fn   func(a, b []float32) float32
	}{{"dispatched", dot}, {"generic", dotGeneric}} {
		b.Run(fmt.Sprintf("%s/d=256", f.name), func(b *testing.B) {
			var s float32
			for i := 0; i < b.N; i++ {
				s += f.fn(x, y)
			}
			sink = s
		})
	}
}

var sink float32

// TestDot8AgreesWithGeneric: the float32 × int8 dot product of the scan's
// first pass, every length from 0 to 300, unaligned slices.
func TestDot8AgreesWithGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	a := make([]float32, 302)
	b := make([]int8, 302)
	for i := range a {
		a[i] = r.Float32()*2 - 1
		b[i] = int8(r.IntN(255) - 127)
	}
	for n := 0; n <= 300; n++ {
		x, y := a[1:1+n], b[1:1+n]
		var want, mag float64
		for i := range x {
			want += float64(x[i]) * float64(y[i])
			mag += math.Abs(float64(x[i]) * float64(y[i]))
		}
		for name, got := range map[string]float32{"dot8": dot8(x, y), "generic": dot8Generic(x, y)} {
			if d := math.Abs(float64(got) - want); d > 1e-5*max(1, mag) {
				t.Fatalf("n=%d: %s %v, exact %v", n, name, got, want)
			}
		}
	}
}

// The int8 row kernel gives the exact integer dot products, at the
// dimensions of the built-in embedder and common models and at the
// extremes of quantize's range; other lengths take the generic path.
func TestDotI8RowsAgreesWithGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{32, 64, 96, 256, 384, 768, 1536, 40, 7} {
		const n = 37
		q, rows := make([]int8, d), make([]int8, n*d)
		for i := range q {
			q[i] = int8(r.IntN(255) - 127)
		}
		for i := range rows {
			rows[i] = int8(r.IntN(255) - 127)
		}
		for i := range d { // the first row: the worst case for VPMADDUBSW's pairs
			rows[i] = 127
		}
		for _, extreme := range []bool{false, true} {
			if extreme {
				for i := range q {
					q[i] = -127
				}
			}
			qa := make([]int8, d)
			for i, x := range q {
				qa[i] = max(x, -x)
			}
			got, want := make([]int32, n), make([]int32, n)
			dotI8Rows(q, qa, rows, got)
			dotI8RowsGeneric(q, rows, want)
			if !slices.Equal(got, want) {
				t.Fatalf("d=%d extreme %v: %v, want %v", d, extreme, got[:4], want[:4])
			}
		}
	}
}
