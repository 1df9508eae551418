package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"concierge/knowledge/core"
)

func cmdImport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give exactly one folder to import")
	}
	st, err := os.Stat(pos[0])
	if err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a folder", pos[0])
	}
	tuneGCForImport()
	bar := newBar(errOut) // one bar for reading the files, then indexing them
	svc, err := openServiceWith(ctx, *dataDir, bar)
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, err := svc.ImportDir(ctx, pos[0], func(done, total int, path string) {
		bar.update(core.Progress{Phase: core.PhaseImport, Done: done, Total: total, Message: path})
	})
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, rep.Summary())
	for _, f := range rep.Failed {
		fmt.Fprintf(out, "  skipped %s: %s\n", f.Path, f.Reason)
	}
	return nil
}

// importGCPercent and importMemoryLimit trade memory for throughput in a
// bulk import: collecting garbage a quarter as often saves about a tenth of
// the import's CPU time (1k synthetic articles: 3.75 → 3.35 CPU-s), while
// the soft memory limit keeps the peak well under 2 GB even at 100k
// articles. GOGC or GOMEMLIMIT in the environment take precedence.
const (
	importGCPercent   = 400
	importMemoryLimit = 1536 << 20
)

func tuneGCForImport() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(importGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(importMemoryLimit)
	}
}

func cmdReindex(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("reindex takes no arguments")
	}
	svc, err := openService(ctx, *dataDir, errOut)
	if err != nil {
		return err
	}
	defer svc.Close()
	n, err := svc.Rebuild(ctx)
	if err != nil {
		return err
	}
	st, err := svc.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "reindexed %d articles into %d passages with %s\n", n, st.Passages, st.Embedder)
	return nil
}
