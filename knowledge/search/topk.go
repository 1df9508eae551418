package search

import "sort"

// bestOf returns the m best of the items 0..n-1 under better, best first,
// and the others unordered. It keeps a bounded heap (worst at the root),
// so choosing 400 passages among the tens of thousands a common word
// touches costs n·log m comparisons instead of a sort of all n.
func bestOf(n, m int, better func(a, b int32) bool) (best, rest []int32) {
	if m <= 0 {
		rest = make([]int32, n)
		for i := range rest {
			rest[i] = int32(i)
		}
		return nil, rest
	}
	h := make([]int32, 0, min(n, m))
	rest = make([]int32, 0, n-min(n, m))                       // grown by append, the copies were a tenth of a common-word query
	worse := func(i, j int) bool { return better(h[j], h[i]) } // root = worst
	down := func(i int) {
		for {
			l, r, w := 2*i+1, 2*i+2, i
			if l < len(h) && worse(l, w) {
				w = l
			}
			if r < len(h) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for k := int32(0); k < int32(n); k++ {
		if len(h) < m {
			h = append(h, k)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !worse(i, p) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if better(k, h[0]) {
			rest = append(rest, h[0])
			h[0] = k
			down(0)
		} else {
			rest = append(rest, k)
		}
	}
	sort.Slice(h, func(i, j int) bool { return better(h[i], h[j]) })
	return h, rest
}
