package search

import (
	"context"
	"fmt"
	"sort"

	"concierge/knowledge"

	"github.com/blevesearch/bleve/v2"
)

// ReconcileReport says what Reconcile did.
type ReconcileReport struct {
	Checked   int `json:"checked"`   // articles in the store
	Reindexed int `json:"reindexed"` // missing or changed articles indexed again
	Deleted   int `json:"deleted"`   // indexed articles no longer in the store
}

// LoadFunc loads articles by id from the store.
type LoadFunc func(ctx context.Context, ids []string) ([]knowledge.Article, error)

// Reconcile makes both indexes match the store: hashes is the store's
// article id → content hash (Store.Hashes). Articles whose hash differs in
// either index (or that are missing from one) are loaded and indexed again;
// indexed articles absent from hashes are deleted. progress, if non-nil, is
// called after each batch with the number of articles re-indexed so far.
// The app calls it at start (crash repair) and after switching embedder
// (filling the new embedder's collection).
func (e *Engine) Reconcile(ctx context.Context, hashes map[string]string, load LoadFunc, progress func(done, total int)) (ReconcileReport, error) {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	rep := ReconcileReport{Checked: len(hashes)}
	if err := e.waitVectors(ctx); err != nil {
		return rep, err
	}

	e.mu.RLock()
	if e.closed {
		e.mu.RUnlock()
		return rep, ErrClosed
	}
	var need []string
	for id, h := range hashes {
		rec := e.arts[id]
		if rec == nil || rec.Hash != h || e.vec.hashes[id] != h || e.orphans[id] ||
			len(e.vec.byArticle[id]) != len(rec.Passages) {
			need = append(need, id)
		}
	}
	extra := map[string]bool{}
	mark := func(id string) {
		if _, ok := hashes[id]; !ok {
			extra[id] = true
		}
	}
	for id := range e.arts {
		mark(id)
	}
	for id := range e.orphans {
		mark(id)
	}
	for id := range e.vec.hashes {
		mark(id)
	}
	for id := range e.vec.byArticle {
		mark(id)
	}
	e.mu.RUnlock()

	if len(extra) > 0 {
		ids := make([]string, 0, len(extra))
		for id := range extra {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		if err := e.deleteLocked(ctx, ids); err != nil {
			return rep, err
		}
		rep.Deleted = len(ids)
	}

	sort.Strings(need)
	if progress != nil {
		progress(0, len(need))
	}
	// The next chunk is read from the store while this one is indexed:
	// reading (a query and a decompression per article) took a tenth of
	// a 10k import on a core the indexing left idle.
	type chunk struct {
		as  []knowledge.Article
		hi  int
		err error
	}
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk, 1)
	go func() {
		defer close(chunks)
		for lo := 0; lo < len(need); lo += upsertChunk {
			hi := min(lo+upsertChunk, len(need))
			as, err := load(lctx, need[lo:hi])
			select {
			case chunks <- chunk{as, hi, err}:
			case <-lctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		if c.err != nil {
			return rep, fmt.Errorf("search: reconcile load: %w", c.err)
		}
		if err := e.upsertLocked(ctx, c.as); err != nil {
			return rep, err
		}
		rep.Reindexed += len(c.as)
		if progress != nil {
			progress(c.hi, len(need))
		}
	}
	return rep, ctx.Err()
}

// passagesInBleve finds every passage document of an article by its aid
// term (used for orphans, whose record is missing).
func (e *Engine) passagesInBleve(ctx context.Context, id string) ([]string, error) {
	q := bleve.NewTermQuery(id)
	q.SetField(fAID)
	var out []string
	for from := 0; ; from += 1000 {
		req := bleve.NewSearchRequestOptions(q, 1000, from, false)
		res, err := e.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrIndex, err)
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if len(res.Hits) < 1000 {
			return out, nil
		}
	}
}
