// Command indexer is Concierge's headless tool: import Markdown folders,
// rebuild the indexes, inspect them, search from the shell and measure
// retrieval quality on BEIR-format collections.
//
//	indexer import DIR        import a folder of Markdown files (incremental)
//	indexer export DIR [--status S] [--salvage]  write the articles as Markdown with front matter
//	                          (--salvage: read what is readable from a damaged database)
//	indexer reindex           rebuild the search indexes from the store
//	indexer stats [--json]    knowledge base and index sizes
//	indexer search QUERY [--mode hybrid|bm25|vector] [--json]
//	indexer eval --beir DIR [--mode M] [--run FILE] [--json]
//	indexer migrate --to URL [--json]  copy this knowledge base into a team database
//	indexer ledger verify [--json]   check the suggestion ledger's hash chain (exit 1 names the first broken record)
//	indexer ledger export [--format csv|json] [--from DATE] [--to DATE] [--out FILE]  stream the ledger's events
//	indexer suggest --request FILE.json [--provider none|ollama|openai] [--base-url URL] [--model M] [--json]
//
// Every command takes --data-dir (default: $CONCIERGE_DATA_DIR or the OS
// user data folder, shared with the desktop app).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/wiring"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	stopProfile := startProfile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, out, errOut io.Writer) error
}

func commands() []command {
	return []command{
		{"import", "import DIR [--data-dir D]", cmdImport},
		{"export", "export DIR [--status S] [--salvage] [--data-dir D]", cmdExport},
		{"reindex", "reindex [--data-dir D]", cmdReindex},
		{"stats", "stats [--json] [--data-dir D]", cmdStats},
		{"search", "search QUERY [--mode hybrid|bm25|vector] [--limit N] [--json] [--data-dir D]", cmdSearch},
		{"eval", "eval --beir DIR [--mode hybrid|bm25|vector] [--run FILE] [--json]", cmdEval},
		{"migrate", "migrate --to URL [--json] [--data-dir D]", cmdMigrate},
		{"alerts", "alerts [--at RFC3339] [--json] [--data-dir D]", cmdAlerts},
		{"ledger", "ledger verify [--json] | ledger export [--format csv|json] [--from DATE] [--to DATE] [--out FILE] [--data-dir D]", cmdLedger},
		{"suggest", "suggest --request FILE.json [--provider none|ollama|openai] [--base-url URL] [--model M] [--json] [--data-dir D]", cmdSuggest},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: indexer COMMAND [flags]")
	for _, c := range commands() {
		fmt.Fprintf(w, "  indexer %s\n", c.usage)
	}
}

// run executes one command and returns the process exit code: 0 success,
// 1 failure, 2 bad usage.
func run(ctx context.Context, args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(errOut)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if err := c.run(ctx, args[1:], out, errOut); err != nil {
			if ue, ok := err.(usageError); ok {
				fmt.Fprintf(errOut, "indexer %s: %s\nusage: indexer %s\n", c.name, withoutPrefix(ue.msg, c.name), c.usage)
				return 2
			}
			fmt.Fprintf(errOut, "indexer %s: %s\n", c.name, withoutPrefix(err.Error(), c.name))
			if h := faultHint(err); h != "" {
				fmt.Fprintln(errOut, h)
			}
			return 1
		}
		return 0
	}
	fmt.Fprintf(errOut, "indexer: unknown command %q\n", args[0])
	usage(errOut)
	return 2
}

// withoutPrefix drops the prefixes msg repeats from the "indexer NAME: "
// it is printed after, so that errors carry their prefix once
// ("indexer eval: eval: malformed dataset" was printed before).
func withoutPrefix(msg, name string) string {
	for strings.HasPrefix(msg, name+": ") {
		msg = strings.TrimPrefix(msg, name+": ")
	}
	return msg
}

// faultHint says what to do about a storage fault, or "".
func faultHint(err error) string {
	switch {
	case errors.Is(err, knowledge.ErrCorrupt):
		return "The knowledge database is damaged. Save every article still readable with `indexer export --salvage DIR`, " +
			"move " + wiring.DBFile + " out of the data folder, then `indexer import DIR` to rebuild it."
	case errors.Is(err, knowledge.ErrDiskFull):
		return "Free some disk space and run the command again; everything saved before this is intact."
	case errors.Is(err, knowledge.ErrReadOnly), errors.Is(err, config.ErrReadOnly):
		return "The data folder cannot be written: make it writable, or choose another one with --data-dir."
	}
	return ""
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }
