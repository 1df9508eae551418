-- 0003: the change feed desktops follow to keep their local indexes and
-- views current. Every committed write to articles, requests, the ledger and
-- ratings adds a row to changes. The writer (pgstore) sends NOTIFY
-- concierge_changes after its commit, in a transaction of its own: a NOTIFY
-- inside the writing transaction would take the server's notify lock
-- through that transaction's commit flush and serialise every write.
-- Followers also re-read on a timer, so a missed notification only delays.
--
-- seq is the durable cursor, taken when the row is written, so writers
-- never wait for each other. Sequence numbers do not become visible in
-- order, though: a transaction still running may hold seq 5 while seq 6 is
-- committed, or roll back and leave 5 unused. Readers (pgstore's
-- readChanges) therefore deliver a gap-free run, and pass a gap only when
-- it is final: every seq up to the sequence's last value L was taken by a
-- transaction that already had its id when L was read, so once the oldest
-- running transaction is younger than an id taken right after reading L,
-- the gaps up to L will never fill.

CREATE SEQUENCE changes_seq;
CREATE TABLE changes (
	seq       bigint PRIMARY KEY,
	topic     text NOT NULL,
	kind      text NOT NULL,
	ids       text[] NOT NULL,
	at        timestamptz NOT NULL DEFAULT clock_timestamp(),
	signed_in text NOT NULL DEFAULT ''
);

CREATE FUNCTION concierge_record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
	topic text := TG_ARGV[0];
	kind  text := TG_ARGV[1];
	id    text;
	who   text := '';
BEGIN
	-- Topics and kinds are those of knowledge.Change.
	CASE TG_TABLE_NAME
	WHEN 'articles' THEN
		id := NEW.id;
		IF TG_OP = 'UPDATE' THEN
			kind := CASE
				WHEN OLD.status IS NOT DISTINCT FROM NEW.status THEN 'saved'
				WHEN NEW.status IN ('published', 'archived') THEN NEW.status
				ELSE 'status' END;
		END IF;
	WHEN 'requests' THEN
		id := NEW.id;
		IF TG_OP = 'UPDATE' AND NEW.message_count > OLD.message_count AND NEW.status = OLD.status
			AND NEW.subject = OLD.subject AND NEW.internal_notes = OLD.internal_notes THEN
			kind := 'message';
		END IF;
	WHEN 'ledger_sets' THEN
		id := NEW.id; who := NEW.signed_in;
	WHEN 'ledger_events' THEN
		id := NEW.set_id; who := NEW.signed_in;
	WHEN 'article_ratings' THEN
		id := NEW.article_id;
	END CASE;
	INSERT INTO changes (seq, topic, kind, ids, signed_in) VALUES (nextval('changes_seq'), topic, kind, ARRAY[id], who);
	RETURN NULL;
END $$;

CREATE TRIGGER articles_created AFTER INSERT ON articles
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('articles', 'created');
CREATE TRIGGER articles_changed AFTER UPDATE ON articles
	FOR EACH ROW WHEN (OLD.content_hash IS DISTINCT FROM NEW.content_hash)
	EXECUTE FUNCTION concierge_record_change('articles', 'updated');
CREATE TRIGGER requests_created AFTER INSERT ON requests
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('requests', 'created');
CREATE TRIGGER requests_changed AFTER UPDATE ON requests
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('requests', 'updated');
CREATE TRIGGER ledger_sets_recorded AFTER INSERT ON ledger_sets
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ledger', 'set');
CREATE TRIGGER ledger_events_recorded AFTER INSERT ON ledger_events
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ledger', 'event');
CREATE TRIGGER article_ratings_recorded AFTER INSERT ON article_ratings
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ledger', 'rating');

-- Desktops read the feed through change_feed, never the table: every row
-- is listed for everyone (so a reader meets no gap it cannot explain), but
-- an agent does not learn which suggestion sets other agents recorded — the
-- ids of their ledger changes are hidden, like the ledger itself.
CREATE VIEW change_feed WITH (security_barrier) AS
	SELECT seq, topic, kind,
		CASE WHEN topic = 'ledger' AND signed_in <> current_user AND concierge_current_role() = 'agent'
			THEN '{}'::text[] ELSE ids END AS ids,
		at
	FROM changes;
GRANT SELECT ON change_feed, changes_seq TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
