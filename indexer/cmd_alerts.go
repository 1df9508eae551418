package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/followup"
)

// cmdAlerts lists the request alerts due at a time (default now), with the
// thresholds of the data folder's settings: `indexer alerts [--at RFC3339]
// [--json]`. An empty data folder has no requests and no alerts.
func cmdAlerts(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("alerts", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	atFlag := fs.String("at", "", "evaluate at this time (RFC 3339, e.g. 2026-03-02T09:00:00Z; default now)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("alerts takes no arguments")
	}
	at := time.Now()
	if *atFlag != "" {
		if at, err = time.Parse(time.RFC3339, *atFlag); err != nil {
			return usagef("--at %q is not an RFC 3339 time such as 2026-03-02T09:00:00Z", *atFlag)
		}
	}
	dir, err := config.DataDir(*dataDir)
	if err != nil {
		return err
	}
	// Alerts read the store only: no sample import, no index repair.
	svc, err := openCore(ctx, core.Options{DataDir: dir, SkipSample: true})
	if err != nil {
		return err
	}
	defer svc.Close()
	alerts, err := svc.Alerts(ctx, at)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(alertsJSON{At: at.UTC(), Alerts: alerts})
	}
	if len(alerts) == 0 {
		fmt.Fprintf(out, "no alerts at %s\n", at.UTC().Format(time.RFC3339))
		return nil
	}
	for _, a := range alerts {
		fmt.Fprintf(out, "%s  %-16s %s\n    %s\n", a.RequestID, a.Rule, a.Subject, a.Reason)
	}
	return nil
}

// alertsJSON is the machine-readable shape of `indexer alerts --json`.
type alertsJSON struct {
	At     time.Time        `json:"at"`
	Alerts []followup.Alert `json:"alerts"`
}
