package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

var _ knowledge.LedgerReview = (*Store)(nil)

// putReviewRow stores r (insert or update).
func putReviewRow(ctx context.Context, tx pgx.Tx, r knowledge.ReviewRow) error {
	if _, err := tx.Exec(ctx, upsertReviewSQL, reviewArgs(r)...); err != nil {
		return dbErr("update the review of suggestion set "+r.SetID, err)
	}
	return nil
}

func newReviewRow(ctx context.Context, tx pgx.Tx, e knowledge.LedgerEntry) (knowledge.ReviewRow, error) {
	dept := ""
	if len(e.Passages) > 0 {
		err := tx.QueryRow(ctx, `SELECT department FROM articles WHERE id = $1`, e.Passages[0].ArticleID).Scan(&dept)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return knowledge.ReviewRow{}, dbErr("read the department of the suggestion set", err)
		}
	}
	return knowledge.NewReviewRow(e, dept), nil
}

const reviewColumns = `r.set_id, r.request_id, r.at, r.agent, r.department, r.provider, r.model, r.outcome, r.option_index,
	r.edit_distance, r.reply_len, r.heavy, r.unverified, r.reason, r.events, r.articles`

func scanReviewRow(row pgx.Row) (knowledge.ReviewRow, error) {
	var (
		x               knowledge.ReviewRow
		outcome, reason string
		as              []byte
	)
	if err := row.Scan(&x.SetID, &x.RequestID, &x.At, &x.Agent, &x.Department, &x.Provider, &x.Model, &outcome, &x.OptionIndex,
		&x.EditDistance, &x.ReplyLen, &x.Heavy, &x.Unverified, &reason, &x.Events, &as); err != nil {
		return x, err
	}
	x.Outcome, x.Reason, x.At = knowledge.Outcome(outcome), knowledge.DiscardReason(reason), x.At.UTC()
	if err := json.Unmarshal(as, &x.Articles); err != nil || x.Articles == nil {
		x.Articles = []string{}
	}
	return x, nil
}

// backfillLedgerReview builds the review rows of a ledger recorded before
// they existed, once, as the owner right after migrating.
func backfillLedgerReview(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var pending int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM ledger_review_backfill`).Scan(&pending); err != nil {
			return dbErr("check the ledger review", err)
		}
		if pending == 0 {
			return nil
		}
		rows, err := tx.Query(ctx, `SELECT id FROM ledger_sets ORDER BY seq`)
		if err != nil {
			return dbErr("read the ledger", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return dbErr("read the ledger", err)
		}
		for _, id := range ids {
			set, err := getLedgerSet(ctx, tx, id)
			if err != nil {
				return err
			}
			r, err := newReviewRow(ctx, tx, set)
			if err != nil {
				return err
			}
			evRows, err := tx.Query(ctx, `SELECT `+ledgerEventColumns+` FROM ledger_events WHERE set_id = $1 ORDER BY id`, id)
			if err != nil {
				return dbErr("read the ledger", err)
			}
			evs, err := pgx.CollectRows(evRows, func(r pgx.CollectableRow) (knowledge.LedgerEvent, error) { return scanLedgerEvent(r) })
			if err != nil {
				return dbErr("read the ledger", err)
			}
			for _, ev := range evs {
				r = r.Apply(set, ev)
			}
			if err := putReviewRow(ctx, tx, r); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM ledger_review_backfill`)
		return err
	})
}

