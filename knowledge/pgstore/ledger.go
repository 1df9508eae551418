package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// RecordSuggestionSet appends a suggestion set to the ledger; see
// knowledge.Ledger. The server stamps the signed-in person and role on the
// row and, for people who are not admins, records the set under their own
// name whatever e.Agent says; the returned entry shows what was stored.
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
	if e.At.IsZero() {
		e.At = s.clock()
	}
	e.At = ts(e.At)
	if e.SetID == "" {
		e.SetID = knowledge.NewID("sug", e.At)
	}
	if err := s.check(); err != nil {
		return knowledge.LedgerEntry{}, err
	}
	// One transaction in two round trips (see ledgerwrite.go): the set,
	// its links, its review row and its chain link are recorded together
	// or not at all.
	links := e.Links()
	dept := ""
	w, err := s.beginLedgerWrite(ctx, func(b *pgx.Batch) {
		b.Queue(`INSERT INTO ledger_sets (id, request_id, agent, at, provider, model, prompt_hash, passages, options)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING agent`, e.SetID, e.RequestID, e.Agent, e.At, e.Provider, e.Model,
			e.PromptHash, passages, options)
		if len(links) > 0 {
			opts, arts := make([]int32, len(links)), make([]string, len(links))
			for i, l := range links {
				opts[i], arts[i] = int32(l.Option), l.ArticleID
			}
			b.Queue(`INSERT INTO ledger_links (set_id, option_index, article_id)
				SELECT $1, o, a FROM unnest($2::int[], $3::text[]) AS l(o, a) ON CONFLICT DO NOTHING`, e.SetID, opts, arts)
		}
		if len(e.Passages) > 0 {
			b.Queue(`SELECT COALESCE((SELECT department FROM articles WHERE id = $1), '')`, e.Passages[0].ArticleID)
		}
	}, func(br pgx.BatchResults) error {
		if err := br.QueryRow().Scan(&e.Agent); err != nil {
			return err
		}
		if len(links) > 0 {
			if _, err := br.Exec(); err != nil {
				return err
			}
		}
		if len(e.Passages) > 0 {
			return br.QueryRow().Scan(&dept)
		}
		return nil
	})
	if err == nil {
		r := knowledge.NewReviewRow(e, dept)
		err = w.commitWithLink(ctx, func(b *pgx.Batch) { b.Queue(upsertReviewSQL, reviewArgs(r)...) },
			knowledge.ChainSet, e.SetID, e.ChainBytes())
	}
	if isCode(err, codeUniqueViolation) {
		return knowledge.LedgerEntry{}, knowledge.Errorf(knowledge.ErrConflict, "suggestion set %q is already in the ledger; the ledger is append-only, so record a new set", e.SetID)
	}
	if err != nil {
		return knowledge.LedgerEntry{}, dbErr("record the suggestion set", err)
	}
	s.notifyLedger()
	return e, nil
}

