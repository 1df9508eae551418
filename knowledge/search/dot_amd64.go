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
