// Package core is Concierge's knowledge core: the use cases the desktop app
// and the indexer CLI call — search, read and write articles through the
// editorial workflow, history, autosave, attention lists, import and
// export, requests, suggestions, the ledger and ratings, settings and
// statistics. It owns the store, the search engine and the renderer and
// hands none of them out; it reports every change through Options.OnChange
// and background progress through Options.OnProgress.
package core

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/embed"
	"concierge/knowledge/feedback"
	"concierge/knowledge/markdown"
	"concierge/knowledge/sample"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
)

// ErrInUse: another Concierge process has this data directory open.
var ErrInUse = errors.New("this data folder is in use by another Concierge process")

// Options configure Open.
type Options struct {
	// DataDir holds the indexes, attachments and config.json (and, for
	// SQLite, the database).
	DataDir string
	// Stores is the opened store (knowledge/wiring.OpenStores); the core
	// owns it from now on and closes it in Close.
	Stores knowledge.Stores
	// Embedder overrides the embedder chosen in config.json (tests, eval).
	Embedder embed.Embedder
	// Keychain holds API keys; nil means the OS keychain.
	Keychain secrets.Keychain
	// SampleFS overrides the bundled sample knowledge base.
	SampleFS fs.FS
	// SkipSample never imports the sample knowledge base.
	SkipSample bool
	// OnProgress receives progress of background work.
	OnProgress func(Progress)
	// OnChange receives every change: articles, requests, the ledger and
	// the index state (topic knowledge.TopicIndex, kind = the new state).
	OnChange func(knowledge.Change)
	// Feed, when set (a team database), is followed after the bootstrap to
	// keep the local indexes current with other desktops' changes.
	Feed knowledge.Team
	// Connector tests team databases and copies the local knowledge base
	// into one (Settings → Team database); knowledge/wiring supplies it.
	Connector TeamConnector
	// ReadOnly, when set, says why the store was opened read-only (the
	// data folder cannot be written; see knowledge/wiring.OpenForApp): the
	// search indexes are then built in a temporary folder, nothing is
	// imported, and the status reports it so the window shows a banner.
	ReadOnly string
	// VectorsAfter, when set, holds back reading the stored vectors until
	// it is closed: the app passes a channel it closes once the window has
	// answered (search answers from BM25 meanwhile; see
	// search.Options.LoadVectorsAfter).
	VectorsAfter <-chan struct{}
	Logger       *slog.Logger
	// Clock tells the time to the request lifecycle (reminders, alerts,
	// plans); nil means time.Now. Tests pass a fake clock.
	// It is also the time learned search boosts decay by.
	Clock func() time.Time
}

// Core is Concierge's knowledge back end. Its methods are safe for
// concurrent use.
type Core struct {
	dataDir    string
	cfgMu      sync.RWMutex
	cfg        config.Config
	store      knowledge.Stores
	engMu      sync.RWMutex // guards engine replacement (Rebuild)
	engine     *search.Engine
	renderer   markdown.Renderer
	keychain   secrets.Keychain
	sample     fs.FS
	skip       bool
	log        *slog.Logger
	track      *tracker
	onChange   func(knowledge.Change)
	feed       knowledge.Team
	team       team
	signedIn   *knowledge.Person // team mode: who the server says is working
	connector  TeamConnector     // Settings → Team database
	readOnly   string            // why the store is read-only ("" when it is not)
	indexRoot  string            // the search indexes' folder
	tempIndex  bool              // indexRoot is a temporary folder removed at Close
	statusRuns statusRuns        // since when each article has its status (editor_convert.go)
	fallback   string            // why the configured embedder is not in use, if it is not
	bg         sync.WaitGroup    // background work started after bootstrap
	bgCtx      context.Context
	bgCancel   context.CancelFunc
	settle     *settler
	createMu   sync.Mutex // serialises id allocation for new articles
	clock      func() time.Time
	followUps  *followState // the background follow-up checker (followups.go)

	bootMu     sync.Mutex
	cancelBoot context.CancelFunc // set by Start
	bootOnce   sync.Once
	bootDone   chan struct{}
	bootErr    error
	closeOnce  sync.Once
	closeErr   error

	fb   *feedback.Model // learned from use (feedback.go)
	fbMu sync.Mutex      // serialises writes of the stored evidence
}

// Open opens the search indexes over the given store. It does no slow work:
// call Bootstrap (synchronously, in the CLI) or Start (in the background, in
// the app) to import the sample and repair the indexes. When Open fails the
// store is closed.
func Open(ctx context.Context, opts Options) (*Core, error) {
	if opts.Stores == nil {
		return nil, errors.New("open the knowledge core: no store given (see knowledge/wiring.OpenStores)")
	}
	c, err := open(ctx, opts)
	if err != nil {
		opts.Stores.Close()
		return nil, err
	}
	return c, nil
}

