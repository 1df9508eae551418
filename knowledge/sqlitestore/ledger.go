package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"concierge/knowledge"
)

var _ knowledge.Ledger = (*Store)(nil)

// RecordSuggestionSet appends a suggestion set to the ledger; see
// knowledge.Ledger. Besides the set itself it records which articles the
// set retrieved and which each option cites, for ListSets and
// SuggestionSummary.
func (s *Store) RecordSuggestionSet(ctx context.Context, in knowledge.LedgerEntry) (knowledge.LedgerEntry, error) {
	e, err := in.Normalized()
	if err != nil {
		return knowledge.LedgerEntry{}, err
	}
	passages, err := json.Marshal(e.Passages)
	if err != nil {
		return knowledge.LedgerEntry{}, knowledge.Errorf(knowledge.ErrInvalid, "the suggestion set's passages cannot be stored: %v", err)
	}
	options, err := json.Marshal(e.Options)
	if err != nil {
		return knowledge.LedgerEntry{}, knowledge.Errorf(knowledge.ErrInvalid, "the suggestion set's options cannot be stored: %v", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if e.At.IsZero() {
			e.At = s.clock()
		} else {
			e.At = e.At.UTC().Round(0)
		}
		if e.SetID == "" {
			e.SetID = knowledge.NewID("sug", e.At)
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_sets WHERE id = ?`, e.SetID).Scan(&n); err != nil {
				return dbErr(fmt.Sprintf("check suggestion set %q", e.SetID), err)
			}
			if n > 0 {
				return knowledge.Errorf(knowledge.ErrConflict, "suggestion set %q is already in the ledger; the ledger is append-only, so record a new set", e.SetID)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_sets (id, request_id, agent, at, provider, model, prompt_hash, passages, options)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.SetID, e.RequestID, e.Agent, formatTS(e.At), e.Provider, e.Model,
			e.PromptHash, string(passages), string(options)); err != nil {
			return dbErr("record the suggestion set", err)
		}
		for _, l := range e.Links() {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO ledger_links (set_id, option_index, article_id) VALUES (?, ?, ?)`,
				e.SetID, l.Option, l.ArticleID); err != nil {
				return dbErr("record the suggestion set's articles", err)
			}
		}
		r, err := newReviewRow(ctx, tx, e)
		if err != nil {
			return err
		}
		if err := putReviewRow(ctx, tx, r); err != nil {
			return err
		}
		return appendChain(ctx, tx, knowledge.ChainSet, e.SetID, e.ChainBytes())
	})
	if err != nil {
		return knowledge.LedgerEntry{}, err
	}
	return e, nil
}

