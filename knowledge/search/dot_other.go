//go:build !amd64

package search

// dot is the dot product of two vectors of the same length.
func dot(a, b []float32) float32 { return dotGeneric(a, b) }
