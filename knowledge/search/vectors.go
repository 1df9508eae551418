package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	chromem "github.com/philippgille/chromem-go"
)

// vectorStore holds the passage vectors of one embedder. The query-side
// collection is an in-memory chromem-go collection (chromem.NewDB, no
// persistence of its own): semantic search is its QueryEmbedding. The
// vectors are persisted once, in one segment file of the store's own (see
// vecSegment: int8 with a per-row scale, one append per batch instead of a
// gob file per passage), and fed into the collection when the segment is
// loaded. In memory they are held once, as chromem-go's normalised float32
// documents; nothing else keeps a copy. Callers serialise writes (the
// engine's lock); chromem-go locks its own reads.
type vectorStore struct {
	seg       *vecSegment // nil: memory only
	dims      int
	coll      *chromem.Collection
	rows      int                 // passages, including all-zero vectors
	byArticle map[string][]string // article id → passage ids
	hashes    map[string]string   // article id → content hash of its vectors
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
	return &vectorStore{dims: dims, coll: coll, byArticle: map[string][]string{}, hashes: map[string]string{}}
}

// appendRow adds passage id of article aid. An all-zero vector (a passage
// with no words the embedder knows) matches nothing and is counted but not
// given to the collection, which cannot normalise it.
func (v *vectorStore) appendRow(id, aid string, emb []float32) {
	v.rows++
	v.byArticle[aid] = append(v.byArticle[aid], id)
	if u := unit(emb); u != nil {
		// AddDocument only fails for an empty id or vector; neither reaches here.
		_ = v.coll.AddDocument(context.Background(), chromem.Document{ID: id, Embedding: u})
	}
}

// unit returns x scaled to length 1 (a new slice), or nil for a zero or
// non-finite vector.
func unit(x []float32) []float32 {
	var n float64
	for _, f := range x {
		n += float64(f) * float64(f)
	}
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil
	}
	inv := 1 / math.Sqrt(n)
	out := make([]float32, len(x))
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

// vhit is one passage found by the collection.
type vhit struct {
	id, aid string
	sim     float32
}

// search asks the chromem-go collection for the k passages most similar to
// q with similarity >= minSim whose article accept allows (nil: all),
// best first (ties by passage id). The collection's filters are metadata
// equalities, which cannot express the engine's (department lists,
// audience, status, language), so the candidate list grows ×4 until k are
// accepted, the similarity falls under minSim, or the collection is
// exhausted.
func (v *vectorStore) search(ctx context.Context, q []float32, k int, minSim float32, accept func(aid string) bool) ([]vhit, error) {
	n := v.coll.Count()
	uq := unit(q)
	if n == 0 || k <= 0 || len(q) != v.dims || uq == nil {
		return nil, nil
	}
	want := min(k, n)
	for {
		res, err := v.coll.QueryEmbedding(ctx, uq, want, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: vector query: %v", ErrIndex, err)
		}
		out := make([]vhit, 0, k)
		exhausted := want == n
		for _, r := range res {
			if r.Similarity < minSim {
				exhausted = true
				break
			}
			aid, _ := splitPID(r.ID)
			if accept != nil && !accept(aid) {
				continue
			}
			out = append(out, vhit{id: r.ID, aid: aid, sim: r.Similarity})
		}
		if len(out) >= k || exhausted {
			sort.SliceStable(out, func(i, j int) bool {
				if out[i].sim != out[j].sim {
					return out[i].sim > out[j].sim
				}
				return out[i].id < out[j].id
			})
			return out[:min(k, len(out))], nil
		}
		want = min(want*4, n)
	}
}
