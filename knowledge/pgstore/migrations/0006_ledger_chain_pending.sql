-- 0006: ledger writers no longer queue behind each other's commits.
--
-- Until now every writer took the chain lock in its own transaction and
-- held it through its inserts, several round trips to the desktop and its
-- commit's disk flush, so all ledger writes of all desktops ran one at a
-- time (measured: 50 agents, record event p50 378 ms / p99 1.45 s). Now a
-- writer records its set or event and, in the same transaction, a pending
-- link: the record's canonical bytes (knowledge.LedgerEntry/LedgerEvent
-- ChainBytes). Writers take no lock, so their commits share disk flushes.
-- concierge_ledger_chain_link then appends the pending links to the chain,
-- in the order they committed as far as it can see, many per transaction
-- under the chain lock, with the hash of knowledge.ChainHash computed by
-- the server: hex(SHA-256(prev || '\n' || kind || '\n' || canonical)).
-- Desktops call it after their ledger writes (off the write's path), and
-- WalkLedgerChain calls it before reading, so a chain is verified with
-- every committed record linked; a record whose link is still pending is
-- not reported as unlinked.
--
-- Pending links are private: a person may add their own (signed with their
-- name, like the record) and see that their records are pending, never
-- read another's canonical bytes.

CREATE TABLE ledger_chain_pending (
	seq       bigserial PRIMARY KEY,
	kind      text NOT NULL CHECK (kind IN ('set', 'event')),
	ref       text NOT NULL,
	canonical bytea NOT NULL,
	signed_in text NOT NULL DEFAULT current_user,
	UNIQUE (kind, ref)
);
GRANT INSERT ON ledger_chain_pending TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT SELECT (kind, ref, signed_in) ON ledger_chain_pending TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT USAGE ON SEQUENCE ledger_chain_pending_seq_seq TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
ALTER TABLE ledger_chain_pending ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_pending ON ledger_chain_pending FOR SELECT TO concierge_agent USING (signed_in = current_user);
CREATE POLICY all_pending ON ledger_chain_pending FOR SELECT TO concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY record_pending ON ledger_chain_pending FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin WITH CHECK (signed_in = current_user);

-- concierge_ledger_chain_link appends every pending link it can see to the
-- chain and returns how many; with wait false it returns -1 at once when
-- another transaction holds the chain lock (that one, or the next call,
-- links them). It must run in READ COMMITTED: the pending links and the
-- tail are read after the lock is taken, so the chain stays one line.
CREATE FUNCTION concierge_ledger_chain_link(wait boolean) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
	prev text;
	p    record;
	n    integer := 0;
BEGIN
	IF wait THEN
		PERFORM pg_advisory_xact_lock(2026113012);
	ELSIF NOT pg_try_advisory_xact_lock(2026113012) THEN
		RETURN -1;
	END IF;
	prev := COALESCE((SELECT hash FROM ledger_chain ORDER BY seq DESC LIMIT 1), '');
	FOR p IN SELECT seq, kind, ref, canonical, signed_in FROM ledger_chain_pending ORDER BY seq LOOP
		prev := encode(sha256(convert_to(prev || E'\n' || p.kind || E'\n', 'UTF8') || p.canonical), 'hex');
		INSERT INTO ledger_chain (kind, ref, hash, signed_in) VALUES (p.kind, p.ref, prev, p.signed_in);
		DELETE FROM ledger_chain_pending WHERE seq = p.seq;
		n := n + 1;
	END LOOP;
	RETURN n;
END $$;
REVOKE ALL ON FUNCTION concierge_ledger_chain_link(boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION concierge_ledger_chain_link(boolean)
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
