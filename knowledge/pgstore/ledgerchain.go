package pgstore

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

var _ knowledge.LedgerChain = (*Store)(nil)

// ledgerChainLock is the advisory lock key held (until the transaction
// ends) while appending to the ledger chain, so links are appended one at a
// time in one line: by concierge_ledger_chain_link (the same key, see
// migrations/0006_ledger_chain_pending.sql) and by the back-fill below.
const ledgerChainLock = 2026113012

// lockLedgerChain takes the chain lock for the rest of tx.
func lockLedgerChain(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, ledgerChainLock); err != nil {
		return dbErr("wait for the ledger chain", err)
	}
	return nil
}

// appendChain links one record at the end of the chain; the caller holds
// the chain lock in tx.
func appendChain(ctx context.Context, tx pgx.Tx, kind knowledge.ChainKind, ref string, canonical []byte) error {
	var prev *string
	if err := tx.QueryRow(ctx, `SELECT concierge_ledger_chain_tail()`).Scan(&prev); err != nil {
		return dbErr("read the ledger chain", err)
	}
	p := ""
	if prev != nil {
		p = *prev
	}
	if _, err := tx.Exec(ctx, `INSERT INTO ledger_chain (kind, ref, hash) VALUES ($1, $2, $3)`,
		string(kind), ref, knowledge.ChainHash(p, kind, canonical)); err != nil {
		return dbErr("extend the ledger chain", err)
	}
	return nil
}

// backfillLedgerChain links the records stored before the chain existed,
// oldest first, once; it runs as the owner right after migrating.
func backfillLedgerChain(ctx context.Context, conn *pgx.Conn) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var pending int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM ledger_chain_backfill`).Scan(&pending); err != nil {
			return dbErr("check the ledger chain", err)
		}
		if pending == 0 {
			return nil
		}
		if err := lockLedgerChain(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT kind, ref FROM (
				SELECT 'set' AS kind, id AS ref, at, 0 AS k, seq AS n FROM ledger_sets
				UNION ALL SELECT 'event', id::text, at, 1, id FROM ledger_events) r
			ORDER BY at, k, n`)
		if err != nil {
			return dbErr("read the ledger to link it", err)
		}
		type rec struct{ kind, ref string }
		recs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (rec, error) {
			var x rec
			return x, r.Scan(&x.kind, &x.ref)
		})
		if err != nil {
			return dbErr("read the ledger to link it", err)
		}
		for _, r := range recs {
			var canon []byte
			if r.kind == string(knowledge.ChainSet) {
				e, err := getLedgerSet(ctx, tx, r.ref)
				if err != nil {
					return err
				}
				canon = e.ChainBytes()
			} else {
				ev, err := scanLedgerEvent(tx.QueryRow(ctx, `SELECT `+ledgerEventColumns+` FROM ledger_events WHERE id = $1::bigint`, r.ref))
				if err != nil {
					return dbErr("read ledger event "+r.ref, err)
				}
				canon = ev.ChainBytes()
			}
			if err := appendChain(ctx, tx, knowledge.ChainKind(r.kind), r.ref, canon); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM ledger_chain_backfill`); err != nil {
			return dbErr("finish linking the ledger chain", err)
		}
		return nil
	})
}

const ledgerEventColumns = `id, set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment`

func scanLedgerEvent(r pgx.Row) (knowledge.LedgerEvent, error) {
	var (
		e           knowledge.LedgerEvent
		typ, reason string
	)
	if err := r.Scan(&e.ID, &e.SetID, &e.At, &e.Agent, &typ, &e.OptionIndex, &e.FinalText, &e.EditDistance, &reason, &e.Comment); err != nil {
		return e, err
	}
	e.Type, e.Reason, e.At = knowledge.EventType(typ), knowledge.DiscardReason(reason), e.At.UTC()
	return e, nil
}

// WalkLedgerChain calls fn for every link the signed-in person may read,
// in order, with the record it covers as stored now, then for every
// readable record without a link; see knowledge.LedgerChain.
func (s *Store) WalkLedgerChain(ctx context.Context, fn func(knowledge.ChainLink) error) error {
	if err := s.check(); err != nil {
		return err
	}
	// Every record committed so far gets its pending link first; records
	// committed after this (their links still pending) are not reported as
	// unlinked below.
	if _, err := s.linkChain(ctx, true); err != nil {
		return err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return dbErr("read the ledger chain", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, `SELECT c.seq, c.kind, c.ref, c.hash,
			s.id IS NOT NULL, COALESCE(s.id, ''), COALESCE(s.request_id, ''), COALESCE(s.agent, ''), s.at,
			COALESCE(s.provider, ''), COALESCE(s.model, ''), COALESCE(s.prompt_hash, ''), COALESCE(s.passages, '[]'), COALESCE(s.options, '[]'),
			e.id IS NOT NULL, COALESCE(e.id, 0), COALESCE(e.set_id, ''), e.at, COALESCE(e.agent, ''), COALESCE(e.type, ''),
			COALESCE(e.option_index, 0), COALESCE(e.final_text, ''), COALESCE(e.edit_distance, 0), COALESCE(e.reason, ''), COALESCE(e.comment, '')
		FROM ledger_chain c
		LEFT JOIN ledger_sets s ON c.kind = 'set' AND s.id = c.ref
		LEFT JOIN ledger_events e ON c.kind = 'event' AND e.id::text = c.ref
		ORDER BY c.seq`)
	if err != nil {
		return dbErr("read the ledger chain", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			l                knowledge.ChainLink
			kind, typ, r     string
			hasSet, hasEvent bool
			set              knowledge.LedgerEntry
			ev               knowledge.LedgerEvent
			setAt, evAt      *time.Time
			pass, opts       []byte
		)
		if err := rows.Scan(&l.Seq, &kind, &l.Ref, &l.Hash,
			&hasSet, &set.SetID, &set.RequestID, &set.Agent, &setAt, &set.Provider, &set.Model, &set.PromptHash, &pass, &opts,
			&hasEvent, &ev.ID, &ev.SetID, &evAt, &ev.Agent, &typ, &ev.OptionIndex, &ev.FinalText, &ev.EditDistance, &r, &ev.Comment); err != nil {
			return dbErr("read the ledger chain", err)
		}
		l.Kind = knowledge.ChainKind(kind)
		if hasSet {
			if setAt != nil {
				set.At = setAt.UTC()
			}
			_ = json.Unmarshal(pass, &set.Passages)
			_ = json.Unmarshal(opts, &set.Options)
			l.Set = &set
		}
		if hasEvent {
			if evAt != nil {
				ev.At = evAt.UTC()
			}
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
	unlinked, err := tx.Query(ctx, `SELECT 'set', id FROM ledger_sets s
			WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.kind = 'set' AND c.ref = s.id)
			AND NOT EXISTS (SELECT 1 FROM ledger_chain_pending p WHERE p.kind = 'set' AND p.ref = s.id)
		UNION ALL SELECT 'event', id::text FROM ledger_events e
			WHERE NOT EXISTS (SELECT 1 FROM ledger_chain c WHERE c.kind = 'event' AND c.ref = e.id::text)
			AND NOT EXISTS (SELECT 1 FROM ledger_chain_pending p WHERE p.kind = 'event' AND p.ref = e.id::text)`)
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

func eventRef(id int64) string { return strconv.FormatInt(id, 10) }
