package sqlitestore

import (
	"context"

	"concierge/knowledge"
)

// ReviewAggregates counts the review rows matching f in SQL; see
// knowledge.LedgerReview.
func (s *Store) ReviewAggregates(ctx context.Context, in knowledge.ReviewFilter) (knowledge.ReviewAggregates, error) {
	f, err := in.Normalized()
	if err != nil {
		return knowledge.ReviewAggregates{}, err
	}
	if err := s.check(); err != nil {
		return knowledge.ReviewAggregates{}, err
	}
	where, args := reviewWhere(f)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return knowledge.ReviewAggregates{}, dbErr("summarise the review", err)
	}
	defer tx.Rollback()
	var a knowledge.ReviewAggregates
	counts := func(keyExpr string) ([]knowledge.ReviewCount, error) {
		rows, err := tx.QueryContext(ctx, `SELECT `+keyExpr+`, r.outcome,
				CASE WHEN r.outcome IN ('used', 'edited') THEN r.edit_distance ELSE 0 END AS d, COUNT(*)
			FROM ledger_review r`+where+` GROUP BY 1, 2, 3`, args...)
		if err != nil {
			return nil, dbErr("summarise the review", err)
		}
		defer rows.Close()
		out := []knowledge.ReviewCount{}
		for rows.Next() {
			var c knowledge.ReviewCount
			var o string
			if err := rows.Scan(&c.Key, &o, &c.EditDistance, &c.N); err != nil {
				return nil, dbErr("summarise the review", err)
			}
			c.Outcome = knowledge.Outcome(o)
			out = append(out, c)
		}
		return out, rows.Err()
	}
	if a.Agents, err = counts("r.agent"); err != nil {
		return a, err
	}
	if a.Departments, err = counts("r.department"); err != nil {
		return a, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT substr(r.at, 1, 10), r.outcome, COUNT(*) FROM ledger_review r`+where+` GROUP BY 1, 2`, args...)
	if err != nil {
		return a, dbErr("summarise the review", err)
	}
	for rows.Next() {
		c := knowledge.ReviewCount{}
		var o string
		if err := rows.Scan(&c.Key, &o, &c.N); err != nil {
			rows.Close()
			return a, dbErr("summarise the review", err)
		}
		c.Outcome = knowledge.Outcome(o)
		a.Days = append(a.Days, c)
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `SELECT j.value,
			SUM(r.outcome IN ('used', 'edited')), SUM(r.outcome = 'discarded'), SUM(r.outcome = 'edited' AND r.heavy)
		FROM ledger_review r, json_each(r.articles) j`+where+` GROUP BY j.value`, args...)
	if err != nil {
		return a, dbErr("summarise the review", err)
	}
	for rows.Next() {
		var c knowledge.ArticleCount
		if err := rows.Scan(&c.ArticleID, &c.Uses, &c.Discards, &c.HeavyEdits); err != nil {
			rows.Close()
			return a, dbErr("summarise the review", err)
		}
		a.Articles = append(a.Articles, c)
	}
	rows.Close()
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_review r`+andWhere(where, "r.unverified = 1 AND r.outcome IN ('used', 'edited')"), args...).Scan(&a.SentUnverified); err != nil {
		return a, dbErr("summarise the review", err)
	}
	return a.Sorted(), nil
}

// andWhere adds cond to a WHERE clause built by reviewWhere.
func andWhere(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}
