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

-- The supervisor review's rows: one per suggestion set, derived from the
-- ledger (not chained) and updated by the store in the transaction of every
-- set and event (see knowledge.ReviewRow). A row is visible to whoever may
-- read its set. Rows of a ledger older than this step are built by the
-- migration code in Go (ledger_review_backfill holds one row until then).
CREATE TABLE ledger_review (
	set_id        text PRIMARY KEY REFERENCES ledger_sets (id),
	request_id    text NOT NULL,
	at            timestamptz NOT NULL,
	agent         text NOT NULL,
	department    text NOT NULL,
	provider      text NOT NULL,
	model         text NOT NULL,
	outcome       text NOT NULL,
	option_index  integer NOT NULL,
	edit_distance integer NOT NULL,
	reply_len     integer NOT NULL,
	heavy         boolean NOT NULL,
	unverified    boolean NOT NULL,
	reason        text NOT NULL,
	events        integer NOT NULL,
	articles      jsonb NOT NULL
);
CREATE INDEX ledger_review_at ON ledger_review (at);
CREATE INDEX ledger_review_agent ON ledger_review (agent, at);
CREATE INDEX ledger_review_department ON ledger_review (department, at);
CREATE INDEX ledger_review_outcome ON ledger_review (outcome, at);
CREATE TABLE ledger_review_backfill (pending integer NOT NULL);
INSERT INTO ledger_review_backfill (pending) VALUES (1);

GRANT SELECT, INSERT, UPDATE ON ledger_review TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
ALTER TABLE ledger_review ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible_review ON ledger_review FOR SELECT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	USING (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id));
CREATE POLICY record_review ON ledger_review FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	WITH CHECK (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id));
CREATE POLICY update_review ON ledger_review FOR UPDATE
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	USING (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id))
	WITH CHECK (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id));
