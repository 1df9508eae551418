package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"concierge/knowledge"
)

var _ knowledge.LedgerChain = (*Store)(nil)

// migrationLedgerChain (appended to migrations) adds the hash chain over
// the suggestion ledger; see knowledge/ledgerchain.go. Links are
// append-only like the ledger. ledger_chain_backfill holds one row until
// the records stored before the chain existed have been linked (by
// backfillLedgerChain, in Go, right after migrating).
const migrationLedgerChain = `CREATE TABLE ledger_chain (
		seq  INTEGER PRIMARY KEY,
		kind TEXT NOT NULL,
		ref  TEXT NOT NULL,
		hash TEXT NOT NULL,
		UNIQUE (kind, ref)
	);
	CREATE TRIGGER ledger_chain_no_update BEFORE UPDATE ON ledger_chain
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_chain_no_delete BEFORE DELETE ON ledger_chain
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TABLE ledger_chain_backfill (pending INTEGER NOT NULL);
	INSERT INTO ledger_chain_backfill (pending) VALUES (1);`

// appendChain links one record at the end of the chain. It runs inside the
// write transaction that stores the record; SQLite transactions here take
// the write lock at BEGIN (_txlock=immediate), so writers are serialised
// and the chain stays one line.
func appendChain(ctx context.Context, tx *sql.Tx, kind knowledge.ChainKind, ref string, canonical []byte) error {
	var prev string
	err := tx.QueryRowContext(ctx, `SELECT hash FROM ledger_chain ORDER BY seq DESC LIMIT 1`).Scan(&prev)
	if err != nil && err != sql.ErrNoRows {
		return dbErr("read the ledger chain", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_chain (kind, ref, hash) VALUES (?, ?, ?)`,
		string(kind), ref, knowledge.ChainHash(prev, kind, canonical)); err != nil {
		return dbErr("extend the ledger chain", err)
	}
	return nil
}

// backfillLedgerChain links the records stored before the chain existed,
// oldest first (sets before the events of the same instant), once.
func backfillLedgerChain(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbErr("start linking the ledger chain", err)
	}
	defer tx.Rollback()
	var pending int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM ledger_chain_backfill`).Scan(&pending); err != nil {
		return dbErr("check the ledger chain", err)
	}
	if pending == 0 {
		return nil
	}
	type rec struct {
		kind knowledge.ChainKind
		ref  string
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, ref FROM (
			SELECT 'set' AS kind, id AS ref, at, 0 AS k, seq AS n FROM ledger_sets
			UNION ALL SELECT 'event', CAST(id AS TEXT), at, 1, id FROM ledger_events)
		ORDER BY at, k, n`)
	if err != nil {
		return dbErr("read the ledger to link it", err)
	}
	var recs []rec
	for rows.Next() {
		var r rec
		if err := rows.Scan(&r.kind, &r.ref); err != nil {
			rows.Close()
			return dbErr("read the ledger to link it", err)
		}
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return dbErr("read the ledger to link it", err)
	}
	for _, r := range recs {
		var canon []byte
		if r.kind == knowledge.ChainSet {
			e, err := getLedgerSet(ctx, tx, r.ref)
			if err != nil {
				return err
			}
			canon = e.ChainBytes()
		} else {
			ev, err := scanLedgerEvent(tx.QueryRowContext(ctx, `SELECT `+ledgerEventColumns+` FROM ledger_events WHERE id = ?`, r.ref))
			if err != nil {
				return dbErr("read ledger event "+r.ref, err)
			}
			canon = ev.ChainBytes()
		}
		if err := appendChain(ctx, tx, r.kind, r.ref, canon); err != nil {
			return err
		}
	}
	// The marker table has no triggers: dropping its row ends the back-fill.
	if _, err := tx.ExecContext(ctx, `DELETE FROM ledger_chain_backfill`); err != nil {
		return dbErr("finish linking the ledger chain", err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr("commit the ledger chain", err)
	}
	return nil
}

const ledgerEventColumns = `id, set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment`

func scanLedgerEvent(r rowScanner) (knowledge.LedgerEvent, error) {
	var (
		e               knowledge.LedgerEvent
		at, typ, reason string
	)
	if err := r.Scan(&e.ID, &e.SetID, &at, &e.Agent, &typ, &e.OptionIndex, &e.FinalText, &e.EditDistance, &reason, &e.Comment); err != nil {
		return e, err
	}
	e.Type, e.Reason = knowledge.EventType(typ), knowledge.DiscardReason(reason)
	var err error
	if e.At, err = parseTS(at); err != nil {
		return e, fmt.Errorf("ledger event %d has a damaged time: %w", e.ID, err)
	}
	return e, nil
}

// WalkLedgerChain calls fn for every link in order with the record it
// covers as stored now, then for every record without a link; see
// knowledge.LedgerChain.
func (s *Store) WalkLedgerChain(ctx context.Context, fn func(knowledge.ChainLink) error) error {
	if err := s.check(); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return dbErr("read the ledger chain", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT c.seq, c.kind, c.ref, c.hash,
			s.id IS NOT NULL, COALESCE(s.id, ''), COALESCE(s.request_id, ''), COALESCE(s.agent, ''), COALESCE(s.at, ''),
			COALESCE(s.provider, ''), COALESCE(s.model, ''), COALESCE(s.prompt_hash, ''), COALESCE(s.passages, ''), COALESCE(s.options, ''),
			e.id IS NOT NULL, COALESCE(e.id, 0), COALESCE(e.set_id, ''), COALESCE(e.at, ''), COALESCE(e.agent, ''), COALESCE(e.type, ''),
			COALESCE(e.option_index, 0), COALESCE(e.final_text, ''), COALESCE(e.edit_distance, 0), COALESCE(e.reason, ''), COALESCE(e.comment, '')
		FROM ledger_chain c
		LEFT JOIN ledger_sets s ON c.kind = 'set' AND s.id = c.ref
		LEFT JOIN ledger_events e ON c.kind = 'event' AND e.id = CAST(c.ref AS INTEGER)
		ORDER BY c.seq`)
	if err != nil {
		return dbErr("read the ledger chain", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			l                               knowledge.ChainLink
			kind                            string
			hasSet, hasEvent                bool
			set                             knowledge.LedgerEntry
			ev                              knowledge.LedgerEvent
			setAt, pass, opts, evAt, typ, r string
		)
		if err := rows.Scan(&l.Seq, &kind, &l.Ref, &l.Hash,
			&hasSet, &set.SetID, &set.RequestID, &set.Agent, &setAt, &set.Provider, &set.Model, &set.PromptHash, &pass, &opts,
			&hasEvent, &ev.ID, &ev.SetID, &evAt, &ev.Agent, &typ, &ev.OptionIndex, &ev.FinalText, &ev.EditDistance, &r, &ev.Comment); err != nil {
			return dbErr("read the ledger chain", err)
		}
		l.Kind = knowledge.ChainKind(kind)
		if hasSet {
			// A record too damaged to decode is reported as not matching
			// its hash: its fields stay as far as they decoded.
			set.At, _ = parseTS(setAt)
			_ = json.Unmarshal([]byte(pass), &set.Passages)
			_ = json.Unmarshal([]byte(opts), &set.Options)
			l.Set = &set
		}
		if hasEvent {
			ev.At, _ = parseTS(evAt)
			ev.Type, ev.Reason = knowledge.EventType(typ), knowledge.DiscardReason(r)
			l.Event = &ev
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return dbErr("read the ledger chain", err)
	}
	rows.Close()
	unlinked, err := tx.QueryContext(ctx, `SELECT 'set', id FROM ledger_sets s
			WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.kind = 'set' AND c.ref = s.id)
		UNION ALL SELECT 'event', CAST(id AS TEXT) FROM ledger_events e
			WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.kind = 'event' AND c.ref = CAST(e.id AS TEXT))`)
	if err != nil {
		return dbErr("read the ledger chain", err)
	}
	defer unlinked.Close()
	for unlinked.Next() {
		var kind, ref string
		if err := unlinked.Scan(&kind, &ref); err != nil {
			return dbErr("read the ledger chain", err)
		}
		if err := fn(knowledge.ChainLink{Kind: knowledge.ChainKind(kind), Ref: ref}); err != nil {
			return err
		}
	}
	if err := unlinked.Err(); err != nil {
		return dbErr("read the ledger chain", err)
	}
	return nil
}

// eventRef is an event's chain reference.
func eventRef(id int64) string { return strconv.FormatInt(id, 10) }
