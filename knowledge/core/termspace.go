package core

import (
	"context"
	"errors"
	"path/filepath"
	"sort"

	"concierge/knowledge/embed"
)

// The built-in embedder's semantic signal is learned from the knowledge
// base itself (embed.TermSpace: which words keep company in the
// organisation's own articles). The space is learned at index time, when
// there are enough articles and none was learned yet, and saved beside the
// store; it is then frozen, so an edited article is embedded alone and
// vectors of the others stay comparable. When the articles have drifted
// from those it was learned from by more than relearnDrift (added, changed
// and removed, as a share of the learned ones), the next reconcile learns a
// new space: a new embedder ID, whose vectors the reconcile embeds in one
// pass while BM25 keeps answering.
const (
	termSpaceFile    = "termspace.gob"
	minLearnArticles = 20
	relearnDrift     = 0.25
	// maxLearnArticles bounds the articles read to learn (a deterministic
	// stride over their ids): co-occurrence statistics settle long before
	// that, and reading every article of a large base would cost memory.
	maxLearnArticles = 8000
)

// refreshTermSpace gives the built-in embedder a learned space, loading
// the saved one or learning one as described above. hashes are the
// store's article hashes. A remote embedder is left alone.
func (c *Core) refreshTermSpace(ctx context.Context, hashes map[string]string) error {
	eng := c.eng()
	cur, ok := eng.Embedder().(*embed.Builtin)
	if !ok || len(hashes) < minLearnArticles {
		return nil
	}
	docs := make([]embed.LearnDoc, 0, len(hashes))
	for id, h := range hashes {
		docs = append(docs, embed.LearnDoc{ID: id, Hash: h})
	}
	sp := cur.Space()
	path := filepath.Join(c.termSpaceDir(), termSpaceFile)
	if sp == nil {
		loaded, err := embed.LoadTermSpace(path)
		if err != nil && !errors.Is(err, embed.ErrNoTermSpace) {
			return err
		}
		if err != nil {
			c.log.Info("learning the term space from the knowledge base", "reason", err)
		}
		sp = loaded
	}
	if sp != nil && sp.Drift(docs) <= relearnDrift {
		if cur.Space() == sp {
			return nil
		}
		if next := embed.NewBuiltin(embed.WithDims(cur.Dims()), embed.WithTermSpace(sp)); next.ID() != cur.ID() {
			return eng.SetEmbedder(ctx, next)
		}
		return nil
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	stride := max(1, (len(docs)+maxLearnArticles-1)/maxLearnArticles)
	var ids []string
	for i := 0; i < len(docs); i += stride {
		ids = append(ids, docs[i].ID)
	}
	arts, err := c.load(ctx, ids)
	if err != nil {
		return err
	}
	text := make(map[string]string, len(arts))
	for _, a := range arts {
		text[a.ID] = a.Title + "\n" + a.Body
	}
	for i := range docs {
		docs[i].Text = text[docs[i].ID]
	}
	learned := embed.LearnTermSpace(docs, cur.Dims())
	if learned == nil {
		return nil
	}
	if err := learned.Save(path); err != nil {
		return err
	}
	return eng.SetEmbedder(ctx, embed.NewBuiltin(embed.WithDims(cur.Dims()), embed.WithTermSpace(learned)))
}

// termSpaceDir is where the learned term space is kept: the data folder,
// or the temporary index folder when the data folder is read-only.
func (c *Core) termSpaceDir() string {
	if c.tempIndex {
		return c.indexRoot
	}
	return c.dataDir
}

// withSavedSpace returns the built-in embedder with the term space saved in
// dataDir, so the engine opens (and loads in the background) the vectors of
// the embedder it will use; without a usable space, b itself. The next
// reconcile checks the space's drift.
func withSavedSpace(dataDir string, b *embed.Builtin) embed.Embedder {
	sp, err := embed.LoadTermSpace(filepath.Join(dataDir, termSpaceFile))
	if err != nil || b.Space() != nil {
		return b
	}
	return embed.NewBuiltin(embed.WithDims(b.Dims()), embed.WithTermSpace(sp))
}
