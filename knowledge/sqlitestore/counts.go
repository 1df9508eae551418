package sqlitestore

import (
	"context"

	"concierge/knowledge"
)

// Counts summarises the store: Articles counts every stored article
// (archived included; ByStatus breaks it down), Departments the distinct
// non-empty departments of articles that are not archived, and LastUpdateAt
// the newest UpdatedAt (zero for an empty store).
func (s *Store) Counts(ctx context.Context) (knowledge.Counts, error) {
	c := knowledge.Counts{ByStatus: map[knowledge.Status]int{}}
	if err := s.check(); err != nil {
		return c, err
	}
	// One statement, so the numbers come from one consistent snapshot.
	rows, err := s.db.QueryContext(ctx, `
		SELECT 'status', status, COUNT(*) FROM articles GROUP BY status
		UNION ALL
		SELECT 'departments', '', COUNT(DISTINCT department) FROM articles
			WHERE department <> '' AND status <> 'archived'
		UNION ALL
		SELECT 'last', COALESCE(MAX(updated_at), ''), 0 FROM articles`)
	if err != nil {
		return c, dbErr("count articles", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, val string
		var n int
		if err := rows.Scan(&kind, &val, &n); err != nil {
			return c, dbErr("count articles", err)
		}
		switch kind {
		case "status":
			c.ByStatus[knowledge.Status(val)] = n
			c.Articles += n
		case "departments":
			c.Departments = n
		case "last":
			t, err := parseTS(val)
			if err != nil {
				return c, dbErr("count articles", err)
			}
			c.LastUpdateAt = t
		}
	}
	if err := rows.Err(); err != nil {
		return c, dbErr("count articles", err)
	}
	return c, nil
}
