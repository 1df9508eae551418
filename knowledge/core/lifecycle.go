package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/importer"
	"concierge/knowledge/sample"
	"concierge/knowledge/search"
)

// metaSampleImported marks a data folder whose sample import finished.
const metaSampleImported = "sample_imported"

// Start runs Bootstrap in the background once; Close (or cancelling ctx)
// stops it, and the next start carries on where it stopped.
func (c *Core) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	c.bootMu.Lock()
	c.cancelBoot = cancel
	c.bootMu.Unlock()
	go func() { _ = c.Bootstrap(ctx) }()
}

// Ready returns a channel closed when Bootstrap has finished.
func (c *Core) Ready() <-chan struct{} { return c.bootDone }

// Bootstrap imports the sample knowledge base on first run, then makes the
// indexes agree with the store (repairing after a crash, an interrupted
// import or an embedder change). It runs once; later calls wait for and
// return the first result.
func (c *Core) Bootstrap(ctx context.Context) error {
	c.bootOnce.Do(func() {
		c.bootErr = c.bootstrap(ctx)
		switch {
		case c.bootErr == nil:
			c.track.set(State{State: StateReady, Message: c.readyMessage()})
			c.startFollowing()
		case errors.Is(c.bootErr, context.Canceled):
			c.track.set(State{State: StateStopped, Message: "Stopped; carries on at the next start"})
		default:
			c.track.set(State{State: StateError, Message: c.bootErr.Error()})
		}
		close(c.bootDone)
	})
	<-c.bootDone
	return c.bootErr
}

func (c *Core) readyMessage() string {
	c.bootMu.Lock()
	defer c.bootMu.Unlock()
	if c.readOnly != "" {
		return "Ready — read-only: " + c.readOnly
	}
	if c.fallback != "" {
		return "Ready — " + c.fallback
	}
	return "Ready"
}

