package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"concierge/knowledge"
)

var _ knowledge.LedgerReview = (*Store)(nil)

// migrationLedgerReview (appended to migrations) adds the review rows: one
// per suggestion set, kept in step with the ledger in the transaction of
// every set and event (see knowledge.ReviewRow). They are derived data,
// rebuilt from the ledger by backfillLedgerReview while
// ledger_review_backfill holds a row.
const migrationLedgerReview = `CREATE TABLE ledger_review (
		set_id        TEXT PRIMARY KEY,
		request_id    TEXT NOT NULL,
		at            TEXT NOT NULL,
		agent         TEXT NOT NULL,
		department    TEXT NOT NULL,
		provider      TEXT NOT NULL,
		model         TEXT NOT NULL,
		outcome       TEXT NOT NULL,
		option_index  INTEGER NOT NULL,
		edit_distance INTEGER NOT NULL,
		reply_len     INTEGER NOT NULL,
		heavy         INTEGER NOT NULL,
		unverified    INTEGER NOT NULL,
		reason        TEXT NOT NULL,
		events        INTEGER NOT NULL,
		articles      TEXT NOT NULL
	);
	CREATE INDEX ledger_review_at ON ledger_review(at);
	CREATE INDEX ledger_review_agent ON ledger_review(agent, at);
	CREATE INDEX ledger_review_department ON ledger_review(department, at);
	CREATE INDEX ledger_review_outcome ON ledger_review(outcome, at);
	CREATE TABLE ledger_review_backfill (pending INTEGER NOT NULL);
	INSERT INTO ledger_review_backfill (pending) VALUES (1);`

// putReviewRow stores r (insert or replace).
func putReviewRow(ctx context.Context, tx *sql.Tx, r knowledge.ReviewRow) error {
	arts, _ := json.Marshal(r.Articles)
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO ledger_review (set_id, request_id, at, agent, department, provider, model,
		outcome, option_index, edit_distance, reply_len, heavy, unverified, reason, events, articles)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.SetID, r.RequestID, formatTS(r.At), r.Agent, r.Department,
		r.Provider, r.Model, string(r.Outcome), r.OptionIndex, r.EditDistance, r.ReplyLen, r.Heavy, r.Unverified,
		string(r.Reason), r.Events, string(arts))
	if err != nil {
		return dbErr("update the review of suggestion set "+r.SetID, err)
	}
	return nil
}

// newReviewRow builds the review row of a set just recorded in tx.
func newReviewRow(ctx context.Context, tx *sql.Tx, e knowledge.LedgerEntry) (knowledge.ReviewRow, error) {
	dept := ""
	if len(e.Passages) > 0 {
		err := tx.QueryRowContext(ctx, `SELECT department FROM articles WHERE id = ?`, e.Passages[0].ArticleID).Scan(&dept)
		if err != nil && err != sql.ErrNoRows {
			return knowledge.ReviewRow{}, dbErr("read the department of the suggestion set", err)
		}
	}
	return knowledge.NewReviewRow(e, dept), nil
}

const reviewColumns = `set_id, request_id, at, agent, department, provider, model, outcome, option_index, edit_distance,
	reply_len, heavy, unverified, reason, events, articles`

func scanReviewRow(r rowScanner) (knowledge.ReviewRow, error) {
	var (
		x                       knowledge.ReviewRow
		at, outcome, reason, as string
	)
	if err := r.Scan(&x.SetID, &x.RequestID, &at, &x.Agent, &x.Department, &x.Provider, &x.Model, &outcome, &x.OptionIndex,
		&x.EditDistance, &x.ReplyLen, &x.Heavy, &x.Unverified, &reason, &x.Events, &as); err != nil {
		return x, err
	}
	x.Outcome, x.Reason = knowledge.Outcome(outcome), knowledge.DiscardReason(reason)
	var err error
	if x.At, err = parseTS(at); err != nil {
		return x, fmt.Errorf("review of %q has a damaged time: %w", x.SetID, err)
	}
	if err := json.Unmarshal([]byte(as), &x.Articles); err != nil || x.Articles == nil {
		x.Articles = []string{}
	}
	return x, nil
}