func open(ctx context.Context, opts Options) (*Core, error) {
	if opts.DataDir == "" {
		return nil, errors.New("no data directory given")
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the data directory %s: %w", opts.DataDir, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	cfg, err := config.Load(opts.DataDir)
	if err != nil {
		log.Warn("using default settings", "err", err)
	}
	kc := opts.Keychain
	if kc == nil {
		kc = secrets.OS()
	}
	emb := opts.Embedder
	if emb == nil {
		if emb, err = newEmbedder(cfg.Embedding, kc); err != nil {
			return nil, err
		}
	}
	root, temp, err := indexRootFor(opts)
	if err != nil {
		return nil, err
	}
	if b, ok := emb.(*embed.Builtin); ok && opts.Embedder == nil {
		spaceDir := opts.DataDir
		if temp { // read-only data folder: the learned space lives with the temporary indexes
			spaceDir = root
		}
		emb = withSavedSpace(spaceDir, b)
	}
	eng, fallback, err := openEngineFallback(ctx, root, emb, opts.Embedder == nil, cfg, opts.VectorsAfter, log)
	if err != nil {
		if temp {
			os.RemoveAll(root)
		}
		return nil, err
	}
	var who *knowledge.Person
	if opts.Feed != nil {
		p, err := opts.Feed.SignedIn(ctx)
		if err != nil {
			eng.Close()
			return nil, fmt.Errorf("sign in to the team database: %w", err)
		}
		who = &p
	}
	sfs := opts.SampleFS
	if sfs == nil {
		sfs = sample.FS()
	}
	c := &Core{
		dataDir:  opts.DataDir,
		cfg:      cfg,
		store:    opts.Stores,
		engine:   eng,
		renderer: markdown.New(markdown.Options{}),
		keychain: kc,
		sample:   sfs,
		// Team mode: the shared database is the system of record; the sample
		// is never pushed into it (agents may not write articles anyway).
		skip:      opts.SkipSample || !cfg.ImportSample || opts.Feed != nil || opts.ReadOnly != "",
		log:       log,
		onChange:  opts.OnChange,
		feed:      opts.Feed,
		signedIn:  who,
		connector: opts.Connector,
		readOnly:  opts.ReadOnly,
		indexRoot: root,
		tempIndex: temp,
		bootDone:  make(chan struct{}),
		fallback:  fallback,
	}
	c.clock = opts.Clock
	if c.clock == nil {
		c.clock = time.Now
	}
	c.followUps = newFollowState()
	c.track = &tracker{state: State{State: StateStarting}, listener: opts.OnProgress, onState: c.stateChanged}
	c.bgCtx, c.bgCancel = context.WithCancel(context.Background())
	c.settle = newSettler(1500*time.Millisecond, c.logQuery)
	c.fb = c.newFeedback(ctx, c.clock)
	eng.SetBooster(c.fb)
	return c, nil
}

// DataDir returns the data directory in use.
func (c *Core) DataDir() string { return c.dataDir }

// Config returns the settings in use.
func (c *Core) Config() config.Config {
	c.cfgMu.RLock()
	defer c.cfgMu.RUnlock()
	return c.cfg
}

// UpdateConfig applies update to the settings, writes config.json and uses
// the result from now on.
func (c *Core) UpdateConfig(update func(*config.Config)) (config.Config, error) {
	c.cfgMu.Lock()
	defer c.cfgMu.Unlock()
	next := c.cfg
	update(&next)
	if err := config.Save(c.dataDir, next); err != nil {
		return c.cfg, fmt.Errorf("save settings: %w", err)
	}
	c.cfg = next
	return next, nil
}

// eng returns the search engine in use.
func (c *Core) eng() *search.Engine {
	c.engMu.RLock()
	defer c.engMu.RUnlock()
	return c.engine
}

// EmbedderID names the embedder in use.
func (c *Core) EmbedderID() string { return c.eng().Embedder().ID() }

// Close stops background work (bootstrap import, re-embedding), waits for
// it, writes the pending query log entry and closes the indexes and the
// store. What was not finished is picked up at the next start. Close is
// idempotent.
func (c *Core) Close() error {
	c.closeOnce.Do(func() {
		c.bootMu.Lock()
		cancel := c.cancelBoot
		c.bootMu.Unlock()
		if cancel != nil {
			cancel()
			<-c.bootDone
		}
		c.bgCancel()
		c.bg.Wait()
		c.settle.flush()
		c.closeErr = errors.Join(c.eng().Close(), c.store.Close())
		if c.tempIndex {
			os.RemoveAll(c.indexRoot)
		}
	})
	return c.closeErr
}
