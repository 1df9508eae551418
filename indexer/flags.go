package main

import (
	"context"
	"flag"
	"io"
	"strings"

	"concierge/indexer/pipeline"
	"concierge/knowledge/config"
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
func openService(ctx context.Context, dataDir string, errOut io.Writer) (*pipeline.Service, error) {
	return openServiceWith(ctx, dataDir, newBar(errOut))
}

// openServiceWith is openService drawing background progress on bar.
func openServiceWith(ctx context.Context, dataDir string, bar *bar) (*pipeline.Service, error) {
	dir, err := config.DataDir(dataDir)
	if err != nil {
		return nil, err
	}
	svc, err := pipeline.Open(ctx, pipeline.Options{DataDir: dir, OnProgress: bar.update})
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

func joinArgs(a []string) string { return strings.TrimSpace(strings.Join(a, " ")) }
