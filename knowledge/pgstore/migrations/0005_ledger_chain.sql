-- 0005: the hash chain over the suggestion ledger (see
-- knowledge/ledgerchain.go). Every suggestion set and event gets one link,
-- appended by the store in the transaction that records it while holding
-- the ledger chain advisory lock, so concurrent desktops keep one chain.
-- Links are append-only. An agent reads only the links of its own records
-- (like the ledger itself) but every writer needs the hash of the last
-- link: concierge_ledger_chain_tail returns it with the owner's rights.
-- Records stored before this step are linked by the migration code in Go
-- (ledger_chain_backfill holds one row until then).

CREATE TABLE ledger_chain (
	seq       bigserial PRIMARY KEY,
	kind      text NOT NULL CHECK (kind IN ('set', 'event')),
	ref       text NOT NULL,
	hash      text NOT NULL,
	signed_in text NOT NULL DEFAULT current_user,
	UNIQUE (kind, ref)
);

CREATE TABLE ledger_chain_backfill (pending integer NOT NULL);
INSERT INTO ledger_chain_backfill (pending) VALUES (1);

CREATE TRIGGER ledger_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_chain
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('the suggestion ledger is append-only');

GRANT SELECT, INSERT ON ledger_chain TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT USAGE ON SEQUENCE ledger_chain_seq_seq TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;

ALTER TABLE ledger_chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_links ON ledger_chain FOR SELECT TO concierge_agent USING (signed_in = current_user);
CREATE POLICY all_links ON ledger_chain FOR SELECT TO concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY record_links ON ledger_chain FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin WITH CHECK (signed_in = current_user);

CREATE FUNCTION concierge_ledger_chain_tail() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	SELECT hash FROM ledger_chain ORDER BY seq DESC LIMIT 1
$$;
REVOKE ALL ON FUNCTION concierge_ledger_chain_tail() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION concierge_ledger_chain_tail() TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
