package search

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
)

// vectorStore holds the passage vectors of one embedder in one contiguous
// matrix, which is what queries scan (a brute-force scan over contiguous
// memory is several times faster than chromem-go's per-document query),
// and persists them in one segment file of its own (see vecSegment)
// instead of one file per passage. The vectors are in memory once, as int8
// with a scale per row (x ≈ scale·q, the largest component mapped to 127):
// a quarter of the memory, disk and memory bandwidth of float32, for a
// cosine error under 0.01 on unit vectors. Callers serialise writes (the
// engine's lock).
type vectorStore struct {
	seg       *vecSegment // nil: memory only
	dims      int
	ids       []string // passage id per row
	aids      []string // article id per row
	mat       []int8
	scale     []float32           // per row
	row       map[string]int      // passage id → row
	byArticle map[string][]string // article id → passage ids
	hashes    map[string]string   // article id → content hash of its vectors
}

func newVectorStore(dims int) *vectorStore {
	return &vectorStore{dims: dims, row: map[string]int{}, byArticle: map[string][]string{}, hashes: map[string]string{}}
}

func (v *vectorStore) appendRow(id, aid string, emb []float32) {
	n := len(v.mat)
	v.mat = slices.Grow(v.mat, v.dims)[:n+v.dims]
	v.appendQuantized(id, aid, quantize(v.mat[n:], emb))
}

// appendQuantized adds a row whose int8 values are already the last dims
// of v.mat.
func (v *vectorStore) appendQuantized(id, aid string, scale float32) {
	v.row[id] = len(v.ids)
	v.ids = append(v.ids, id)
	v.aids = append(v.aids, aid)
	v.scale = append(v.scale, scale)
	v.byArticle[aid] = append(v.byArticle[aid], id)
}

// quantize writes x into dst as int8 and returns the scale: x ≈ scale·dst.
func quantize(dst []int8, x []float32) float32 {
	var m float32
	for _, f := range x {
		m = max(m, f, -f)
	}
	if m == 0 {
		clear(dst)
		return 0
	}
	inv := 127 / m
	for i, f := range x {
		dst[i] = int8(math.Round(float64(f * inv)))
	}
	return m / 127
}

// rowVector returns row r as float32 (tests, compaction checks).
func (v *vectorStore) rowVector(r int) []float32 {
	out := make([]float32, v.dims)
	for i, q := range v.mat[r*v.dims : (r+1)*v.dims] {
		out[i] = float32(q) * v.scale[r]
	}
	return out
}

func (v *vectorStore) len() int { return len(v.ids) }

// remove deletes every passage vector of the articles.
func (v *vectorStore) remove(aids ...string) error {
	if v.seg != nil {
		var known []string
		for _, aid := range aids {
			if _, ok := v.hashes[aid]; ok || len(v.byArticle[aid]) > 0 {
				known = append(known, aid)
			}
		}
		if err := v.seg.remove(known); err != nil {
			return err
		}
	}
	v.dropRows(aids)
	for _, aid := range aids {
		delete(v.hashes, aid)
	}
	return nil
}

func (v *vectorStore) dropRows(aids []string) {
	for _, aid := range aids {
		for _, id := range v.byArticle[aid] {
			r, ok := v.row[id]
			if !ok {
				continue
			}
			last := len(v.ids) - 1
			if r != last {
				v.ids[r], v.aids[r] = v.ids[last], v.aids[last]
				copy(v.mat[r*v.dims:(r+1)*v.dims], v.mat[last*v.dims:])
				v.scale[r] = v.scale[last]
				v.row[v.ids[r]] = r
			}
			v.ids, v.aids, v.mat, v.scale = v.ids[:last], v.aids[:last], v.mat[:last*v.dims], v.scale[:last]
			delete(v.row, id)
		}
		delete(v.byArticle, aid)
	}
}

// vecArticle is the vectors of one article version.
type vecArticle struct {
	aid, hash string
	ids       []string
	embs      [][]float32
	q         []int8    // quantized rows, set by put
	scales    []float32 // per row
}

