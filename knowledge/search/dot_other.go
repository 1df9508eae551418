//go:build !amd64

package search

// dot is the dot product of two vectors of the same length.
func dot(a, b []float32) float32 { return dotGeneric(a, b) }

// dot8 is the dot product of a float32 vector and an int8 one.
func dot8(a []float32, b []int8) float32 { return dot8Generic(a, b) }

// dotI8Rows sets out[i] to the dot product of q with row i of rows.
func dotI8Rows(q, _, rows []int8, out []int32) { dotI8RowsGeneric(q, rows, out) }
