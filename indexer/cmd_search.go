package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"strings"

	"concierge/knowledge/core"
	"concierge/knowledge/search"
)

func parseMode(s string) (search.Mode, error) {
	switch m := search.Mode(s); m {
	case search.ModeHybrid, search.ModeBM25, search.ModeVector:
		return m, nil
	}
	return "", usagef("unknown --mode %q (use hybrid, bm25 or vector)", s)
}

func cmdSearch(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	modeFlag := fs.String("mode", "hybrid", "hybrid, bm25 or vector")
	limit := fs.Int("limit", 10, "number of articles")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	q := joinArgs(pos)
	if q == "" {
		return usagef("give a query")
	}
	mode, err := parseMode(*modeFlag)
	if err != nil {
		return err
	}
	svc, err := openService(ctx, *dataDir, errOut)
	if err != nil {
		return err
	}
	defer svc.Close()
	defer writeHeapProfile(errOut) // before closing: the live state
	resp, err := svc.Search(ctx, search.Request{Query: q, Mode: mode, Limit: *limit}, core.SourceCLI)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	if len(resp.Results) == 0 {
		fmt.Fprintf(out, "no articles match %q\n", q)
		return nil
	}
	fmt.Fprintf(out, "%d articles match %q (%s, %.1f ms)\n\n", resp.Total, q, resp.Mode, resp.TookMS)
	for i, r := range resp.Results {
		fmt.Fprintf(out, "%2d. %s  [%s]  %s  (%.4f)\n", i+1, r.Title, r.Department, r.ArticleID, r.Score)
		if len(r.Passages) > 0 {
			p := r.Passages[0]
			if len(p.Headings) > 0 {
				fmt.Fprintf(out, "    § %s\n", strings.Join(p.Headings, " › "))
			}
			fmt.Fprintf(out, "    %s\n", plainSnippet(p.Snippet))
		}
	}
	return nil
}

// plainSnippet turns a highlighted HTML snippet into terminal text,
// marking matches with *asterisks*.
func plainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "*")
	s = strings.ReplaceAll(s, "</mark>", "*")
	return html.UnescapeString(s)
}
