package search

import (
	"context"
	"errors"
	"fmt"
	bolterrors "go.etcd.io/bbolt/errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"concierge/knowledge/embed"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Engine is the hybrid search index: a Bleve BM25 index and a vector index
// over the passages of every article. It is safe for concurrent use;
// searches run in parallel with each other and with the embedding phase of
// writes.
type Engine struct {
	opts Options
	emb  embed.Embedder

	wmu sync.Mutex   // serialises writers (Upsert, Delete, Reconcile)
	mu  sync.RWMutex // guards the fields below

	idx     bleve.Index
	vec     *vectorStore
	recs    *recordStore // nil in memory
	arts    map[string]*artRec
	orphans map[string]bool // article ids with Bleve passages but no record
	// groupPassages counts indexed passages per language field group, so
	// queries skip the fields of languages the index does not hold.
	groupPassages map[string]int
	closed        bool
	lex           lexStats // BM25 length estimates (query side, lexical.go)
	booster       Booster  // learned boosts (query side, boost.go); nil: none

	unpersisted sync.WaitGroup // Bleve batches applied but not yet on disk

	vdir       string        // "" in memory
	vecReady   chan struct{} // closed once the vectors are loaded
	vecErr     error         // why they could not be, if so
	stopLoad   context.CancelFunc
	loadedOnce sync.Once
}

// artRec is what the engine keeps per article. Records live in the
// engine's record store (records.go), outside Bleve; Hash is the Bleve side
// of the manifest.
type artRec struct {
	id         string
	Hash       string
	Title      string
	Department string
	Tags       []string
	Language   string
	Audience   string
	Status     string
	Owner      string
	Version    int
	Passages   []passRec
}

// passRec is one passage of a record. Text is held only by in-memory
// engines and until the record is written; persistent engines read it
// from the texts file — use Engine.passageText. The text is n bytes at
// off, or, when z > 0, n bytes at at in the packed block of z bytes at
// off that holds all the passages of its article (packed.go).
type passRec struct {
	Headings []string
	Text     string
	off      int64
	n        uint32
	z, at    uint32
}

// stored is the size of the bytes at off that hold p's text.
func (p passRec) stored() int64 {
	if p.z > 0 {
		return int64(p.z)
	}
	return int64(p.n)
}

// legacyRecKey is where versions before the record store kept records, as
// Bleve internal values.
func legacyRecKey(id string) []byte { return []byte("a/" + id) }

// Stats describes the index.
type Stats struct {
	Articles int    `json:"articles"`
	Passages int    `json:"passages"`
	Vectors  int    `json:"vectors"` // passage vectors of the current embedder
	Embedder string `json:"embedder"`
	// VectorsLoading is true while the vectors are still being read at
	// open; searches meanwhile answer from BM25 alone.
	VectorsLoading bool `json:"vectorsLoading,omitempty"`
}

// Open opens or creates a persistent engine in dir: the Bleve index in
// dir/bleve, the article records in dir/records.log and dir/texts-N.dat,
// and one vector segment per embedder in dir/vectors. It returns as soon
// as the records and Bleve are open (BM25 search works); the vectors load
// in the background (see Ready). An index that cannot be opened is moved
// aside and recreated empty; call Reconcile after Open to (re)fill
// anything missing.
func Open(ctx context.Context, dir string, emb embed.Embedder, opts Options) (*Engine, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	dims, err := probeDims(ctx, emb)
	if err != nil {
		return nil, err
	}
	bpath := filepath.Join(dir, "bleve")
	if _, err := os.Stat(filepath.Join(dir, recordsFile)); errors.Is(err, os.ErrNotExist) {
		// No records: a new index, or one whose records are Bleve
		// internal values (older versions, whose root.bolt grows
		// quadratically). Rebuilding is faster than purging each
		// article, and Reconcile does it.
		discardBleve(bpath)
	}
	idx, created, err := openBleve(bpath) // takes the lock first
	if err != nil {
		return nil, err
	}
	if created {
		// Records of passages Bleve no longer holds would hide them
		// from Reconcile.
		os.Remove(filepath.Join(dir, recordsFile))
	}
	rs, recs, err := openRecords(dir)
	if err != nil {
		idx.Close()
		return nil, err
	}
	vdir := filepath.Join(dir, "vectors")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		idx.Close()
		rs.close()
		return nil, fmt.Errorf("%w: vectors: %v", ErrIndex, err)
	}
	removeLegacyVectors(vdir)
	e, err := newEngine(idx, newVectorStore(dims), emb, opts, recs)
	if err != nil {
		rs.close()
		return nil, err
	}
	e.recs, e.vdir = rs, vdir
	if created { // a new Bleve index starts without estimates
		os.Remove(filepath.Join(dir, lexStatsFile))
	}
	e.lex.load(dir)
	if rs.compactable() {
		if err := rs.compact(e.arts); err != nil {
			e.Close()
			return nil, err
		}
	}
	lctx, cancel := context.WithCancel(context.Background())
	e.stopLoad = cancel
	e.vecReady = make(chan struct{})
	go e.loadVectors(lctx, emb, dims)
	return e, nil
}

