package editorial

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"concierge/knowledge"
	"concierge/knowledge/importer"
	"concierge/knowledge/sample"
)

// ImportOptions are the importer options the editor uses: HTML files are
// converted to Markdown, and versions are recorded under author.
func ImportOptions(author string) importer.Options {
	return importer.Options{Author: author, ConvertHTML: ConvertHTMLFile, AdoptSources: []string{sample.Source}}
}

// PlanImport runs the importer over dir against a read-only view of store:
// it reports what an import would create, update, leave unchanged, archive
// or skip (with reasons), and writes nothing.
func PlanImport(ctx context.Context, store knowledge.ArticleStore, dir string, opts importer.Options) (importer.Report, error) {
	return importer.ImportDir(ctx, &dryStore{ArticleStore: store, pending: map[string]knowledge.Article{}}, dir, opts)
}

// dryStore answers reads from the real store and simulates writes: Put and
// PutBatch validate and hash the article exactly as every store does (knowledge.Normalize)
// and report whether it would be created or changed, keeping the simulated
// result for later reads of the same run.
type dryStore struct {
	knowledge.ArticleStore
	mu      sync.Mutex
	pending map[string]knowledge.Article
}

func (d *dryStore) Get(ctx context.Context, id string) (knowledge.Article, error) {
	d.mu.Lock()
	a, ok := d.pending[id]
	d.mu.Unlock()
	if ok {
		return a, nil
	}
	return d.ArticleStore.Get(ctx, id)
}

func (d *dryStore) Put(ctx context.Context, a knowledge.Article, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	n, err := knowledge.Normalize(a)
	if err != nil {
		return knowledge.PutResult{}, err
	}
	old, err := d.Get(ctx, n.ID)
	switch {
	case errors.Is(err, knowledge.ErrNotFound):
		n.Version = 1
		d.keep(n)
		return knowledge.PutResult{Article: n, Changed: true, Created: true}, nil
	case err != nil:
		return knowledge.PutResult{}, err
	}
	if opts.ExpectedVersion > 0 && old.Version != opts.ExpectedVersion {
		return knowledge.PutResult{}, fmt.Errorf("article %q is at version %d: %w", n.ID, old.Version, knowledge.ErrConflict)
	}
	if old.ContentHash == n.ContentHash {
		return knowledge.PutResult{Article: old}, nil
	}
	n.Version = old.Version + 1
	d.keep(n)
	return knowledge.PutResult{Article: n, Changed: true}, nil
}

func (d *dryStore) keep(a knowledge.Article) {
	d.mu.Lock()
	d.pending[a.ID] = a
	d.mu.Unlock()
}

// PutBatch mirrors the real store: one invalid article fails the batch
// (the importer then retries one by one to name it), and nothing of a
// failed batch is kept.
func (d *dryStore) PutBatch(ctx context.Context, as []knowledge.Article, opts knowledge.PutOptions) ([]knowledge.PutResult, error) {
	for _, a := range as {
		if _, err := knowledge.Normalize(a); err != nil {
			return nil, err
		}
	}
	out := make([]knowledge.PutResult, 0, len(as))
	for _, a := range as {
		r, err := d.Put(ctx, a, knowledge.PutOptions{Author: opts.Author, Message: opts.Message})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
