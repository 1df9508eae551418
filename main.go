// Command concierge is the Concierge desktop app: every department's
// knowledge one keystroke away for customer-support generalists.
package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"concierge/app"
	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/gctune"
	"concierge/knowledge/wiring"
	"concierge/knowledge/wiring/teamconn"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	dataDirFlag := flag.String("data-dir", "", "where Concierge keeps its data (default: $"+config.EnvDataDir+" or the OS user data folder)")
	flag.Parse()
	if err := run(*dataDirFlag); err != nil {
		fmt.Fprintln(os.Stderr, "concierge:", err)
		os.Exit(1)
	}
}

func run(dataDirFlag string) error {
	start := time.Now()
	dataDir, err := config.DataDir(dataDirFlag)
	if err != nil {
		return err
	}
	if bindingsOnly {
		// `wails generate module` runs this binary only to read the bound
		// types: no data folder is opened.
		return wails.Run(&options.App{Title: "Concierge", Bind: app.New(nil).Bind()})
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx := context.Background()
	cfg, err := config.Load(dataDir)
	if err != nil {
		logger.Warn("using default settings", "err", err)
	}
	var a *app.App
	// build opens the core over the store config.json selects: at start,
	// and again when Settings → Team database switches databases (or the
	// start-up check finds the database file damaged).
	build := func(ctx context.Context, opened wiring.Opened) (*core.Core, error) {
		if opened.ReadOnly != "" {
			logger.Warn("opening read-only", "why", opened.ReadOnly)
		}
		return core.Open(ctx, core.Options{
			DataDir:    dataDir,
			Stores:     opened.Stores,
			Feed:       opened.Feed,
			ReadOnly:   opened.ReadOnly,
			Connector:  teamconn.Connector{},
			Logger:     logger,
			OnProgress: func(p core.Progress) { a.OnProgress(p) },
			OnChange:   func(ch knowledge.Change) { a.OnChange(ch) },
			// The stored vectors are read once the window has answered:
			// search answers from BM25 until then.
			VectorsAfter: a.Shown(),
		})
	}
	// The window starts at once; the knowledge base opens beside it (a
	// second or more at 100k articles) and bound calls wait for it. The
	// check of the database file (most of a second at 100k) runs once the
	// window is up; a damaged file is then replaced by what can be read of
	// it, through the reopener.
	a = app.New(nil)
	var failed atomic.Pointer[error]
	a.OpenInBackground(ctx, func(ctx context.Context) (*core.Core, func(context.Context) error, error) {
		opened, check, err := wiring.OpenForAppCheckLater(ctx, dataDir, cfg)
		if err != nil {
			return nil, nil, err
		}
		c, err := build(ctx, opened)
		if err == nil {
			logger.Info("knowledge base open", "after_ms", time.Since(start).Milliseconds())
		}
		return c, check, err
	}, func(err error) {
		failed.Store(&err)
		logger.Error("cannot start", "err", err)
		a.Fatal(err)
	})
	a.SetReopener(func(ctx context.Context) (*core.Core, error) {
		cfg, err := config.Load(dataDir)
		if err != nil {
			return nil, err
		}
		opened, err := wiring.OpenForApp(ctx, dataDir, cfg)
		if err != nil {
			return nil, err
		}
		return build(ctx, opened)
	})
	// Most of a large knowledge base's heap is pointer-free (vectors,
	// postings): collect with a fixed headroom rather than GOGC 100's
	// doubling (knowledge/gctune).
	gctune.Keep(ctx, 2*time.Second, gctune.Headroom)
	a.SetStartTime(start)
	a.SetNotifier(app.DesktopNotifier())
	a.OnInteractive = func(d time.Duration) {
		logger.Info("window interactive", "after_ms", d.Milliseconds())
	}
	err = wails.Run(&options.App{
		Title:     "Concierge",
		Width:     1280,
		Height:    800,
		MinWidth:  880,
		MinHeight: 560,
		AssetServer: &assetserver.Options{
			Assets: assets,
			// Article images: /kb-files/<articleId>/<name> from the data folder.
			Handler: app.AttachmentHandler(dataDir),
		},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 249, A: 255},
		OnStartup:        a.Startup,
		OnShutdown:       a.Shutdown,
		Bind:             a.Bind(),
		Linux:            &linux.Options{ProgramName: "concierge", WebviewGpuPolicy: gpuPolicy(os.Getenv("CONCIERGE_WEBVIEW_GPU"))},
	})
	if e := failed.Load(); e != nil && err == nil {
		err = *e
	}
	return err
}

// gpuPolicy is WebKitGTK's hardware-acceleration policy: on demand (WebKitGTK's
// own default) unless CONCIERGE_WEBVIEW_GPU says "never" or "always". With
// acceleration off ("never"), WebKitGTK under Xvfb painted typed text seconds
// late (a 94-character message showed 24 characters five seconds after the
// last key, every time); on demand paints it at once, and the article pane
// has passed the two-articles-in-a-row check in every run since. The smoke
// tests check both (build/scripts/smoke.sh, smoke_timeline.sh).
func gpuPolicy(v string) linux.WebviewGpuPolicy {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "always":
		return linux.WebviewGpuPolicyAlways
	case "never", "off":
		return linux.WebviewGpuPolicyNever
	default:
		return linux.WebviewGpuPolicyOnDemand
	}
}
