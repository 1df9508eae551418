package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"

	chromem "github.com/philippgille/chromem-go"
)

// vectorStore holds the passage vectors of one embedder. The query-side
// collection is an in-memory chromem-go collection (chromem.NewDB, no
// persistence of its own): semantic search is its QueryEmbedding. The
// vectors are persisted once, in one segment file of the store's own (see
// vecSegment: int8 with a per-row scale, one append per batch instead of a
// gob file per passage), and fed into the collection when the segment is
// loaded. In memory they are held as chromem-go's normalised float32
// documents and, for the scan's first pass, as one contiguous int8 matrix
// (a quarter of their size; see search). Callers serialise writes (the
// engine's lock); chromem-go locks its own reads.
type vectorStore struct {
	seg       *vecSegment // nil: memory only
	dims      int
	coll      *chromem.Collection
	scan      []vrow              // the collection's vectors, for the query scan
	scanRow   map[string]int      // passage id → index in scan
	q8        []int8              // scan row i quantized: q8[i·dims:(i+1)·dims]
	q8scale   []float32           // per scan row: vector ≈ q8scale·q8 row
	rows      int                 // passages, including all-zero vectors
	byArticle map[string][]string // article id → passage ids
	hashes    map[string]string   // article id → content hash of its vectors
	arena     []float32           // room for the next unit vectors (unitInArena)
}

// errNoEmbedding: the collection is only ever given vectors; a query or a
// document without one is a programming error, never a call to a model.
var errNoEmbedding = errors.New("search: the vector collection embeds nothing itself")

func newVectorStore(dims int) *vectorStore {
	db := chromem.NewDB()
	coll, err := db.CreateCollection("passages", nil, func(context.Context, string) ([]float32, error) {
		return nil, errNoEmbedding
	})
	if err != nil {
		// CreateCollection fails only for an empty name or a persistence error,
		// neither of which an in-memory DB with a fixed name can have.
		panic(err)
	}
	return &vectorStore{dims: dims, coll: coll, scanRow: map[string]int{}, byArticle: map[string][]string{}, hashes: map[string]string{}}
}

// reserve makes room for about rows passage vectors.
func (v *vectorStore) reserve(rows int) {
	if rows <= len(v.scan) {
		return
	}
	v.scan = append(make([]vrow, 0, rows), v.scan...)
	v.q8 = append(make([]int8, 0, rows*v.dims), v.q8...)
	v.q8scale = append(make([]float32, 0, rows), v.q8scale...)
}

// trim gives back what reserve over-estimated (a segment with dead
// entries holds fewer live rows than its size suggests).
func (v *vectorStore) trim() {
	if n := len(v.scan); cap(v.scan) > n+n/8+64 {
		v.scan = append([]vrow(nil), v.scan...)
		v.q8 = append([]int8(nil), v.q8...)
		v.q8scale = append([]float32(nil), v.q8scale...)
	}
}

// appendRow adds passage id of article aid. An all-zero vector (a passage
// with no words the embedder knows) matches nothing and is counted but not
// given to the collection, which cannot normalise it.
func (v *vectorStore) appendRow(id, aid string, emb []float32) {
	v.rows++
	v.byArticle[aid] = append(v.byArticle[aid], id)
	if u := v.unitInArena(emb); u != nil {
		// AddDocument only fails for an empty id or vector; neither reaches
		// here. A unit vector is kept as given (chromem-go copies only
		// vectors it must normalise), so the scan below shares it.
		_ = v.coll.AddDocument(context.Background(), chromem.Document{ID: id, Embedding: u})
		v.scanRow[id] = len(v.scan)
		v.scan = append(v.scan, vrow{id: id, aid: aid, emb: u})
		at := len(v.q8)
		v.q8 = append(v.q8, make([]int8, v.dims)...)
		v.q8scale = append(v.q8scale, quantize(v.q8[at:], u))
	}
}

