package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/wiring"
)

// errChainBroken makes `indexer ledger verify` exit non-zero after it has
// printed which record broke the chain.
var errChainBroken = errors.New("the suggestion ledger's hash chain is broken")

// cmdLedger runs `indexer ledger verify` and `indexer ledger export`.
func cmdLedger(ctx context.Context, args []string, out, errOut io.Writer) error {
	if len(args) == 0 {
		return usagef("ledger needs a subcommand: verify or export")
	}
	switch args[0] {
	case "verify":
		return cmdLedgerVerify(ctx, args[1:], out, errOut)
	case "export":
		return cmdLedgerExport(ctx, args[1:], out, errOut)
	}
	return usagef("ledger subcommand %q is not known: use verify or export", args[0])
}

func cmdLedgerVerify(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("ledger verify", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("ledger verify takes no arguments")
	}
	dir, err := config.DataDir(*dataDir)
	if err != nil {
		return err
	}
	svc, err := openCore(ctx, core.Options{DataDir: dir})
	if err != nil {
		return err
	}
	defer svc.Close()
	rep, err := svc.VerifyLedger(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if rep.Intact {
		fmt.Fprintf(out, "ledger intact: %d records chained, head %s\n", rep.Checked, rep.Head)
	} else {
		fmt.Fprintf(out, "ledger BROKEN at %s (%d records verified before it)\n", rep.Broken, rep.Checked)
	}
	if !rep.Intact {
		return fmt.Errorf("%w at %s", errChainBroken, rep.Broken)
	}
	return nil
}

// parseDay reads YYYY-MM-DD (UTC midnight) or an RFC 3339 instant.
func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, usagef("--%s %q is not a date: use YYYY-MM-DD or an RFC 3339 time", flagName, s)
}

func cmdLedgerExport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("ledger export", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	format := fs.String("format", "csv", "csv or json (JSON Lines)")
	from := fs.String("from", "", "first day (YYYY-MM-DD, inclusive)")
	to := fs.String("to", "", "last day (YYYY-MM-DD, inclusive)")
	outFile := fs.String("out", "", "write to this file instead of standard output")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("ledger export takes no arguments")
	}
	if *format != "csv" && *format != "json" {
		return usagef("--format %q is not known: use csv or json", *format)
	}
	var f knowledge.ReviewFilter
	if f.Since, err = parseDay("from", *from); err != nil {
		return err
	}
	until, err := parseDay("to", *to)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		if len(*to) == len(time.DateOnly) {
			until = until.AddDate(0, 0, 1) // through the whole last day
		}
		f.Until = until
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return usagef("--to is before --from")
	}
	dir, err := config.DataDir(*dataDir)
	if err != nil {
		return err
	}
	cfg, _ := config.Load(dir)
	st, err := wiring.OpenStores(ctx, dir, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	w := out
	var file *os.File
	if *outFile != "" {
		// Written beside the target and renamed at the end: an interrupted
		// export never leaves a half file under the chosen name.
		if file, err = os.CreateTemp(filepath.Dir(*outFile), ".ledger-export-*"); err != nil {
			return fmt.Errorf("create the export file: %w", err)
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	n, err := core.ExportEvents(ctx, st, w, *format, f)
	if err != nil {
		return err
	}
	if file != nil {
		if err := file.Sync(); err != nil {
			return fmt.Errorf("write the export file: %w", err)
		}
		if err := file.Close(); err != nil {
			return fmt.Errorf("write the export file: %w", err)
		}
		if err := os.Rename(file.Name(), *outFile); err != nil {
			return fmt.Errorf("write the export file: %w", err)
		}
		fmt.Fprintf(errOut, "exported %d ledger events to %s\n", n, *outFile)
	}
	return nil
}
