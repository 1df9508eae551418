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
	// Grouping by agent or department would walk their index and look up
	// every row in the table, in random order; without a filter to narrow
	// it, one sequential scan is several times faster.
	from := " FROM ledger_review r"
	if where == "" {
		from = " FROM ledger_review r NOT INDEXED"
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return knowledge.ReviewAggregates{}, dbErr("summarise the review", err)
	}
	defer tx.Rollback()
	var a knowledge.ReviewAggregates
	// One pass groups by everything the agent, department and day counts
	// need; Go adds the groups up (far fewer than the rows).
	rows, err := tx.QueryContext(ctx, `SELECT r.agent, r.department, substr(r.at, 1, 10), r.outcome,
			CASE WHEN r.outcome IN ('used', 'edited') THEN r.edit_distance ELSE 0 END, COUNT(*),
			SUM(r.unverified AND r.outcome IN ('used', 'edited'))`+from+where+` GROUP BY 1, 2, 3, 4, 5`, args...)
	if err != nil {
		return a, dbErr("summarise the review", err)
	}
	var t knowledge.CountTally
	for rows.Next() {
		var (
			agent, dept, day, o string
			d, n, unverified    int
		)
		if err := rows.Scan(&agent, &dept, &day, &o, &d, &n, &unverified); err != nil {
			rows.Close()
			return a, dbErr("summarise the review", err)
		}
		t.Add(agent, dept, day, knowledge.Outcome(o), d, n, unverified)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a, dbErr("summarise the review", err)
	}
	a = t.Aggregates()
	rows, err = tx.QueryContext(ctx, `SELECT j.value,
			SUM(r.outcome IN ('used', 'edited')), SUM(r.outcome = 'discarded'), SUM(r.outcome = 'edited' AND r.heavy)
		`+from+`, json_each(r.articles) j`+where+` GROUP BY j.value`, args...)
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
	return a.Sorted(), nil
}