// applyReviewEvent updates the review row of ev's set in tx.
func applyReviewEvent(ctx context.Context, tx *sql.Tx, set knowledge.LedgerEntry, ev knowledge.LedgerEvent) error {
	r, err := scanReviewRow(tx.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM ledger_review WHERE set_id = ?`, set.SetID))
	if err == sql.ErrNoRows {
		if r, err = newReviewRow(ctx, tx, set); err != nil {
			return err
		}
	} else if err != nil {
		return dbErr("read the review of suggestion set "+set.SetID, err)
	}
	return putReviewRow(ctx, tx, r.Apply(set, ev))
}

// backfillLedgerReview builds the review rows of a ledger recorded before
// they existed, once.
func backfillLedgerReview(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbErr("start building the ledger review", err)
	}
	defer tx.Rollback()
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_review_backfill`).Scan(&pending); err != nil {
		return dbErr("check the ledger review", err)
	}
	if pending == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM ledger_sets ORDER BY seq`)
	if err != nil {
		return dbErr("read the ledger", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return dbErr("read the ledger", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		set, err := getLedgerSet(ctx, tx, id)
		if err != nil {
			return err
		}
		r, err := newReviewRow(ctx, tx, set)
		if err != nil {
			return err
		}
		evs, err := tx.QueryContext(ctx, `SELECT `+ledgerEventColumns+` FROM ledger_events WHERE set_id = ? ORDER BY id`, id)
		if err != nil {
			return dbErr("read the ledger", err)
		}
		for evs.Next() {
			ev, err := scanLedgerEvent(evs)
			if err != nil {
				evs.Close()
				return dbErr("read the ledger", err)
			}
			r = r.Apply(set, ev)
		}
		evs.Close()
		if err := putReviewRow(ctx, tx, r); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ledger_review_backfill`); err != nil {
		return dbErr("finish the ledger review", err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr("commit the ledger review", err)
	}
	return nil
}

// reviewWhere builds the WHERE clause of f's filters over ledger_review r.
func reviewWhere(f knowledge.ReviewFilter) (string, []any) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	if !f.Since.IsZero() {
		add("r.at >= ?", formatTS(f.Since))
	}
	if !f.Until.IsZero() {
		add("r.at < ?", formatTS(f.Until))
	}
	if f.Agent != "" {
		add("r.agent = ?", f.Agent)
	}
	if f.Department != "" {
		add("r.department = ?", f.Department)
	}
	if f.Outcome != "" {
		add("r.outcome = ?", string(f.Outcome))
	}
	if f.Provider != "" {
		add("r.provider = ?", f.Provider)
	}
	if f.Model != "" {
		add("r.model = ?", f.Model)
	}
	if f.ArticleID != "" {
		add("r.set_id IN (SELECT set_id FROM ledger_links WHERE article_id = ? AND option_index = ?)", f.ArticleID, knowledge.WholeSet)
	}
	if f.Unverified {
		add("r.unverified = 1")
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

// ReviewSets returns one page of the review list; see knowledge.LedgerReview.
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
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_review r`+where, args...).Scan(&page.Total); err != nil {
		return page, dbErr("count the review list", err)
	}
	page.Rows, err = queryAll(ctx, s.db, "read the review list", scanReviewRow,
		`SELECT `+prefixed("r.", reviewColumns)+` FROM ledger_review r`+where+reviewOrder(f)+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return knowledge.ReviewPage{Rows: []knowledge.ReviewRow{}, Total: page.Total}, err
	}
	return page, nil
}

func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
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
	rows, err := s.db.QueryContext(ctx, `SELECT `+prefixed("r.", reviewColumns)+` FROM ledger_review r`+where+` ORDER BY r.at, r.set_id`, args...)
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
	where, args := reviewWhere(f)
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.at, e.set_id, s.request_id, s.at, e.agent, s.provider, s.model, e.type,
			e.option_index, e.edit_distance, e.reason, e.comment, e.final_text, COALESCE(c.hash, '')
		FROM ledger_review r JOIN ledger_sets s ON s.id = r.set_id JOIN ledger_events e ON e.set_id = r.set_id
		LEFT JOIN ledger_chain c ON c.kind = 'event' AND c.ref = CAST(e.id AS TEXT)`+where+` ORDER BY e.id`, args...)
	if err != nil {
		return dbErr("read the ledger events", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			x                    knowledge.ExportRow
			at, setAt, typ, reas string
		)
		if err := rows.Scan(&x.EventID, &at, &x.SetID, &x.RequestID, &setAt, &x.Agent, &x.Provider, &x.Model, &typ,
			&x.OptionIndex, &x.EditDistance, &reas, &x.Comment, &x.FinalText, &x.ChainHash); err != nil {
			return dbErr("read the ledger events", err)
		}
		x.Type, x.Reason = knowledge.EventType(typ), knowledge.DiscardReason(reas)
		x.At, _ = parseTS(at)
		x.SetAt, _ = parseTS(setAt)
		if err := fn(x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return dbErr("read the ledger events", err)
	}
	return nil
}

// ReviewSet returns one set and its review row.
func (s *Store) ReviewSet(ctx context.Context, setID string) (knowledge.LedgerEntry, knowledge.ReviewRow, error) {
	if err := s.check(); err != nil {
		return knowledge.LedgerEntry{}, knowledge.ReviewRow{}, err
	}
	set, err := getLedgerSet(ctx, s.db, setID)
	if err != nil {
		return set, knowledge.ReviewRow{}, err
	}
	r, err := scanReviewRow(s.db.QueryRowContext(ctx, `SELECT `+reviewColumns+` FROM ledger_review WHERE set_id = ?`, setID))
	if err == sql.ErrNoRows {
		return set, knowledge.NewReviewRow(set, ""), nil
	}
	if err != nil {
		return set, r, dbErr("read the review of suggestion set "+setID, err)
	}
	return set, r, nil
}
