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
// A word starting with a single "-" that names none of the command's flags
// is a positional argument, so "search -refund" searches for "-refund";
// an unknown "--word" is a usage error (a mistyped flag), and "--" ends the
// flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		name, inline := flagName(a)
		f := fs.Lookup(name)
		switch {
		case name == "":
			positional = append(positional, a)
			continue
		case f == nil && name != "h" && name != "help" && !strings.HasPrefix(a, "--"):
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		if f != nil && !inline && !isBoolFlag(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, usagef("%v", err)
	}
	return positional, nil
}

// flagName returns the name of a flag argument ("--mode=x" → "mode", true)
// or "" when a is not shaped like a flag ("-", "x", "-5" is a flag shape).
func flagName(a string) (name string, inline bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", false
	}
	name = strings.TrimPrefix(a[1:], "-")
	if name == "" || name[0] == '-' || name[0] == '=' {
		return "", false
	}
	name, _, inline = strings.Cut(name, "=")
	return name, inline
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func dataDirFlag(fs *flag.FlagSet) *string {
	return fs.String("data-dir", "", "data directory (default $"+config.EnvDataDir+" or the OS user data folder)")
}

// openService opens the data directory and brings the indexes up to date
// (importing the sample knowledge base on first use, like the app).
func openService(ctx context.Context, dataDir string, errOut io.Writer) (*core.Core, error) {
	return openServiceWith(ctx, dataDir, newBar(errOut))
}

// openServiceWith is openService drawing background progress on bar.
func openServiceWith(ctx context.Context, dataDir string, bar *bar) (*core.Core, error) {
	dir, err := config.DataDir(dataDir)
	if err != nil {
		return nil, err
	}
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
