package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/editorial"
	"concierge/knowledge/embed"
	"concierge/knowledge/importer"
	"concierge/knowledge/markdown"
	"concierge/knowledge/sample"
	"concierge/knowledge/search"
	"concierge/knowledge/wiring"
)

// ErrInUse: another Concierge process has this data directory open.
var ErrInUse = errors.New("this data folder is in use by another Concierge process")

// Meta keys the service keeps in the store.
const (
	metaSampleImported = "sample_imported"
)

// Options configure Open.
type Options struct {
	// DataDir holds the database, the indexes and config.json.
	DataDir string
	// Stores overrides the store chosen in config.json (tests); the service
	// closes it.
	Stores knowledge.Stores
	// Embedder overrides the embedder chosen in config.json (tests, eval).
	Embedder embed.Embedder
	// SampleFS overrides the bundled sample knowledge base.
	SampleFS fs.FS
	// SkipSample never imports the sample knowledge base.
	SkipSample bool
	// OnProgress receives progress of background work.
	OnProgress func(Progress)
	// OnState receives state changes (ready, importing, …).
	OnState func(State)
	Logger  *slog.Logger
}

// Service is Concierge's knowledge back end.
type Service struct {
	dataDir  string
	cfgMu    sync.RWMutex
	cfg      config.Config
	store    knowledge.Stores
	engine   *search.Engine
	renderer markdown.Renderer
	sample   fs.FS
	skip     bool
	log      *slog.Logger
	track    *tracker
	fallback string         // why the configured embedder is not in use, if it is not
	bg       sync.WaitGroup // background work started after bootstrap
	bgCtx    context.Context
	bgCancel context.CancelFunc
	settle   *settler

	bootMu     sync.Mutex
	cancelBoot context.CancelFunc // set by Start
	bootOnce   sync.Once
	bootDone   chan struct{}
	bootErr    error
}

