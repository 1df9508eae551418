package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"

	"concierge/knowledge"
)

// statsJSON is the machine-readable shape of `indexer stats --json`.
type statsJSON struct {
	Articles  int            `json:"articles"`
	Passages  int            `json:"passages"`
	Embedder  string         `json:"embedder"`
	Published int            `json:"published"`
	ByStatus  map[string]int `json:"byStatus"`
	DataDir   string         `json:"dataDir"`
}

func cmdStats(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("stats takes no arguments")
	}
	svc, err := openService(ctx, *dataDir, errOut)
	if err != nil {
		return err
	}
	defer svc.Close()
	c, err := svc.Counts(ctx)
	if err != nil {
		return err
	}
	es, err := svc.Stats(ctx)
	if err != nil {
		return err
	}
	s := statsJSON{
		Articles: c.Articles, Passages: es.Passages, Embedder: es.Embedder,
		Published: c.ByStatus[knowledge.StatusPublished], ByStatus: map[string]int{}, DataDir: svc.DataDir(),
	}
	for k, v := range c.ByStatus {
		s.ByStatus[string(k)] = v
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	fmt.Fprintf(out, "data dir   %s\narticles   %d (%d published)\npassages   %d\nembedder   %s\n", s.DataDir, s.Articles, s.Published, s.Passages, s.Embedder)
	keys := make([]string, 0, len(s.ByStatus))
	for k := range s.ByStatus {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(out, "  %-10s %d\n", k, s.ByStatus[k])
	}
	return nil
}
