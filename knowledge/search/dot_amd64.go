package search

import "golang.org/x/sys/cpu"

// dot is the dot product of two vectors of the same length. On amd64 with
// AVX2 and FMA it runs eight lanes at a time with four accumulators
// (dot_amd64.s): the vector scan is most of a hybrid query's CPU time, and
// this cuts it several-fold (BenchmarkDot, BenchmarkScan). The sum is
// taken in a different order from dotGeneric, so the two agree to float32
// rounding (TestDotAgreesWithGeneric), not bit for bit.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	if hasAVX2FMA {
		return dotAVX2(a, b)
	}
	return dotGeneric(a, b)
}

var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// dotAVX2 needs len(b) >= len(a).
//
//go:noescape
func dotAVX2(a, b []float32) float32

// dot8 is the dot product of a float32 vector and an int8 one of the same
// length (the quantized rows of the vector scan's first pass, vectors.go).
func dot8(a []float32, b []int8) float32 {
	b = b[:len(a)]
	if hasAVX2FMA {
		return dot8AVX2(a, b)
	}
	return dot8Generic(a, b)
}

// dot8AVX2 needs len(b) >= len(a).
//
//go:noescape
func dot8AVX2(a []float32, b []int8) float32

// dotI8Rows sets out[i] to the dot product of the int8 vector q with row i
// of rows (rows of len(q) values, at least len(out) of them); qa holds
// |q|, and every value of q and rows lies in [-127, 127] (quantize's
// range). The vector scan's first pass (vectors.go) runs it over blocks of
// rows: with the query quantized too, AVX2 multiplies 32 pairs per
// instruction instead of converting each row to float32 first.
func dotI8Rows(q, qa, rows []int8, out []int32) {
	rows = rows[:len(out)*len(q)]
	if hasAVX2 && len(q) > 0 && len(q)%32 == 0 {
		dotI8RowsAVX2(q, qa[:len(q)], rows, out)
		return
	}
	dotI8RowsGeneric(q, rows, out)
}

var hasAVX2 = cpu.X86.HasAVX2

//go:noescape
func dotI8RowsAVX2(q, qa, rows []int8, out []int32)
