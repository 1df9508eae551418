package core

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"concierge/knowledge"
)

// VerifyLedger walks the ledger's hash chain and reports whether it is
// intact or names the first broken record. In team mode only supervisors
// and admins see the whole chain (others would see gaps), so only they
// may verify it; in the single-user mode anyone may.
func (c *Core) VerifyLedger(ctx context.Context) (knowledge.ChainReport, error) {
	if c.signedIn != nil {
		if err := c.supervisor(); err != nil {
			return knowledge.ChainReport{}, err
		}
	}
	return knowledge.VerifyChain(ctx, c.store)
}

// ExportColumns are the columns of a ledger export, in order: the CSV
// header and the JSON keys (one object per line). README "Ledger export"
// documents them.
var ExportColumns = []string{"eventId", "at", "setId", "requestId", "setAt", "agent", "provider", "model",
	"type", "optionIndex", "editDistance", "reason", "comment", "finalText", "chainHash"}

// ExportLedger writes the events of the sets matching f (paging ignored)
// to w as "csv" (RFC 4180 with a header row) or "json" (JSON Lines: one
// object per event), streaming: one event is in memory at a time. It
// returns the number of events written. Supervisors only (in the
// single-user mode, the local supervisor role).
func (c *Core) ExportLedger(ctx context.Context, w io.Writer, format string, f knowledge.ReviewFilter) (int, error) {
	if err := c.supervisor(); err != nil {
		return 0, err
	}
	return ExportEvents(ctx, c.store, w, format, f)
}

// ExportEvents is ExportLedger without the role check, for the command
// line (whose user owns the data folder or signs in to the team database,
// whose row-level security still applies).
func ExportEvents(ctx context.Context, store knowledge.LedgerReview, w io.Writer, format string, f knowledge.ReviewFilter) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := 0
	var write func(knowledge.ExportRow) error
	switch format {
	case "csv":
		cw := csv.NewWriter(bw)
		if err := cw.Write(ExportColumns); err != nil {
			return 0, err
		}
		rec := make([]string, len(ExportColumns))
		write = func(r knowledge.ExportRow) error {
			rec[0], rec[1], rec[2], rec[3] = strconv.FormatInt(r.EventID, 10), r.At.UTC().Format(time.RFC3339Nano), r.SetID, r.RequestID
			rec[4], rec[5], rec[6], rec[7] = r.SetAt.UTC().Format(time.RFC3339Nano), r.Agent, r.Provider, r.Model
			rec[8], rec[9], rec[10], rec[11] = string(r.Type), strconv.Itoa(r.OptionIndex), strconv.Itoa(r.EditDistance), string(r.Reason)
			rec[12], rec[13], rec[14] = r.Comment, r.FinalText, r.ChainHash
			if err := cw.Write(rec); err != nil {
				return err
			}
			cw.Flush() // into bw; bw bounds what is held
			return cw.Error()
		}
	case "json":
		enc := json.NewEncoder(bw)
		write = func(r knowledge.ExportRow) error { return enc.Encode(r) }
	default:
		return 0, fmt.Errorf("export format %q is not known: use csv or json: %w", format, knowledge.ErrInvalid)
	}
	err := store.EachLedgerEvent(ctx, f, func(r knowledge.ExportRow) error {
		n++
		return write(r)
	})
	if err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write the export: %w", err)
	}
	return n, nil
}
