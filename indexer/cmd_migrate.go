package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"concierge/knowledge/config"
	"concierge/knowledge/wiring"
)

// cmdMigrate copies the local knowledge base into a team database.
func cmdMigrate(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dataDir := dataDirFlag(fs)
	to := fs.String("to", "", "team database URL, postgres://USER@HOST:PORT/DB (password from $"+wiring.EnvDatabasePassword+" or the keychain)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("migrate takes no arguments")
	}
	if *to == "" {
		return usagef("say where to copy to with --to URL")
	}
	dir, err := config.DataDir(*dataDir)
	if err != nil {
		return err
	}
	rep, err := wiring.CopyToTeam(ctx, dir, *to, nil)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	fmt.Fprintf(out, "copied from %s\n", dir)
	fmt.Fprintf(out, "%-16s %8s %8s\n", "", "copied", "already")
	for _, row := range []struct {
		name            string
		copied, present int
	}{
		{"articles", rep.Articles.Copied, rep.Articles.Present},
		{"versions", rep.Versions.Copied, rep.Versions.Present},
		{"requests", rep.Requests.Copied, rep.Requests.Present},
		{"suggestion sets", rep.Sets.Copied, rep.Sets.Present},
		{"ledger events", rep.Events.Copied, rep.Events.Present},
		{"ratings", rep.Ratings.Copied, rep.Ratings.Present},
	} {
		fmt.Fprintf(out, "%-16s %8d %8d\n", row.name, row.copied, row.present)
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(out, "not copied: %s\n", c)
	}
	return nil
}