// discardBleve moves an index aside and deletes it in the background (a
// legacy root.bolt can be gigabytes). Leftovers of an interrupted deletion
// are removed the same way at the next open.
func discardBleve(path string) {
	old := path + ".old"
	if _, err := os.Stat(path); err == nil {
		_ = os.RemoveAll(old + ".1")
		_ = os.Rename(old, old+".1")
		_ = os.Rename(path, old)
	}
	for _, p := range []string{old, old + ".1"} {
		if _, err := os.Stat(p); err == nil {
			go os.RemoveAll(p)
		}
	}
}

// loadVectors reads the vectors of emb in the background and makes them
// searchable at once.
func (e *Engine) loadVectors(ctx context.Context, emb embed.Embedder, dims int) {
	defer e.loadedOnce.Do(func() { close(e.vecReady) })
	if after := e.opts.LoadVectorsAfter; after != nil {
		select {
		case <-after:
		case <-ctx.Done(): // closed before: nothing to load into
		}
	}
	v, err := loadVectors(ctx, segmentPath(e.vdir, emb.ID()), dims)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err != nil {
		e.vecErr = err
		return
	}
	if e.closed {
		v.seg.close()
		return
	}
	e.vec = v
}

// Ready returns a channel closed once the engine has loaded its vectors.
// Before that, searches answer from BM25 alone (hybrid and vector modes
// included), and writes wait.
func (e *Engine) Ready() <-chan struct{} {
	if e.vecReady == nil {
		done := make(chan struct{})
		close(done)
		return done
	}
	return e.vecReady
}

// waitVectors blocks a writer until the vectors are loaded.
func (e *Engine) waitVectors(ctx context.Context) error {
	select {
	case <-e.Ready():
	case <-ctx.Done():
		return fmt.Errorf("search: %w", ctx.Err())
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.vecErr != nil {
		return fmt.Errorf("%w: vectors: %w", ErrIndex, e.vecErr)
	}
	return nil
}

// SetEmbedder switches the engine to another embedder. Vectors of each
// embedder live in their own segment: the new one starts with whatever it
// held before (nothing, the first time), and Reconcile then embeds every
// article it lacks, while BM25 keeps answering. Switching back to an
// embedder used before finds its vectors still there.
func (e *Engine) SetEmbedder(ctx context.Context, emb embed.Embedder) error {
	dims, err := probeDims(ctx, emb)
	if err != nil {
		return err
	}
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if err := e.waitVectors(ctx); err != nil {
		return err
	}
	vec := newVectorStore(dims)
	if e.vdir != "" {
		if vec, err = loadVectors(ctx, segmentPath(e.vdir, emb.ID()), dims); err != nil {
			return err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		if vec.seg != nil {
			vec.seg.close()
		}
		return ErrClosed
	}
	if e.vec.seg != nil {
		e.vec.seg.close()
	}
	e.emb, e.vec = emb, vec
	return nil
}

// OpenMemory returns an engine that keeps everything in memory (tests,
// evaluation, benchmarks).
func OpenMemory(ctx context.Context, emb embed.Embedder, opts Options) (*Engine, error) {
	dims, err := probeDims(ctx, emb)
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewMemOnly(newMapping())
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	return newEngine(idx, newVectorStore(dims), emb, opts, map[string]*artRec{})
}

func probeDims(ctx context.Context, emb embed.Embedder) (int, error) {
	v, err := emb.Embed(ctx, []string{"dimension probe"})
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrEmbedder, err)
	}
	if len(v) != 1 || len(v[0]) == 0 {
		return 0, fmt.Errorf("%w: no vector for probe text", ErrEmbedder)
	}
	return len(v[0]), nil
}

// bleveConfig makes Bleve batches return once applied in memory and
// persist in the background ("unsafe_batch"); a durable batch costs ~100 ms
// of fsyncs. A crash can lose the last batches, but an article's record is
// committed only once Bleve reports its batch persisted (records.go), so
// Reconcile sees exactly which articles are missing and re-indexes them.
// lockWait is how long opening waits for another process holding the index.
const lockWait = 2 * time.Second

func bleveConfig() map[string]interface{} {
	return map[string]interface{}{"unsafe_batch": true, "bolt_timeout": lockWait.String()}
}

// isLocked reports whether opening failed because another process holds
// the index (bbolt's file lock timed out) — which is not damage.
func isLocked(err error) bool {
	return errors.Is(err, bolterrors.ErrTimeout) || strings.Contains(err.Error(), bolterrors.ErrTimeout.Error())
}

func newBleve(path string) (bleve.Index, error) {
	return bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, bleveConfig())
}