// RecordEvent appends an event about a recorded suggestion set; see
// knowledge.Ledger.
func (s *Store) RecordEvent(ctx context.Context, ev knowledge.LedgerEvent) (knowledge.LedgerEvent, error) {
	if ev.SetID == "" {
		return knowledge.LedgerEvent{}, knowledge.Errorf(knowledge.ErrInvalid, "the %s event names no suggestion set", ev.Type)
	}
	var out knowledge.LedgerEvent
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		set, err := getLedgerSet(ctx, tx, ev.SetID)
		if err != nil {
			return err
		}
		e, err := ev.NormalizedFor(set)
		if err != nil {
			return err
		}
		if e.At.IsZero() {
			e.At = s.clock()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.SetID, formatTS(e.At), e.Agent, string(e.Type), e.OptionIndex,
			e.FinalText, e.EditDistance, string(e.Reason), e.Comment)
		if err != nil {
			return dbErr(fmt.Sprintf("record the %s event", e.Type), err)
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return dbErr(fmt.Sprintf("record the %s event", e.Type), err)
		}
		if err := appendChain(ctx, tx, knowledge.ChainEvent, eventRef(e.ID), e.ChainBytes()); err != nil {
			return err
		}
		if err := applyReviewEvent(ctx, tx, set, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	if err != nil {
		return knowledge.LedgerEvent{}, err
	}
	return out, nil
}

const ledgerSetColumns = `id, request_id, agent, at, provider, model, prompt_hash, passages, options`

func scanLedgerSet(r rowScanner) (knowledge.LedgerEntry, error) {
	var (
		e                 knowledge.LedgerEntry
		at, pass, options string
	)
	if err := r.Scan(&e.SetID, &e.RequestID, &e.Agent, &at, &e.Provider, &e.Model, &e.PromptHash, &pass, &options); err != nil {
		return e, err
	}
	var err error
	if e.At, err = parseTS(at); err != nil {
		return e, fmt.Errorf("suggestion set %q has a damaged time: %w", e.SetID, err)
	}
	if err := json.Unmarshal([]byte(pass), &e.Passages); err != nil {
		return e, fmt.Errorf("suggestion set %q has damaged passages: %w", e.SetID, err)
	}
	if err := json.Unmarshal([]byte(options), &e.Options); err != nil {
		return e, fmt.Errorf("suggestion set %q has damaged options: %w", e.SetID, err)
	}
	return e, nil
}

func getLedgerSet(ctx context.Context, q querier, id string) (knowledge.LedgerEntry, error) {
	e, err := scanLedgerSet(q.QueryRowContext(ctx, `SELECT `+ledgerSetColumns+` FROM ledger_sets WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("suggestion set %q is not in the ledger: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return e, dbErr(fmt.Sprintf("read suggestion set %q", id), err)
	}
	return e, nil
}

// ListSets returns the sets matching f, newest first.
func (s *Store) ListSets(ctx context.Context, f knowledge.LedgerFilter) ([]knowledge.LedgerEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var (
		where []string
		args  []any
	)
	if f.RequestID != "" {
		where = append(where, "request_id = ?")
		args = append(args, f.RequestID)
	}
	if f.Agent != "" {
		where = append(where, "agent = ?")
		args = append(args, strings.TrimSpace(f.Agent))
	}
	if f.ArticleID != "" {
		where = append(where, "id IN (SELECT set_id FROM ledger_links WHERE article_id = ? AND option_index = ?)")
		args = append(args, f.ArticleID, knowledge.WholeSet)
	}
	where, args = timeRange(where, args, f.Since, f.Until)
	q := `SELECT ` + ledgerSetColumns + ` FROM ledger_sets`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, seq DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryAll(ctx, s.db, "list suggestion sets", scanLedgerSet, q, args...)
}

// timeRange adds since <= at < until conditions for the non-zero bounds.
func timeRange(where []string, args []any, since, until time.Time) ([]string, []any) {
	if !since.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, formatTS(since))
	}
	if !until.IsZero() {
		where = append(where, "at < ?")
		args = append(args, formatTS(until))
	}
	return where, args
}

// Events returns the events of set setID in recording order.
func (s *Store) Events(ctx context.Context, setID string) ([]knowledge.LedgerEvent, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, dbErr(fmt.Sprintf("read the events of suggestion set %q", setID), err)
	}
	defer tx.Rollback()
	if _, err := getLedgerSet(ctx, tx, setID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment
		FROM ledger_events WHERE set_id = ? ORDER BY id`, setID)
	if err != nil {
		return nil, dbErr(fmt.Sprintf("read the events of suggestion set %q", setID), err)
	}
	defer rows.Close()
	out := []knowledge.LedgerEvent{}
	for rows.Next() {
		var (
			e               knowledge.LedgerEvent
			at, typ, reason string
		)
		if err := rows.Scan(&e.ID, &e.SetID, &at, &e.Agent, &typ, &e.OptionIndex, &e.FinalText, &e.EditDistance, &reason, &e.Comment); err != nil {
			return nil, dbErr(fmt.Sprintf("read the events of suggestion set %q", setID), err)
		}
		e.Type, e.Reason = knowledge.EventType(typ), knowledge.DiscardReason(reason)
		if e.At, err = parseTS(at); err != nil {
			return nil, fmt.Errorf("an event of suggestion set %q has a damaged time: %w", setID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(fmt.Sprintf("read the events of suggestion set %q", setID), err)
	}
	return out, nil
}

// SuggestionSummary counts events per article for the sets recorded in
// [since, until); see knowledge.ArticleSuggestionStats for what counts. It
// is ordered by shown count, then article id.
func (s *Store) SuggestionSummary(ctx context.Context, since, until time.Time) ([]knowledge.ArticleSuggestionStats, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	where, args := timeRange(nil, nil, since, until)
	setFilter := ""
	if len(where) > 0 {
		setFilter = " AND e.set_id IN (SELECT id FROM ledger_sets WHERE " + strings.Join(where, " AND ") + ")"
	}
	// An event joins the links of its own option, or of the whole set for
	// WholeSet events; the primary key makes each (event, article) pair
	// appear once.
	rows, err := s.db.QueryContext(ctx, `SELECT l.article_id, e.type, COUNT(*)
		FROM ledger_events e JOIN ledger_links l ON l.set_id = e.set_id AND l.option_index = e.option_index
		WHERE 1 = 1`+setFilter+`
		GROUP BY l.article_id, e.type`, args...)
	if err != nil {
		return nil, dbErr("summarise the suggestion ledger", err)
	}
	defer rows.Close()
	tally := knowledge.SuggestionTally{}
	for rows.Next() {
		var article, typ string
		var n int
		if err := rows.Scan(&article, &typ, &n); err != nil {
			return nil, dbErr("summarise the suggestion ledger", err)
		}
		tally.Add(article, knowledge.EventType(typ), n)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("summarise the suggestion ledger", err)
	}
	return tally.Stats(), nil
}