// Open opens (creating when needed) the data directory. It does no slow work:
// call Bootstrap (synchronously, in the CLI) or Start (in the background, in
// the app) to import the sample and repair the indexes.
func Open(ctx context.Context, opts Options) (*Service, error) {
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
	emb := opts.Embedder
	if emb == nil {
		emb, err = NewEmbedder(cfg.Embedding)
		if err != nil {
			return nil, err
		}
	}
	st := opts.Stores
	if st == nil {
		if st, err = wiring.OpenStores(ctx, opts.DataDir, cfg); err != nil {
			return nil, err
		}
	}
	eng, err := openEngine(ctx, filepath.Join(opts.DataDir, "index"), emb, cfg, log)
	var fallback string
	if errors.Is(err, search.ErrEmbedder) && opts.Embedder == nil && emb.ID() != embed.BuiltinID {
		// The configured embedding service is down (Ollama not running, a
		// refused key…): Concierge still starts, on the built-in embedder,
		// and says so; the configured one is used again at the next start.
		fallback = fmt.Sprintf("%s is unavailable (%v); searching with the built-in embedder for now", emb.ID(), err)
		log.Warn("embedder unavailable, using the built-in one", "embedder", emb.ID(), "err", err)
		emb = embed.NewBuiltin()
		eng, err = openEngine(ctx, filepath.Join(opts.DataDir, "index"), emb, cfg, log)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	sfs := opts.SampleFS
	if sfs == nil {
		sfs = sample.FS()
	}
	svc := &Service{
		dataDir:  opts.DataDir,
		cfg:      cfg,
		store:    st,
		engine:   eng,
		renderer: markdown.New(markdown.Options{}),
		sample:   sfs,
		skip:     opts.SkipSample || !cfg.ImportSample,
		log:      log,
		track:    &tracker{state: State{State: "starting"}, listener: opts.OnProgress, onState: opts.OnState},
		bootDone: make(chan struct{}),
		fallback: fallback,
	}
	svc.bgCtx, svc.bgCancel = context.WithCancel(context.Background())
	svc.settle = newSettler(1500*time.Millisecond, svc.logQuery)
	return svc, nil
}

// openEngine opens the search indexes; if they are unreadable (for example
// torn by a crash) it moves them aside and starts empty, and Bootstrap's
// reconcile rebuilds them from the store.
func openEngine(ctx context.Context, dir string, emb embed.Embedder, cfg config.Config, log *slog.Logger) (*search.Engine, error) {
	opts := search.Options{
		Fusion:       search.Fusion(cfg.Fusion.Method),
		BM25Weight:   cfg.Fusion.BM25Weight,
		VectorWeight: cfg.Fusion.VectorWeight,
		RRFK:         cfg.Fusion.K,
	}
	eng, err := search.Open(ctx, dir, emb, opts)
	if err == nil {
		return eng, nil
	}
	if errors.Is(err, search.ErrEmbedder) {
		return nil, err // the embedding service, not the index, is at fault
	}
	if errors.Is(err, search.ErrLocked) {
		return nil, fmt.Errorf("%w: close the other Concierge window (or the indexer command) using %s, or choose another --data-dir", ErrInUse, filepath.Dir(dir))
	}
	aside := fmt.Sprintf("%s.broken-%d", dir, time.Now().Unix())
	log.Warn("search index unreadable; rebuilding it", "err", err, "moved_to", aside)
	if rerr := os.Rename(dir, aside); rerr != nil {
		return nil, fmt.Errorf("the search index in %s is damaged (%v) and could not be moved aside: %w", dir, err, rerr)
	}
	return search.Open(ctx, dir, emb, opts)
}

// NewEmbedder builds the embedder chosen in the settings.
func NewEmbedder(c config.Embedding) (embed.Embedder, error) {
	return newEmbedder(c)
}

// Store returns the article store.
func (s *Service) Store() knowledge.Stores { return s.store }

// Engine returns the search engine.
func (s *Service) Engine() *search.Engine { return s.engine }

// Renderer returns the Markdown renderer.
func (s *Service) Renderer() markdown.Renderer { return s.renderer }

// DataDir returns the data directory in use.
func (s *Service) DataDir() string { return s.dataDir }

// Config returns the settings in use.
func (s *Service) Config() config.Config {
	s.cfgMu.RLock()
	defer s.cfgMu.RUnlock()
	return s.cfg
}

// SaveConfig writes new LLM and profile settings to config.json and uses
// them from now on. (Embedding changes take effect at the next start.)
func (s *Service) SaveConfig(update func(*config.Config)) (config.Config, error) {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	next := s.cfg
	update(&next)
	if err := config.Save(s.dataDir, next); err != nil {
		return s.cfg, fmt.Errorf("save settings: %w", err)
	}
	s.cfg = next
	return next, nil
}

// EmbedderID names the embedder in use.
func (s *Service) EmbedderID() string { return s.engine.Embedder().ID() }

// State returns the current state of background work.
func (s *Service) State() State { return s.track.get() }

// Start runs Bootstrap in the background once.
func (s *Service) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.bootMu.Lock()
	s.cancelBoot = cancel
	s.bootMu.Unlock()
	go func() { _ = s.Bootstrap(ctx) }()
}

// Ready returns a channel closed when Bootstrap has finished.
func (s *Service) Ready() <-chan struct{} { return s.bootDone }

// Bootstrap imports the sample knowledge base on first run, then makes the
// indexes agree with the store (repairing after a crash or an embedder
// change). It runs once; later calls wait for and return the first result.
func (s *Service) Bootstrap(ctx context.Context) error {
	s.bootOnce.Do(func() {
		s.bootErr = s.bootstrap(ctx)
		if s.bootErr != nil {
			s.track.set(State{State: "error", Message: s.bootErr.Error()})
		} else {
			s.track.set(State{State: "ready", Message: s.readyMessage()})
		}
		close(s.bootDone)
	})
	<-s.bootDone
	return s.bootErr
}

func (s *Service) readyMessage() string {
	s.bootMu.Lock()
	defer s.bootMu.Unlock()
	if s.fallback != "" {
		return "Ready — " + s.fallback
	}
	return "Ready"
}

