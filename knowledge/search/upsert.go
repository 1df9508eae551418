package search

import (
	"context"
	"fmt"
	"math"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/passage"
)

// upsertChunk bounds the articles embedded and written per batch.
const upsertChunk = 256

type prepared struct {
	a    knowledge.Article
	rec  *artRec
	ps   []passage.Passage
	embs [][]float32
}

// Upsert indexes articles of any status (status is filtered at query
// time), replacing earlier versions. Writes are batched; the manifest entry
// of an article changes only after both indexes hold the new version.
func (e *Engine) Upsert(ctx context.Context, articles []knowledge.Article) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if err := e.waitVectors(ctx); err != nil {
		return err
	}
	return e.upsertLocked(ctx, articles)
}

func (e *Engine) upsertLocked(ctx context.Context, articles []knowledge.Article) error {
	// Last occurrence of an id wins.
	last := map[string]int{}
	for i, a := range articles {
		last[a.ID] = i
	}
	var uniq []knowledge.Article
	for i, a := range articles {
		if last[a.ID] == i && a.ID != "" {
			uniq = append(uniq, a)
		}
	}
	// Pipeline: while one chunk is written (mostly file I/O), the next one
	// is split and embedded (CPU), so the two overlap on a multi-core machine.
	type prepped struct {
		batch []prepared
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan prepped, 1)
	go func() {
		defer close(next)
		for lo := 0; lo < len(uniq); lo += upsertChunk {
			if err := ctx.Err(); err != nil {
				next <- prepped{err: fmt.Errorf("search: upsert: %w", err)}
				return
			}
			batch, err := e.prepare(ctx, uniq[lo:min(lo+upsertChunk, len(uniq))])
			select {
			case next <- prepped{batch, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	for p := range next {
		if p.err != nil {
			return p.err
		}
		if err := e.apply(ctx, p.batch); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// prepare splits and embeds, without holding the state lock.
func (e *Engine) prepare(ctx context.Context, as []knowledge.Article) ([]prepared, error) {
	out := make([]prepared, len(as))
	texts := make([]string, 0, len(as)*4)
	for _, a := range as {
		texts = append(texts, a.Title)
	}
	for i, a := range as {
		ps := passage.Split(a, e.opts.MaxPassageRunes)
		hash := a.ContentHash
		if hash == "" {
			hash = a.ComputeHash()
		}
		rec := &artRec{
			id: a.ID, Hash: hash, Title: a.Title, Department: a.Department, Tags: append([]string(nil), a.Tags...),
			Language: a.Language, Audience: string(a.Audience), Status: string(a.Status),
			Owner: a.Owner, Version: a.Version,
		}
		for _, p := range ps {
			rec.Passages = append(rec.Passages, passRec{Headings: p.Headings, Text: p.Text})
			texts = append(texts, embedText(p))
		}
		out[i] = prepared{a: a, rec: rec, ps: ps}
	}
	vecs, err := e.emb.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEmbedder, err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("%w: %d vectors for %d texts", ErrEmbedder, len(vecs), len(texts))
	}
	k := len(as)
	for i := range out {
		out[i].embs = make([][]float32, len(out[i].ps))
		for j := range out[i].ps {
			v, err := combine(vecs[i], vecs[k], e.opts.TitleVectorWeight)
			if err != nil {
				return nil, err
			}
			out[i].embs[j] = v
			k++
		}
	}
	return out, nil
}

// embedText is what a passage's own vector is computed from: the heading
// path and the text.
func embedText(p passage.Passage) string {
	var b strings.Builder
	for _, h := range p.Headings {
		b.WriteString(h)
		b.WriteString("\n")
	}
	b.WriteString(p.Text)
	return b.String()
}

// combine returns normalise(w·title + body): the title vector is mixed into
// every passage vector, the embedding-space analogue of a boosted title
// field. It works with any embedder.
func combine(title, body []float32, w float64) ([]float32, error) {
	if len(title) != len(body) || len(body) == 0 {
		return nil, fmt.Errorf("%w: vectors of %d and %d dimensions", ErrEmbedder, len(title), len(body))
	}
	out := make([]float32, len(body))
	var n float64
	for i := range body {
		x := w*float64(title[i]) + float64(body[i])
		out[i] = float32(x)
		n += x * x
	}
	if n == 0 {
		copy(out, body)
		return out, nil
	}
	inv := 1 / math.Sqrt(n)
	for i := range out {
		out[i] = float32(float64(out[i]) * inv)
	}
	return out, nil
}

// apply writes a prepared batch: vectors (with their hashes), then the
// records and texts, then Bleve (passages); each record is committed once
// Bleve has persisted the batch.
func (e *Engine) apply(ctx context.Context, batch []prepared) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	varts := make([]vecArticle, len(batch))
	for i, p := range batch {
		varts[i] = vecArticle{aid: p.a.ID, hash: p.rec.Hash, ids: passageIDs(p.ps), embs: p.embs}
	}
	if err := e.vec.put(varts); err != nil {
		return err
	}
	var seq uint64
	if e.recs != nil {
		recs := make([]*artRec, len(batch))
		for i, p := range batch {
			recs[i] = p.rec
		}
		var err error
		if seq, err = e.recs.put(recs); err != nil {
			return err
		}
	}
	b := e.idx.NewBatch()
	for _, p := range batch {
		if old := e.arts[p.a.ID]; old != nil {
			for i := len(p.ps); i < len(old.Passages); i++ {
				b.Delete(fmt.Sprintf("%s#%d", p.a.ID, i))
			}
		}
		if e.orphans[p.a.ID] {
			pids, err := e.passagesInBleve(ctx, p.a.ID)
			if err != nil {
				return err
			}
			for _, pid := range pids {
				b.Delete(pid) // re-added below if still present
			}
			b.DeleteInternal(legacyRecKey(p.a.ID))
		}
		for _, ps := range p.ps {
			if err := b.Index(ps.ID, bleveDoc(p.a, ps, e.opts.StemWeight > 0)); err != nil {
				return fmt.Errorf("%w: index %s: %v", ErrIndex, ps.ID, err)
			}
		}
	}
	rs := e.recs
	if err := e.runBatch(b, func() { _ = rs.commit(seq) }); err != nil {
		return err
	}
	for _, p := range batch {
		if rs != nil {
			rs.replaced(e.arts[p.a.ID])
		}
		e.setRec(p.a.ID, p.rec)
		delete(e.orphans, p.a.ID)
	}
	return nil
}

func passageIDs(ps []passage.Passage) []string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return ids
}

// Delete removes articles from both indexes. Unknown ids are ignored.
func (e *Engine) Delete(ctx context.Context, ids ...string) error {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if err := e.waitVectors(ctx); err != nil {
		return err
	}
	return e.deleteLocked(ctx, ids)
}

func (e *Engine) deleteLocked(ctx context.Context, ids []string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if e.recs != nil {
		var known []string
		for _, id := range ids {
			if e.arts[id] != nil {
				known = append(known, id)
			}
		}
		if err := e.recs.remove(known); err != nil {
			return err
		}
	}
	b := e.idx.NewBatch()
	for _, id := range ids {
		if rec := e.arts[id]; rec != nil {
			for i := range rec.Passages {
				b.Delete(fmt.Sprintf("%s#%d", id, i))
			}
		}
		if e.orphans[id] {
			pids, err := e.passagesInBleve(ctx, id)
			if err != nil {
				return err
			}
			for _, pid := range pids {
				b.Delete(pid)
			}
			b.DeleteInternal(legacyRecKey(id))
		}
	}
	if err := e.runBatch(b, nil); err != nil {
		return err
	}
	for _, id := range ids {
		if e.recs != nil {
			e.recs.replaced(e.arts[id])
		}
		e.setRec(id, nil)
		delete(e.orphans, id)
	}
	return e.vec.remove(ids...)
}
