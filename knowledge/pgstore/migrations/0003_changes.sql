-- 0003: the change feed desktops follow to keep their local indexes and
-- views current. Every committed write to articles, requests, the ledger and
-- ratings adds a row to changes and sends NOTIFY concierge_changes.
--
-- seq is the durable cursor. It must grow in commit order, or a follower that
-- has read seq 6 could later find a seq 5 committed after it and miss it. So
-- the rows are written by deferred constraint triggers, which run at COMMIT,
-- under a transaction advisory lock held until the commit is visible: the
-- next transaction takes its seq only after this one is visible. The lock
-- covers only the commit itself, not the work before it.

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
	PERFORM pg_advisory_xact_lock(2026113001);
	CASE TG_TABLE_NAME
	WHEN 'articles' THEN
		id := NEW.id;
		IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status THEN
			kind := NEW.status;
		END IF;
	WHEN 'requests' THEN
		id := NEW.id;
	WHEN 'ledger_sets' THEN
		id := NEW.id; who := NEW.signed_in;
	WHEN 'ledger_events' THEN
		id := NEW.set_id; who := NEW.signed_in;
	WHEN 'article_ratings' THEN
		id := NEW.article_id;
	END CASE;
	INSERT INTO changes (seq, topic, kind, ids, signed_in) VALUES (nextval('changes_seq'), topic, kind, ARRAY[id], who);
	PERFORM pg_notify('concierge_changes', '');
	RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER articles_created AFTER INSERT ON articles DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('articles', 'created');
CREATE CONSTRAINT TRIGGER articles_changed AFTER UPDATE ON articles DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN (OLD.content_hash IS DISTINCT FROM NEW.content_hash)
	EXECUTE FUNCTION concierge_record_change('articles', 'updated');
CREATE CONSTRAINT TRIGGER requests_created AFTER INSERT ON requests DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('requests', 'created');
CREATE CONSTRAINT TRIGGER requests_changed AFTER UPDATE ON requests DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('requests', 'updated');
CREATE CONSTRAINT TRIGGER ledger_sets_recorded AFTER INSERT ON ledger_sets DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ledger', 'set');
CREATE CONSTRAINT TRIGGER ledger_events_recorded AFTER INSERT ON ledger_events DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ledger', 'event');
CREATE CONSTRAINT TRIGGER article_ratings_recorded AFTER INSERT ON article_ratings DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW EXECUTE FUNCTION concierge_record_change('ratings', 'rated');

-- Agents see the ledger changes of their own sets only, like the ledger.
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_ledger_changes ON changes FOR SELECT TO concierge_agent
	USING (topic <> 'ledger' OR signed_in = current_user);
CREATE POLICY all_changes ON changes FOR SELECT TO concierge_editor, concierge_supervisor, concierge_admin USING (true);
GRANT SELECT ON changes TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
