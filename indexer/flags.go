package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/wiring"
)

// parseFlags parses flags that may come before or after positional
// arguments ("search refund --json" and "search --json refund" both work).
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func dataDirFlag(fs *flag.FlagSet) *string {
	return fs.String("data-dir", "", "data directory (default $"+config.EnvDataDir+" or the OS user data folder)")
}

// openService opens the data directory and brings the indexes up to date
// (importing the sample knowledge base on first use, like the app).
func openService(ctx context.Context, dataDir string, errOut io.Writer) (*core.Core, error) {
	dir, err := config.DataDir(dataDir)
	if err != nil {
		return nil, err
	}
	bar := newBar(errOut)
	svc, err := openCore(ctx, core.Options{DataDir: dir, OnProgress: bar.update})
	if err != nil {
		return nil, err
	}
	if err := svc.Bootstrap(ctx); err != nil {
		svc.Close()
		return nil, err
	}
	bar.finish()
	return svc, nil // later progress (import, reindex) draws on the same bar
}

// openCore opens the store chosen in the data folder's config.json
// (knowledge/wiring) and the knowledge core over it.
func openCore(ctx context.Context, opts core.Options) (*core.Core, error) {
	cfg, _ := config.Load(opts.DataDir) // a broken config.json is reported by core.Open
	st, err := wiring.OpenStores(ctx, opts.DataDir, cfg)
	if err != nil {
		return nil, err
	}
	opts.Stores = st
	// A team database is the system of record: the sample is never pushed
	// into it.
	opts.SkipSample = opts.SkipSample || wiring.UsesTeamDatabase(cfg)
	return core.Open(ctx, opts)
}

func joinArgs(a []string) string { return strings.TrimSpace(strings.Join(a, " ")) }