func (c *Core) bootstrap(ctx context.Context) error {
	if !c.skip {
		if _, done, err := c.store.Meta(ctx, metaSampleImported); err != nil {
			return err
		} else if !done {
			onlySample, err := c.onlySampleArticles(ctx)
			if err != nil {
				return err
			}
			if onlySample { // a fresh data dir, or a first import cut short
				c.track.set(State{State: StateImporting, Message: "Importing the sample knowledge base…"})
				rep, err := importer.Import(ctx, c.store, c.sample, sample.Source, importer.Options{
					Author:   "Concierge",
					Progress: c.importProgress,
				})
				c.changed(knowledge.TopicArticles, knowledge.KindImported, reportIDs(rep)...)
				if err != nil {
					return fmt.Errorf("import the sample knowledge base: %w", err)
				}
				c.log.Info("sample imported", "summary", rep.Summary())
			}
			if err := c.store.SetMeta(ctx, metaSampleImported, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
	}
	// Team mode, first start on this desktop: the full read below covers
	// every change up to now, so following starts after the newest one
	// taken before it (changes made during the read are replayed).
	var latest int64 = -1
	if c.feed != nil {
		if _, err := os.Stat(filepath.Join(c.dataDir, cursorFile)); errors.Is(err, os.ErrNotExist) {
			if latest, err = c.feed.LatestChange(ctx); err != nil {
				return fmt.Errorf("read the team database's changes: %w", err)
			}
		}
	}
	if _, err := c.Reconcile(ctx); err != nil {
		return err
	}
	if latest >= 0 {
		if err := c.writeCursor(latest); err != nil {
			return err
		}
	}
	return nil
}

// startFollowing follows the team database's change feed in the
// background once the bootstrap is done (Close stops it).
func (c *Core) startFollowing() {
	if c.feed == nil {
		return
	}
	// The bootstrap has just read the team database: the desktop is online
	// as of now, and says so from this moment (not from when the follower
	// goroutine gets to run).
	c.team.mu.Lock()
	c.team.following = true
	c.team.online = true
	c.team.asOf = time.Now()
	c.team.mu.Unlock()
	c.bg.Add(1)
	go func() {
		defer c.bg.Done()
		if err := c.follow(c.bgCtx, c.feed); err != nil {
			c.log.Warn("stopped following the team database", "err", err)
			c.track.set(State{State: StateError, Message: "Stopped following the team database: " + err.Error() + " — restart Concierge"})
		}
	}()
}

// onlySampleArticles reports whether every stored article (if any) came
// from the bundled sample: the sample is imported into such a store, and
// never into one that already holds the user's own knowledge.
func (c *Core) onlySampleArticles(ctx context.Context) (bool, error) {
	all, err := c.store.List(ctx, knowledge.ListFilter{WithoutBodies: true})
	if err != nil {
		return false, err
	}
	for _, a := range all {
		if a.Source != sample.Source {
			return false, nil
		}
	}
	return true, nil
}

func (c *Core) importProgress(done, total int, path string) {
	c.track.progress(Progress{Phase: PhaseImport, Done: done, Total: total, Message: "Importing " + path})
}

// Reconcile makes the indexes hold exactly the store's articles at their
// current versions: missing or changed ones are (re)indexed, extras removed.
func (c *Core) Reconcile(ctx context.Context) (search.ReconcileReport, error) {
	return c.reconcile(ctx, PhaseIndex, "Checking the search index…", "Indexing %d of %d articles")
}

func (c *Core) reconcile(ctx context.Context, phase Phase, start, each string) (search.ReconcileReport, error) {
	hashes, err := c.store.Hashes(ctx)
	if err != nil {
		return search.ReconcileReport{}, err
	}
	c.track.set(State{State: stateFor(phase), Message: start})
	if err := c.refreshTermSpace(ctx, hashes); err != nil {
		// Search still works with the embedder in use; say why it did not learn.
		c.log.Warn("the built-in embedder could not learn from the knowledge base", "err", err)
	}
	rep, err := c.eng().Reconcile(ctx, hashes, c.load, func(done, total int) {
		c.track.progress(Progress{Phase: phase, Done: done, Total: total,
			Message: fmt.Sprintf(each, done, total)})
	})
	if err != nil {
		return rep, fmt.Errorf("index the knowledge base: %w", err)
	}
	return rep, nil
}

// manyGetter is a store that reads many articles at once (both stores
// do: one query per few hundred articles instead of one per article).
type manyGetter interface {
	GetMany(ctx context.Context, ids []string) ([]knowledge.Article, error)
}

// load returns the articles with the given ids that exist, in their order.
func (c *Core) load(ctx context.Context, ids []string) ([]knowledge.Article, error) {
	if g, ok := c.store.(manyGetter); ok {
		return g.GetMany(ctx, ids)
	}
	out := make([]knowledge.Article, 0, len(ids))
	for _, id := range ids {
		a, err := c.store.Get(ctx, id)
		if errors.Is(err, knowledge.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// Rebuild throws the search indexes away and builds them again from the
// store, reporting progress like Bootstrap. It returns the number of
// articles indexed (the CLI's reindex).
func (c *Core) Rebuild(ctx context.Context) (int, error) {
	dir := c.indexRoot
	c.engMu.Lock()
	old := c.engine
	if err := old.Close(); err != nil {
		c.engMu.Unlock()
		return 0, err
	}
	if err := os.RemoveAll(dir); err != nil {
		c.engMu.Unlock()
		return 0, fmt.Errorf("remove the old index %s: %w", dir, err)
	}
	eng, err := openEngine(ctx, dir, old.Embedder(), c.Config(), nil, c.log)
	if err != nil {
		c.engMu.Unlock()
		return 0, err
	}
	eng.SetBooster(c.fb)
	c.engine = eng
	c.engMu.Unlock()
	rep, err := c.Reconcile(ctx)
	if err != nil {
		return 0, err
	}
	c.track.set(State{State: StateReady, Message: c.readyMessage()})
	return rep.Reindexed, nil
}
