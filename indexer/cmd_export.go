package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"concierge/knowledge"
)

// cmdExport writes the knowledge base as Markdown files with front matter,
// DIR/<department>/<id>.md, ready for `indexer import` elsewhere.
func cmdExport(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	status := fs.String("status", "", "export only articles with this status (draft, review, published, archived)")
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
