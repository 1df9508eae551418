package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/editorial"
	"concierge/knowledge/wiring"
)

// cmdExport writes the knowledge base as Markdown files with front matter,
// DIR/<department>/<id>.md, ready for `indexer import` elsewhere.
func cmdExport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	status := fs.String("status", "", "export only articles with this status (draft, review, published, archived)")
	salvage := fs.Bool("salvage", false, "read every article still readable from a damaged knowledge database")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give exactly one folder to export to")
	}
	var statuses []knowledge.Status
	if s := knowledge.Status(strings.ToLower(strings.TrimSpace(*status))); s != "" {
		if !s.Valid() {
			return usagef("unknown status %q: use draft, review, published or archived", *status)
		}
		statuses = append(statuses, s)
	}
	if *salvage {
		return salvageExport(ctx, *dataDir, pos[0], statuses, out)
	}
	svc, err := openService(ctx, *dataDir, errOut)
	if err != nil {
		return err
	}
	defer svc.Close()
	n, err := svc.ExportFolder(ctx, pos[0], statuses...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "exported %d articles to %s\n", n, pos[0])
	return nil
}

// salvageExport is the recovery path for a damaged knowledge database: it
// reads the database file directly, read-only (not through the service,
// which would fail on it), and writes every article it can still read as
// export does.
func salvageExport(ctx context.Context, dataDir, dir string, statuses []knowledge.Status, out io.Writer) error {
	dd, err := config.DataDir(dataDir)
	if err != nil {
		return err
	}
	rep, err := wiring.SalvageLocal(ctx, dd)
	if err != nil {
		return err
	}
	n := 0
	for _, a := range rep.Articles {
		if len(statuses) > 0 && !slices.Contains(statuses, a.Status) {
			continue
		}
		data, err := editorial.ExportFile(a)
		if err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		p := filepath.Join(dir, editorial.ExportPath(a))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		if err := config.WriteFileAtomic(p, data, 0o644); err != nil {
			return fmt.Errorf("export %s: %w", a.ID, err)
		}
		n++
	}
	fmt.Fprintf(out, "salvaged %d articles to %s", n, dir)
	if len(rep.FromHistory) > 0 {
		fmt.Fprintf(out, " (%d of them from the version history: their latest edits may be missing)", len(rep.FromHistory))
	}
	switch {
	case rep.Unreadable > 0:
		fmt.Fprintf(out, "; %d damaged rows could not be read", rep.Unreadable)
	case rep.Damaged:
		fmt.Fprint(out, "; the file is damaged in places")
	}
	fmt.Fprintln(out)
	return nil
}