// unitInArena is unit, written into the store's arena: chunks of 1024
// vectors instead of one allocation each. At 100k articles the 400k
// passage vectors were as many objects for every garbage collection to
// visit (sharing chunks cut a full collection by about a fifth, together
// with ordinalIDs and decoder.strs). A chunk is freed once none of its
// vectors is held: vectors replaced by edits keep theirs until then, and
// the next start loads the live ones into new chunks.
func (v *vectorStore) unitInArena(x []float32) []float32 {
	if len(v.arena) < len(x) {
		v.arena = make([]float32, 1024*len(x))
	}
	out := v.arena[:len(x):len(x)] // its own capacity: an append copies
	if unitInto(out, x) == nil {
		return nil
	}
	v.arena = v.arena[len(x):]
	return out
}

// unit returns x scaled to length 1 (a new slice), or nil for a zero or
// non-finite vector.
func unit(x []float32) []float32 {
	return unitInto(make([]float32, len(x)), x)
}

// unitInto writes x scaled to length 1 into out (as long as x) and returns
// it, or nil for a zero or non-finite vector.
func unitInto(out, x []float32) []float32 {
	var n float64
	for _, f := range x {
		n += float64(f) * float64(f)
	}
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil
	}
	inv := 1 / math.Sqrt(n)
	for i, f := range x {
		out[i] = float32(float64(f) * inv)
	}
	return out
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

// vector returns the stored (normalised) vector of passage id, or zeros
// when it has none (tests, compaction).
func (v *vectorStore) vector(id string) []float32 {
	d, err := v.coll.GetByID(context.Background(), id)
	if err != nil {
		return make([]float32, v.dims)
	}
	return d.Embedding
}

func (v *vectorStore) len() int { return v.rows }

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
	var ids []string
	for _, aid := range aids {
		for _, id := range v.byArticle[aid] {
			r, ok := v.scanRow[id]
			if !ok {
				continue
			}
			last := len(v.scan) - 1
			if r != last {
				v.scan[r] = v.scan[last]
				v.scanRow[v.scan[r].id] = r
				copy(v.q8[r*v.dims:(r+1)*v.dims], v.q8[last*v.dims:])
				v.q8scale[r] = v.q8scale[last]
			}
			v.scan[last] = vrow{}
			v.scan = v.scan[:last]
			v.q8, v.q8scale = v.q8[:last*v.dims], v.q8scale[:last]
			delete(v.scanRow, id)
		}
		ids = append(ids, v.byArticle[aid]...)
		v.rows -= len(v.byArticle[aid])
		delete(v.byArticle, aid)
	}
	if len(ids) > 0 {
		// Delete by ids fails only without ids.
		_ = v.coll.Delete(context.Background(), nil, nil, ids...)
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
			// The collection gets what the segment holds, so a reopened index
			// answers exactly as this one.
			v.appendRow(id, a.aid, dequantize(a.q[j*v.dims:(j+1)*v.dims], a.scales[j]))
		}
		v.hashes[a.aid] = a.hash
	}
	return nil
}

// dequantize returns scale·q as float32.
func dequantize(q []int8, scale float32) []float32 {
	out := make([]float32, len(q))
	for i, c := range q {
		out[i] = float32(c) * scale
	}
	return out
}

// vrow is one passage vector of the collection, as the scan reads it.
type vrow struct {
	id, aid string
	emb     []float32 // the chromem-go document's own (unit) embedding
}

// vhit is one passage found.
type vhit struct {
	id, aid string
	sim     float32
	row     int32 // index in scan, during the scan
}