// RecordEvent appends an event about a recorded suggestion set; see
// knowledge.Ledger. A set the signed-in person may not read (an agent and
// another agent's set) is ErrNotFound, as if it did not exist.
func (s *Store) RecordEvent(ctx context.Context, ev knowledge.LedgerEvent) (knowledge.LedgerEvent, error) {
	if ev.SetID == "" {
		return knowledge.LedgerEvent{}, knowledge.Errorf(knowledge.ErrInvalid, "the %s event names no suggestion set", ev.Type)
	}
	if err := s.check(); err != nil {
		return knowledge.LedgerEvent{}, err
	}
	// Sets never change, so reading it and then inserting needs no
	// transaction; the foreign key still refuses an event without its set.
	set, err := getLedgerSet(ctx, s.pool, ev.SetID)
	if err != nil {
		return knowledge.LedgerEvent{}, err
	}
	e, err := ev.NormalizedFor(set)
	if err != nil {
		return knowledge.LedgerEvent{}, err
	}
	if e.At.IsZero() {
		e.At = s.clock()
	}
	e.At = ts(e.At)
	// One transaction in two round trips (see ledgerwrite.go): the event,
	// the set's review row (locked, so events of one set apply in turn)
	// and the event's chain link.
	var (
		review    knowledge.ReviewRow
		hasReview bool
		dept      string
	)
	w, err := s.beginLedgerWrite(ctx, func(b *pgx.Batch) {
		b.Queue(`INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, agent`, e.SetID, e.At, e.Agent, string(e.Type), e.OptionIndex,
			e.FinalText, e.EditDistance, string(e.Reason), e.Comment)
		b.Queue(`SELECT `+reviewColumns+` FROM ledger_review r WHERE r.set_id = $1 FOR UPDATE`, set.SetID)
		if len(set.Passages) > 0 {
			b.Queue(`SELECT COALESCE((SELECT department FROM articles WHERE id = $1), '')`, set.Passages[0].ArticleID)
		}
	}, func(br pgx.BatchResults) error {
		if err := br.QueryRow().Scan(&e.ID, &e.Agent); err != nil {
			return err
		}
		var err error
		review, err = scanReviewRow(br.QueryRow())
		switch {
		case err == nil:
			hasReview = true
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		if len(set.Passages) > 0 {
			return br.QueryRow().Scan(&dept)
		}
		return nil
	})
	if err == nil {
		if !hasReview {
			review = knowledge.NewReviewRow(set, dept)
		}
		r := review.Apply(set, e)
		err = w.commitWithLink(ctx, func(b *pgx.Batch) { b.Queue(upsertReviewSQL, reviewArgs(r)...) },
			knowledge.ChainEvent, eventRef(e.ID), e.ChainBytes())
	}
	if err != nil {
		return knowledge.LedgerEvent{}, dbErr(fmt.Sprintf("record the %s event", e.Type), err)
	}
	s.notifyLedger()
	return e, nil
}

const ledgerSetColumns = `id, request_id, agent, at, provider, model, prompt_hash, passages, options`

func scanLedgerSet(r pgx.Row) (knowledge.LedgerEntry, error) {
	var (
		e             knowledge.LedgerEntry
		pass, options []byte
	)
	if err := r.Scan(&e.SetID, &e.RequestID, &e.Agent, &e.At, &e.Provider, &e.Model, &e.PromptHash, &pass, &options); err != nil {
		return e, err
	}
	e.At = e.At.UTC()
	if err := json.Unmarshal(pass, &e.Passages); err != nil {
		return e, fmt.Errorf("suggestion set %q has damaged passages: %w", e.SetID, err)
	}
	if err := json.Unmarshal(options, &e.Options); err != nil {
		return e, fmt.Errorf("suggestion set %q has damaged options: %w", e.SetID, err)
	}
	return e, nil
}

func getLedgerSet(ctx context.Context, q queryRower, id string) (knowledge.LedgerEntry, error) {
	e, err := scanLedgerSet(q.QueryRow(ctx, `SELECT `+ledgerSetColumns+` FROM ledger_sets WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return e, fmt.Errorf("suggestion set %q is not in the ledger: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return e, dbErr(fmt.Sprintf("read suggestion set %q", id), err)
	}
	return e, nil
}

// ListSets returns the sets matching f that the signed-in person may read,
// newest first.
func (s *Store) ListSets(ctx context.Context, f knowledge.LedgerFilter) ([]knowledge.LedgerEntry, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.RequestID != "" {
		where = append(where, "request_id = "+arg(f.RequestID))
	}
	if f.Agent != "" {
		where = append(where, "agent = "+arg(strings.TrimSpace(f.Agent)))
	}
	if f.ArticleID != "" {
		where = append(where, "id IN (SELECT set_id FROM ledger_links WHERE article_id = "+arg(f.ArticleID)+" AND option_index = "+arg(knowledge.WholeSet)+")")
	}
	where = timeRange(where, arg, f.Since, f.Until)
	q := `SELECT ` + ledgerSetColumns + ` FROM ledger_sets`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, seq DESC"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, dbErr("list suggestion sets", err)
	}
	defer rows.Close()
	out := []knowledge.LedgerEntry{}
	for rows.Next() {
		e, err := scanLedgerSet(rows)
		if err != nil {
			return nil, dbErr("list suggestion sets", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("list suggestion sets", err)
	}
	return out, nil
}

// timeRange adds since <= at < until conditions for the non-zero bounds.
func timeRange(where []string, arg func(any) string, since, until time.Time) []string {
	if !since.IsZero() {
		where = append(where, "at >= "+arg(ts(since)))
	}
	if !until.IsZero() {
		where = append(where, "at < "+arg(ts(until)))
	}
	return where
}

// Events returns the events of set setID in recording order.
func (s *Store) Events(ctx context.Context, setID string) ([]knowledge.LedgerEvent, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	doing := fmt.Sprintf("read the events of suggestion set %q", setID)
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := getLedgerSet(ctx, tx, setID); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment
		FROM ledger_events WHERE set_id = $1 ORDER BY id`, setID)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.LedgerEvent{}
	for rows.Next() {
		var (
			e           knowledge.LedgerEvent
			typ, reason string
		)
		if err := rows.Scan(&e.ID, &e.SetID, &e.At, &e.Agent, &typ, &e.OptionIndex, &e.FinalText, &e.EditDistance, &reason, &e.Comment); err != nil {
			return nil, dbErr(doing, err)
		}
		e.Type, e.Reason, e.At = knowledge.EventType(typ), knowledge.DiscardReason(reason), e.At.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}

// SuggestionSummary counts events per article for the sets recorded in
// [since, until) that the signed-in person may read; see
// knowledge.ArticleSuggestionStats. Ordered by shown count, then article id.
func (s *Store) SuggestionSummary(ctx context.Context, since, until time.Time) ([]knowledge.ArticleSuggestionStats, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := timeRange(nil, arg, since, until)
	setFilter := ""
	if len(where) > 0 {
		setFilter = " AND e.set_id IN (SELECT id FROM ledger_sets WHERE " + strings.Join(where, " AND ") + ")"
	}
	rows, err := s.pool.Query(ctx, `SELECT l.article_id, e.type, COUNT(*)
		FROM ledger_events e JOIN ledger_links l ON l.set_id = e.set_id AND l.option_index = e.option_index
		WHERE true`+setFilter+`
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