func (s *Service) bootstrap(ctx context.Context) error {
	if !s.skip {
		if _, done, err := s.store.Meta(ctx, metaSampleImported); err != nil {
			return err
		} else if !done {
			onlySample, err := s.onlySampleArticles(ctx)
			if err != nil {
				return err
			}
			if onlySample { // a fresh data dir, or a first import cut short
				s.track.set(State{State: "importing", Message: "Importing the sample knowledge base…"})
				rep, err := importer.Import(ctx, s.store, s.sample, sample.Source, importer.Options{
					Author:   "Concierge",
					Progress: s.importProgress,
				})
				if err != nil {
					return fmt.Errorf("import the sample knowledge base: %w", err)
				}
				s.log.Info("sample imported", "summary", rep.Summary())
			}
			if err := s.store.SetMeta(ctx, metaSampleImported, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
	}
	_, err := s.Reconcile(ctx)
	return err
}

// onlySampleArticles reports whether every stored article (if any) came
// from the bundled sample: the sample is imported into such a store, and
// never into one that already holds the user's own knowledge.
func (s *Service) onlySampleArticles(ctx context.Context) (bool, error) {
	all, err := s.store.List(ctx, knowledge.ListFilter{})
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

func (s *Service) importProgress(done, total int, path string) {
	s.track.progress(Progress{Phase: PhaseImport, Done: done, Total: total, Message: "Importing " + path})
}

// Reconcile makes the indexes hold exactly the store's articles at their
// current versions: missing or changed ones are (re)indexed, extras removed.
func (s *Service) Reconcile(ctx context.Context) (search.ReconcileReport, error) {
	return s.reconcile(ctx, PhaseIndex, "Checking the search index…", "Indexing %d of %d articles")
}

func (s *Service) reconcile(ctx context.Context, phase Phase, start, each string) (search.ReconcileReport, error) {
	hashes, err := s.store.Hashes(ctx)
	if err != nil {
		return search.ReconcileReport{}, err
	}
	s.track.set(State{State: stateFor(phase), Message: start})
	rep, err := s.engine.Reconcile(ctx, hashes, s.load, func(done, total int) {
		s.track.progress(Progress{Phase: phase, Done: done, Total: total,
			Message: fmt.Sprintf(each, done, total)})
	})
	if err != nil {
		return rep, fmt.Errorf("index the knowledge base: %w", err)
	}
	return rep, nil
}

func (s *Service) load(ctx context.Context, ids []string) ([]knowledge.Article, error) {
	out := make([]knowledge.Article, 0, len(ids))
	for _, id := range ids {
		a, err := s.store.Get(ctx, id)
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

// ImportDir imports a folder of Markdown (and HTML) files and indexes what
// changed. Files may take over articles of the bundled sample.
func (s *Service) ImportDir(ctx context.Context, dir string, progress func(done, total int, path string)) (importer.Report, error) {
	opts := editorial.ImportOptions("indexer")
	opts.Progress = progress
	rep, err := importer.ImportDir(ctx, s.store, dir, opts)
	if err != nil {
		return rep, err
	}
	if _, err := s.Reconcile(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}

// Save writes an article and makes it searchable before returning.
func (s *Service) Save(ctx context.Context, a knowledge.Article, opts knowledge.PutOptions) (knowledge.PutResult, error) {
	res, err := s.store.Put(ctx, a, opts)
	if err != nil || !res.Changed {
		return res, err
	}
	if err := s.engine.Upsert(ctx, []knowledge.Article{res.Article}); err != nil {
		// The store is the source of truth; the next Reconcile repairs the index.
		return res, fmt.Errorf("saved, but indexing failed (it will be retried at next start): %w", err)
	}
	return res, nil
}

// Search runs a query and records it in the local query log.
func (s *Service) Search(ctx context.Context, req search.Request, source string) (search.Response, error) {
	resp, err := s.engine.Search(ctx, req)
	if err != nil {
		return resp, err
	}
	q := strings.TrimSpace(req.Query)
	if q == "" {
		return resp, nil
	}
	top := 0.0
	if len(resp.Results) > 0 {
		top = resp.Results[0].Score
	}
	e := knowledge.QueryLogEntry{
		At: time.Now().UTC(), Query: q, Mode: string(resp.Mode), Results: resp.Total,
		TopScore: top, Source: source,
	}
	if req.AsYouType {
		s.settle.add(e)
	} else {
		s.logQuery(e)
	}
	return resp, nil
}

func (s *Service) logQuery(e knowledge.QueryLogEntry) {
	// The request's context may be gone by the time a settled query is written.
	if err := s.store.LogQuery(context.Background(), e); err != nil {
		s.log.Warn("query log write failed", "err", err)
	}
}

// Close releases the indexes and the store.
//
// Background work started by Start is cancelled and awaited first, so
// closing the window during the first import cannot hang or tear the
// indexes (what was not indexed yet is repaired at the next start).
func (s *Service) Close() error {
	s.bootMu.Lock()
	cancel := s.cancelBoot
	s.bootMu.Unlock()
	if cancel != nil {
		cancel()
		<-s.bootDone
	}
	s.bgCancel()
	s.bg.Wait()
	s.settle.flush()
	return errors.Join(s.engine.Close(), s.store.Close())
}