// search returns the k passages most similar to q with similarity >=
// minSim whose article accept allows (nil: all), best first (ties by
// passage id). It scans the collection's vectors (the chromem-go
// documents' own embeddings, shared, not copied) with workers goroutines
// and a bounded heap each, applying the engine's filters during the scan:
// chromem-go's QueryEmbedding computes the same similarities
// (TestVectorScanAgreesWithCollectionQuery) but hands every document
// through a channel and a lock, and its metadata filters cannot express
// the engine's, which made hybrid p99 at 10k articles several times the
// 15 ms budget (BenchmarkScan compares the two).
func (v *vectorStore) search(ctx context.Context, q []float32, k int, minSim float32, accept func(aid string) bool, workers int) ([]vhit, error) {
	n := len(v.scan)
	uq := unit(q)
	if n == 0 || k <= 0 || len(q) != v.dims || uq == nil {
		return nil, nil
	}
	if workers < 1 || n < 2048 {
		workers = 1
	}
	// First pass over the int8 rows (a quarter of the float32 bytes: the
	// scan is bound by memory bandwidth, 40 MB per query at 10k articles
	// in float32), keeping more candidates than asked; second pass, the
	// exact float32 similarity of those candidates. Quantization moves a
	// similarity by about 1e-3 (at most scale/2 per component), far less
	// than the gap the oversampling leaves, so the k best are those of
	// the exact scan (TestVectorScanAgreesWithCollectionQuery).
	//
	// The query is quantized as well, and the first pass multiplies int8
	// by int8 over blocks of rows (dotI8Rows): at 100k articles this pass
	// was a third of an as-you-type query's CPU time, converting every
	// row to float32 (BenchmarkScan: 0.70 → 0.52 ms). The query's rounding
	// errors add to the rows' (each at most half a step, summing in
	// quadrature: about 1e-3 on a similarity); the slack and the
	// oversampling cover them.
	over := 2*k + 16
	slack := float32(0.02) // below minSim, for quantization error
	d := v.dims
	q8 := make([]int8, d)
	qscale := quantize(q8, uq)
	qa := make([]int8, d)
	for i, x := range q8 {
		qa[i] = max(x, -x)
	}
	parts := make([][]vhit, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			h := topK{k: over}
			var dots [256]int32
			for b := lo; b < hi; b += len(dots) {
				blk := dots[:min(len(dots), hi-b)]
				dotI8Rows(q8, qa, v.q8[b*d:], blk)
				for i, x := range blk {
					r := b + i
					s := qscale * v.q8scale[r] * float32(x)
					if s < minSim-slack || (len(h.items) == over && s <= h.items[0].sim) {
						continue
					}
					row := &v.scan[r]
					if accept != nil && !accept(row.aid) {
						continue
					}
					h.push(vhit{id: row.id, aid: row.aid, sim: s, row: int32(r)})
				}
			}
			parts[w] = h.items
		}(w, lo, hi)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	var all []vhit
	for _, p := range parts {
		for _, h := range p {
			h.sim = dot(uq, v.scan[h.row].emb)
			if h.sim >= minSim {
				all = append(all, h)
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].sim != all[j].sim {
			return all[i].sim > all[j].sim
		}
		return all[i].id < all[j].id
	})
	return all[:min(k, len(all))], nil
}

// dotGeneric is the dot product of two vectors of the same length (eight
// accumulators, so the loop is not one long dependency chain): dot where
// the CPU has no AVX2 and FMA (dot_amd64.go).
func dotGeneric(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(a); i += 8 {
		aa, bb := a[i:i+8:i+8], b[i:i+8:i+8]
		s0 += aa[0] * bb[0]
		s1 += aa[1] * bb[1]
		s2 += aa[2] * bb[2]
		s3 += aa[3] * bb[3]
		s4 += aa[4] * bb[4]
		s5 += aa[5] * bb[5]
		s6 += aa[6] * bb[6]
		s7 += aa[7] * bb[7]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
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

// dotI8RowsGeneric is dotI8Rows without assembly.
func dotI8RowsGeneric(q, rows []int8, out []int32) {
	d := len(q)
	for i := range out {
		row := rows[i*d : (i+1)*d]
		var s int32
		for j, x := range q {
			s += int32(x) * int32(row[j])
		}
		out[i] = s
	}
}

// dot8Generic is dot8 without assembly.
func dot8Generic(a []float32, b []int8) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * float32(b[i])
		s1 += a[i+1] * float32(b[i+1])
		s2 += a[i+2] * float32(b[i+2])
		s3 += a[i+3] * float32(b[i+3])
	}
	for ; i < len(a); i++ {
		s0 += a[i] * float32(b[i])
	}
	return s0 + s1 + s2 + s3
}