// put replaces the vectors of the articles (one segment append for all).
func (v *vectorStore) put(arts []vecArticle) error {
	for _, a := range arts {
		for _, e := range a.embs {
			if v.dims == 0 {
				v.dims = len(e)
			}
			if len(e) != v.dims || v.dims == 0 {
				return fmt.Errorf("%w: vector has %d dimensions, index has %d", ErrEmbedder, len(e), v.dims)
			}
		}
	}
	for i := range arts {
		a := &arts[i]
		a.q, a.scales = make([]int8, len(a.embs)*v.dims), make([]float32, len(a.embs))
		for j, e := range a.embs {
			a.scales[j] = quantize(a.q[j*v.dims:(j+1)*v.dims], e)
		}
	}
	if v.seg != nil {
		if err := v.seg.put(arts, v.dims); err != nil {
			return err
		}
	}
	for _, a := range arts {
		v.dropRows([]string{a.aid})
		for j, id := range a.ids {
			v.mat = append(v.mat, a.q[j*v.dims:(j+1)*v.dims]...)
			v.appendQuantized(id, a.aid, a.scales[j])
		}
		v.hashes[a.aid] = a.hash
	}
	return nil
}

type vhit struct {
	row int
	sim float32
}

// search returns up to k rows with similarity >= minSim, best first.
// accept, when non-nil, filters rows (it must be safe for concurrent use).
func (v *vectorStore) search(q []float32, k int, minSim float32, accept func(row int) bool, workers int) []vhit {
	n := v.len()
	if n == 0 || k <= 0 || len(q) != v.dims {
		return nil
	}
	if workers < 1 || n < 2048 {
		workers = 1
	}
	q8 := make([]int8, v.dims)
	qs := quantize(q8, q)
	qq := make([]int32, v.dims)
	for i, c := range q8 {
		qq[i] = int32(c)
	}
	parts := make([][]vhit, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			h := topK{k: k}
			d := v.dims
			for r := lo; r < hi; r++ {
				s := float32(dotInt8(qq, v.mat[r*d:(r+1)*d])) * qs * v.scale[r]
				if s < minSim || (len(h.items) == k && s <= h.items[0].sim) {
					continue
				}
				if accept != nil && !accept(r) {
					continue
				}
				h.push(vhit{r, s})
			}
			parts[w] = h.items
		}(w, lo, hi)
	}
	wg.Wait()
	var all []vhit
	for _, p := range parts {
		all = append(all, p...)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].sim != all[j].sim {
			return all[i].sim > all[j].sim
		}
		return v.ids[all[i].row] < v.ids[all[j].row]
	})
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// dotInt8 is the dot product of a widened query and an int8 row (eight
// accumulators, so the loop is not one long dependency chain; the query is
// widened once per search so each element costs one sign-extending load).
func dotInt8(a []int32, b []int8) int32 {
	b = b[:len(a)] // bounds-check elimination
	var s0, s1, s2, s3, s4, s5, s6, s7 int32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * int32(bb[0])
		s1 += aa[1] * int32(bb[1])
		s2 += aa[2] * int32(bb[2])
		s3 += aa[3] * int32(bb[3])
		s4 += aa[4] * int32(bb[4])
		s5 += aa[5] * int32(bb[5])
		s6 += aa[6] * int32(bb[6])
		s7 += aa[7] * int32(bb[7])
	}
	for ; i < len(a); i++ {
		s0 += a[i] * int32(b[i])
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

// topK is a bounded min-heap on sim.
type topK struct {
	k     int
	items []vhit
}

func (h *topK) push(x vhit) {
	if len(h.items) < h.k {
		h.items = append(h.items, x)
		for i := len(h.items) - 1; i > 0; {
			p := (i - 1) / 2
			if h.items[p].sim <= h.items[i].sim {
				break
			}
			h.items[p], h.items[i] = h.items[i], h.items[p]
			i = p
		}
		return
	}
	h.items[0] = x
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.items) && h.items[l].sim < h.items[m].sim {
			m = l
		}
		if r < len(h.items) && h.items[r].sim < h.items[m].sim {
			m = r
		}
		if m == i {
			break
		}
		h.items[m], h.items[i] = h.items[i], h.items[m]
		i = m
	}
}