func reviewWhere(f knowledge.ReviewFilter) (string, []any) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !f.Since.IsZero() {
		where = append(where, "r.at >= "+arg(ts(f.Since)))
	}
	if !f.Until.IsZero() {
		where = append(where, "r.at < "+arg(ts(f.Until)))
	}
	if f.Agent != "" {
		where = append(where, "r.agent = "+arg(f.Agent))
	}
	if f.Department != "" {
		where = append(where, "r.department = "+arg(f.Department))
	}
	if f.Outcome != "" {
		where = append(where, "r.outcome = "+arg(string(f.Outcome)))
	}
	if f.Provider != "" {
		where = append(where, "r.provider = "+arg(f.Provider))
	}
	if f.Model != "" {
		where = append(where, "r.model = "+arg(f.Model))
	}
	if f.ArticleID != "" {
		where = append(where, "r.set_id IN (SELECT set_id FROM ledger_links WHERE article_id = "+arg(f.ArticleID)+" AND option_index = "+arg(knowledge.WholeSet)+")")
	}
	if f.Unverified {
		where = append(where, "r.unverified")
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

func reviewOrder(f knowledge.ReviewFilter) string {
	dir := " DESC"
	if f.Asc {
		dir = " ASC"
	}
	switch f.Sort {
	case knowledge.SortAgent:
		return " ORDER BY r.agent" + dir + ", r.at DESC, r.set_id"
	case knowledge.SortEditDistance:
		return " ORDER BY r.edit_distance" + dir + ", r.at DESC, r.set_id"
	case knowledge.SortOutcome:
		return " ORDER BY r.outcome" + dir + ", r.at DESC, r.set_id"
	}
	return " ORDER BY r.at" + dir + ", r.set_id" + dir
}

// ReviewSets returns one page of the review list the signed-in person may
// read; see knowledge.LedgerReview.
func (s *Store) ReviewSets(ctx context.Context, in knowledge.ReviewFilter) (knowledge.ReviewPage, error) {
	f, err := in.Normalized()
	if err != nil {
		return knowledge.ReviewPage{}, err
	}
	if err := s.check(); err != nil {
		return knowledge.ReviewPage{}, err
	}
	where, args := reviewWhere(f)
	page := knowledge.ReviewPage{Rows: []knowledge.ReviewRow{}}
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM ledger_review r`+where, args...).Scan(&page.Total); err != nil {
		return page, dbErr("count the review list", err)
	}
	n := len(args)
	rows, err := s.pool.Query(ctx, `SELECT `+reviewColumns+` FROM ledger_review r`+where+reviewOrder(f)+
		` LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, dbErr("read the review list", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReviewRow(rows)
		if err != nil {
			return page, dbErr("read the review list", err)
		}
		page.Rows = append(page.Rows, r)
	}
	if err := rows.Err(); err != nil {
		return page, dbErr("read the review list", err)
	}
	return page, nil
}

// EachReviewRow streams the rows matching f's filters, oldest first.
func (s *Store) EachReviewRow(ctx context.Context, in knowledge.ReviewFilter, fn func(knowledge.ReviewRow) error) error {
	f, err := in.Normalized()
	if err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	where, args := reviewWhere(f)
	rows, err := s.pool.Query(ctx, `SELECT `+reviewColumns+` FROM ledger_review r`+where+` ORDER BY r.at, r.set_id`, args...)
	if err != nil {
		return dbErr("read the review list", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanReviewRow(rows)
		if err != nil {
			return dbErr("read the review list", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return dbErr("read the review list", err)
	}
	return nil
}

// EachLedgerEvent streams the events of the sets matching f's filters.
func (s *Store) EachLedgerEvent(ctx context.Context, in knowledge.ReviewFilter, fn func(knowledge.ExportRow) error) error {
	f, err := in.Normalized()
	if err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	// Link the records committed so far first, so every exported event
	// carries its chain hash (links are appended after the write, in batches).
	if _, err := s.linkChain(ctx, true); err != nil {
		return err
	}
	where, args := reviewWhere(f)
	rows, err := s.pool.Query(ctx, `SELECT e.id, e.at, e.set_id, s.request_id, s.at, e.agent, s.provider, s.model, e.type,
			e.option_index, e.edit_distance, e.reason, e.comment, e.final_text, COALESCE(c.hash, '')
		FROM ledger_review r JOIN ledger_sets s ON s.id = r.set_id JOIN ledger_events e ON e.set_id = r.set_id
		LEFT JOIN ledger_chain c ON c.kind = 'event' AND c.ref = e.id::text`+where+` ORDER BY e.id`, args...)
	if err != nil {
		return dbErr("read the ledger events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			x         knowledge.ExportRow
			typ, reas string
		)
		if err := rows.Scan(&x.EventID, &x.At, &x.SetID, &x.RequestID, &x.SetAt, &x.Agent, &x.Provider, &x.Model, &typ,
			&x.OptionIndex, &x.EditDistance, &reas, &x.Comment, &x.FinalText, &x.ChainHash); err != nil {
			return dbErr("read the ledger events", err)
		}
		x.Type, x.Reason, x.At, x.SetAt = knowledge.EventType(typ), knowledge.DiscardReason(reas), x.At.UTC(), x.SetAt.UTC()
		if err := fn(x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return dbErr("read the ledger events", err)
	}
	return nil
}

// ReviewSet returns one set the signed-in person may read and its review
// row.
func (s *Store) ReviewSet(ctx context.Context, setID string) (knowledge.LedgerEntry, knowledge.ReviewRow, error) {
	if err := s.check(); err != nil {
		return knowledge.LedgerEntry{}, knowledge.ReviewRow{}, err
	}
	set, err := getLedgerSet(ctx, s.pool, setID)
	if err != nil {
		return set, knowledge.ReviewRow{}, err
	}
	r, err := scanReviewRow(s.pool.QueryRow(ctx, `SELECT `+reviewColumns+` FROM ledger_review r WHERE r.set_id = $1`, setID))
	if errors.Is(err, pgx.ErrNoRows) {
		return set, knowledge.NewReviewRow(set, ""), nil
	}
	if err != nil {
		return set, r, dbErr("read the review of suggestion set "+setID, err)
	}
	return set, r, nil
}
