package pgstore

import (
	"context"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// ReviewAggregates counts the review rows matching f that the signed-in
// person may read, in SQL; see knowledge.LedgerReview.
func (s *Store) ReviewAggregates(ctx context.Context, in knowledge.ReviewFilter) (knowledge.ReviewAggregates, error) {
	f, err := in.Normalized()
	if err != nil {
		return knowledge.ReviewAggregates{}, err
	}
	if err := s.check(); err != nil {
		return knowledge.ReviewAggregates{}, err
	}
	where, args := reviewWhere(f)
	var a knowledge.ReviewAggregates
	err = pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		counts := func(keyExpr string) ([]knowledge.ReviewCount, error) {
			rows, err := tx.Query(ctx, `SELECT `+keyExpr+`, r.outcome,
					CASE WHEN r.outcome IN ('used', 'edited') THEN r.edit_distance ELSE 0 END AS d, COUNT(*)::int
				FROM ledger_review r`+where+` GROUP BY 1, 2, 3`, args...)
			if err != nil {
				return nil, err
			}
			return pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.ReviewCount, error) {
				var c knowledge.ReviewCount
				var o string
				err := r.Scan(&c.Key, &o, &c.EditDistance, &c.N)
				c.Outcome = knowledge.Outcome(o)
				return c, err
			})
		}
		var err error
		if a.Agents, err = counts("r.agent"); err != nil {
			return err
		}
		if a.Departments, err = counts("r.department"); err != nil {
			return err
		}
		if a.Days, err = counts("to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"); err != nil {
			return err
		}
		for i := range a.Days { // days are counted by outcome only
			a.Days[i].EditDistance = 0
		}
		a.Days = mergeDays(a.Days)
		rows, err := tx.Query(ctx, `SELECT j.value,
				COUNT(*) FILTER (WHERE r.outcome IN ('used', 'edited'))::int, COUNT(*) FILTER (WHERE r.outcome = 'discarded')::int,
				COUNT(*) FILTER (WHERE r.outcome = 'edited' AND r.heavy)::int
			FROM ledger_review r, jsonb_array_elements_text(r.articles) j`+where+` GROUP BY j.value`, args...)
		if err != nil {
			return err
		}
		if a.Articles, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (knowledge.ArticleCount, error) {
			var c knowledge.ArticleCount
			return c, r.Scan(&c.ArticleID, &c.Uses, &c.Discards, &c.HeavyEdits)
		}); err != nil {
			return err
		}
		cond := "r.unverified AND r.outcome IN ('used', 'edited')"
		q := `SELECT COUNT(*)::int FROM ledger_review r`
		if where == "" {
			q += " WHERE " + cond
		} else {
			q += where + " AND " + cond
		}
		return tx.QueryRow(ctx, q, args...).Scan(&a.SentUnverified)
	})
	if err != nil {
		return knowledge.ReviewAggregates{}, dbErr("summarise the review", err)
	}
	return a.Sorted(), nil
}

// mergeDays adds up counts that share a day and outcome.
func mergeDays(cs []knowledge.ReviewCount) []knowledge.ReviewCount {
	type k struct {
		day string
		o   knowledge.Outcome
	}
	idx := map[k]int{}
	out := []knowledge.ReviewCount{}
	for _, c := range cs {
		if i, ok := idx[k{c.Key, c.Outcome}]; ok {
			out[i].N += c.N
			continue
		}
		idx[k{c.Key, c.Outcome}] = len(out)
		out = append(out, c)
	}
	return out
}