// openBleve opens the index at path, creating it when missing or damaged
// (created is then true).
func openBleve(path string) (idx bleve.Index, created bool, err error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		idx, err := newBleve(path)
		if err != nil {
			return nil, false, fmt.Errorf("%w: create bleve: %v", ErrIndex, err)
		}
		return idx, true, nil
	}
	idx, err = bleve.OpenUsing(path, bleveConfig())
	if err == nil {
		return idx, false, nil
	}
	if isLocked(err) {
		return nil, false, ErrLocked
	}
	// Damaged index: move it aside and start empty; Reconcile refills it.
	_ = os.RemoveAll(path + ".broken")
	if rerr := os.Rename(path, path+".broken"); rerr != nil {
		return nil, false, fmt.Errorf("%w: open bleve: %v", ErrIndex, err)
	}
	idx, err = newBleve(path)
	if err != nil {
		return nil, false, fmt.Errorf("%w: create bleve: %v", ErrIndex, err)
	}
	return idx, true, nil
}

func newEngine(idx bleve.Index, vec *vectorStore, emb embed.Embedder, opts Options, recs map[string]*artRec) (*Engine, error) {
	e := &Engine{
		opts:          opts.withDefaults(),
		emb:           emb,
		idx:           idx,
		vec:           vec,
		arts:          map[string]*artRec{},
		orphans:       map[string]bool{},
		groupPassages: map[string]int{},
	}
	ids, err := e.bleveArticleIDs()
	if err != nil {
		idx.Close()
		return nil, err
	}
	for _, id := range ids {
		if recs[id] == nil {
			e.orphans[id] = true
		}
	}
	for id, rec := range recs {
		e.setRec(id, rec)
	}
	if len(e.orphans) > 0 {
		// Orphans' languages are unknown: query every group until repaired.
		for _, g := range langGroups {
			e.groupPassages[g.suffix]++
		}
	}
	return e, nil
}

// setRec replaces the record of an article (nil: remove), keeping the
// per-group passage counts in step.
func (e *Engine) setRec(id string, rec *artRec) {
	if old := e.arts[id]; old != nil {
		for _, g := range groupsFor(old.Language) {
			e.groupPassages[g] -= len(old.Passages)
		}
		delete(e.arts, id)
	}
	if rec != nil {
		for _, g := range groupsFor(rec.Language) {
			e.groupPassages[g] += len(rec.Passages)
		}
		e.arts[id] = rec
	}
}

// bleveArticleIDs lists the article ids that have passages in Bleve.
func (e *Engine) bleveArticleIDs() ([]string, error) {
	d, err := e.idx.FieldDict(fAID)
	if err != nil {
		return nil, fmt.Errorf("%w: field dict: %v", ErrIndex, err)
	}
	defer d.Close()
	var out []string
	for {
		ent, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("%w: field dict: %v", ErrIndex, err)
		}
		if ent == nil {
			return out, nil
		}
		out = append(out, ent.Term)
	}
}

// Embedder returns the engine's embedder.
func (e *Engine) Embedder() embed.Embedder {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.emb
}

// Stats reports the index size.
func (e *Engine) Stats() Stats {
	e.mu.RLock()
	defer e.mu.RUnlock()
	s := Stats{Articles: len(e.arts), Vectors: e.vec.len(), Embedder: e.emb.ID()}
	select {
	case <-e.Ready():
	default:
		s.VectorsLoading = true
	}
	for _, a := range e.arts {
		s.Passages += len(a.Passages)
	}
	return s
}

// closeFlushTimeout bounds how long Close waits for Bleve to persist.
const closeFlushTimeout = 30 * time.Second

// runBatch executes a Bleve batch; on a persistent index it is tracked
// until persisted, so Close can wait for it, and persisted (if non-nil) is
// called once it is on disk.
func (e *Engine) runBatch(b *bleve.Batch, persisted func()) error {
	defer e.lex.gen.Add(1) // cached document frequencies are stale
	if e.recs != nil {
		var once sync.Once
		e.unpersisted.Add(1)
		done := func() { once.Do(e.unpersisted.Done) }
		b.SetPersistedCallback(func(err error) {
			if err == nil && persisted != nil {
				persisted()
			}
			done()
		})
		if err := e.idx.Batch(b); err != nil {
			done()
			return fmt.Errorf("%w: bleve batch: %v", ErrIndex, err)
		}
		return nil
	}
	if err := e.idx.Batch(b); err != nil {
		return fmt.Errorf("%w: bleve batch: %v", ErrIndex, err)
	}
	return nil
}

// passageText returns the text of passage i of r.
func (e *Engine) passageText(r *artRec, i int) string {
	p := r.Passages[i]
	if e.recs == nil || p.Text != "" {
		return p.Text
	}
	t, err := e.recs.text(p)
	if err != nil {
		return ""
	}
	return t
}

// Close closes the indexes. Further calls fail with ErrClosed.
func (e *Engine) Close() error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	if e.stopLoad != nil {
		e.stopLoad()
	}
	// Batches return before they are on disk; let them land first.
	done := make(chan struct{})
	go func() { e.unpersisted.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(closeFlushTimeout):
	}
	var errs []error
	if err := e.idx.Close(); err != nil {
		errs = append(errs, fmt.Errorf("%w: close: %v", ErrIndex, err))
	}
	if e.recs != nil {
		errs = append(errs, e.recs.close())
	}
	if e.vec.seg != nil {
		errs = append(errs, e.vec.seg.close())
	}
	return errors.Join(errs...)
}
