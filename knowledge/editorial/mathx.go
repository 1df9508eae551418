package editorial

import "math"

func sqrt(x float64) float64 { return math.Sqrt(x) }

// cosine32 is the cosine similarity of two vectors of any length.
func cosine32(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range min(len(a), len(b)) {
		x, y := float64(a[i]), float64(b[i])
		dot += x * y
		na += x * x
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb))
}
