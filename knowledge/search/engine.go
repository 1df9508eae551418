package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	"github.com/philippgille/chromem-go"
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

	idx          bleve.Index
	vec          *vectorStore
	manifestPath string            // "" in memory
	vecHashes    map[string]string // article id → hash held by the vector index
	arts         map[string]*artRec
	orphans      map[string]bool // article ids with Bleve passages but no record
	// groupPassages counts indexed passages per language field group, so
	// queries skip the fields of languages the index does not hold.
	groupPassages map[string]int
	closed        bool
	lex           lexStats // BM25 length estimates (query side, lexical.go)
	booster       Booster  // learned boosts (query side, boost.go); nil: none

	unpersisted sync.WaitGroup // Bleve batches applied but not yet on disk

	db   *chromem.DB // nil in memory
	vdir string
}

// artRec is what the engine keeps per article. It is stored as a Bleve
// internal value in the same batch as the article's passages, so it is also
// the Bleve side of the manifest (Hash).
type artRec struct {
	Hash       string    `json:"hash"`
	Title      string    `json:"title"`
	Department string    `json:"dept,omitempty"`
	Tags       []string  `json:"tags,omitempty"`
	Language   string    `json:"lang,omitempty"`
	Audience   string    `json:"aud,omitempty"`
	Status     string    `json:"status,omitempty"`
	Owner      string    `json:"owner,omitempty"`
	Version    int       `json:"version,omitempty"`
	Passages   []passRec `json:"passages"`
}

type passRec struct {
	Headings []string `json:"h,omitempty"`
	Text     string   `json:"t"`
}

func recKey(id string) []byte { return []byte("a/" + id) }

// Stats describes the index.
type Stats struct {
	Articles int    `json:"articles"`
	Passages int    `json:"passages"`
	Vectors  int    `json:"vectors"` // passage vectors of the current embedder
	Embedder string `json:"embedder"`
}

// Open opens or creates a persistent engine in dir: the Bleve index in
// dir/bleve, the chromem-go database in dir/vectors with one collection per
// embedder ID. An index that cannot be opened is moved aside and recreated
// empty; call Reconcile after Open to (re)fill anything missing.
func Open(ctx context.Context, dir string, emb embed.Embedder, opts Options) (*Engine, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndex, err)
	}
	dims, err := probeDims(ctx, emb)
	if err != nil {
		return nil, err
	}
	idx, err := openBleve(filepath.Join(dir, "bleve"))
	if err != nil {
		return nil, err
	}
	vdir := filepath.Join(dir, "vectors")
	db, err := chromem.NewPersistentDB(vdir, false)
	if err != nil {
		// Unreadable vector store: start over, Reconcile re-embeds.
		_ = os.Rename(vdir, vdir+".broken")
		if db, err = chromem.NewPersistentDB(vdir, false); err != nil {
			idx.Close()
			return nil, fmt.Errorf("%w: vectors: %v", ErrIndex, err)
		}
	}
	vec, mpath, err := openVectors(ctx, db, vdir, emb, dims)
	if err != nil {
		idx.Close()
		return nil, err
	}
	e, err := newEngine(idx, vec, mpath, emb, opts)
	if err != nil {
		return nil, err
	}
	e.db, e.vdir = db, vdir
	return e, nil
}

// openVectors opens (creating it when needed) the chromem-go collection of
// emb's vectors and returns its in-memory mirror and its manifest path.
func openVectors(ctx context.Context, db *chromem.DB, vdir string, emb embed.Embedder, dims int) (*vectorStore, string, error) {
	name := "passages:" + emb.ID()
	efn := func(ctx context.Context, text string) ([]float32, error) {
		v, err := emb.Embed(ctx, []string{text})
		if err != nil || len(v) != 1 {
			return nil, fmt.Errorf("%w: %v", ErrEmbedder, err)
		}
		return v[0], nil
	}
	coll, err := db.GetOrCreateCollection(name, map[string]string{"embedder": emb.ID()}, efn)
	if err != nil {
		return nil, "", fmt.Errorf("%w: vectors: %v", ErrIndex, err)
	}
	vec, err := newVectorStore(ctx, coll, dims)
	if err != nil {
		// Stored vectors do not fit the embedder: drop them.
		_ = db.DeleteCollection(name)
		if coll, err = db.GetOrCreateCollection(name, map[string]string{"embedder": emb.ID()}, efn); err != nil {
			return nil, "", fmt.Errorf("%w: vectors: %v", ErrIndex, err)
		}
		vec, _ = newVectorStore(ctx, coll, dims)
	}
	sum := sha256.Sum256([]byte(emb.ID()))
	return vec, filepath.Join(vdir, "manifest-"+hex.EncodeToString(sum[:8])+".json"), nil
}

