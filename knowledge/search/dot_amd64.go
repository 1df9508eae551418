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