// SetEmbedder switches the engine to another embedder. Vectors of each
// embedder live in their own collection: the new one starts with whatever
// it held before (nothing, the first time), and Reconcile then embeds every
// article it lacks, while BM25 keeps answering. Switching back to an
// embedder used before finds its vectors still there.
func (e *Engine) SetEmbedder(ctx context.Context, emb embed.Embedder) error {
	dims, err := probeDims(ctx, emb)
	if err != nil {
		return err
	}
	var (
		vec   *vectorStore
		mpath string
	)
	if e.db == nil {
		vec, _ = newVectorStore(ctx, nil, dims)
	} else if vec, mpath, err = openVectors(ctx, e.db, e.vdir, emb, dims); err != nil {
		return err
	}
	e.wmu.Lock()
	defer e.wmu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	e.emb, e.vec, e.manifestPath, e.vecHashes = emb, vec, mpath, readManifest(mpath)
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
	vec, _ := newVectorStore(ctx, nil, dims)
	return newEngine(idx, vec, "", emb, opts)
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
// of fsyncs. A crash can lose the last batches, but each batch carries its
// articles' records (hashes) with it, so Reconcile sees exactly which
// articles are missing and re-indexes them.
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

func openBleve(path string) (bleve.Index, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		idx, err := newBleve(path)
		if err != nil {
			return nil, fmt.Errorf("%w: create bleve: %v", ErrIndex, err)
		}
		return idx, nil
	}
	idx, err := bleve.OpenUsing(path, bleveConfig())
	if err == nil {
		return idx, nil
	}
	if isLocked(err) {
		return nil, ErrLocked
	}
	// Damaged index: move it aside and start empty; Reconcile refills it.
	_ = os.RemoveAll(path + ".broken")
	if rerr := os.Rename(path, path+".broken"); rerr != nil {
		return nil, fmt.Errorf("%w: open bleve: %v", ErrIndex, err)
	}
	idx, err = newBleve(path)
	if err != nil {
		return nil, fmt.Errorf("%w: create bleve: %v", ErrIndex, err)
	}
	return idx, nil
}

func newEngine(idx bleve.Index, vec *vectorStore, mpath string, emb embed.Embedder, opts Options) (*Engine, error) {
	e := &Engine{
		opts:          opts.withDefaults(),
		emb:           emb,
		idx:           idx,
		vec:           vec,
		manifestPath:  mpath,
		vecHashes:     readManifest(mpath),
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
		raw, err := idx.GetInternal(recKey(id))
		var rec artRec
		if err != nil || raw == nil || json.Unmarshal(raw, &rec) != nil {
			e.orphans[id] = true
			continue
		}
		e.setRec(id, &rec)
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
	for _, a := range e.arts {
		s.Passages += len(a.Passages)
	}
	return s
}

// closeFlushTimeout bounds how long Close waits for Bleve to persist.
const closeFlushTimeout = 30 * time.Second

// runBatch executes a Bleve batch; on a persistent index it is tracked
// until persisted, so Close can wait for it.
func (e *Engine) runBatch(b *bleve.Batch) error {
	if e.manifestPath != "" {
		var once sync.Once
		e.unpersisted.Add(1)
		done := func() { once.Do(e.unpersisted.Done) }
		b.SetPersistedCallback(func(error) { done() })
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
	// Batches return before they are on disk; let them land first.
	done := make(chan struct{})
	go func() { e.unpersisted.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(closeFlushTimeout):
	}
	if err := e.idx.Close(); err != nil {
		return fmt.Errorf("%w: close: %v", ErrIndex, err)
	}
	return nil
}
