-- 0004: the request lifecycle (issue 11). The new statuses (old rows are
-- mapped: open → new, or in-progress when an agent replied;
-- waiting-on-department → waiting-on-internal), an append-only timeline per
-- request, each request's working state (owner, next step, departments,
-- citations, procedure plan), agents' reminders and customer profiles.
-- Whoever may read requests reads their timelines, states and profiles
-- (as with requests: no row-level security); agents, supervisors and admins
-- write them. A reminder belongs to its agent: row-level security keeps it
-- visible and writable to that agent only.

UPDATE requests SET status = CASE WHEN EXISTS (SELECT 1 FROM request_messages m
	WHERE m.request_id = requests.id AND m.author = 'agent') THEN 'in-progress' ELSE 'new' END
	WHERE status = 'open';
UPDATE requests SET status = 'waiting-on-internal' WHERE status = 'waiting-on-department';

CREATE TABLE request_events (
	request_id text NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	seq        integer NOT NULL,
	kind       text NOT NULL,
	at         timestamptz NOT NULL,
	data       jsonb NOT NULL,
	signed_in  text NOT NULL DEFAULT current_user,
	PRIMARY KEY (request_id, seq)
);

CREATE TABLE request_states (
	request_id text PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
	assignee   text NOT NULL DEFAULT '',
	next_due   timestamptz,
	data       jsonb NOT NULL,
	updated_at timestamptz NOT NULL,
	version    integer NOT NULL,
	signed_in  text NOT NULL DEFAULT current_user
);
CREATE INDEX request_states_assignee ON request_states (assignee);

CREATE TABLE reminders (
	seq        bigserial PRIMARY KEY,
	id         text NOT NULL UNIQUE,
	request_id text NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	agent      text NOT NULL,
	text       text NOT NULL,
	due        timestamptz NOT NULL,
	source     text NOT NULL,
	created_at timestamptz NOT NULL,
	done_at    timestamptz,
	snoozes    integer NOT NULL DEFAULT 0,
	version    integer NOT NULL,
	signed_in  text NOT NULL DEFAULT current_user,
	signed_in_role text NOT NULL DEFAULT ''
);
CREATE INDEX reminders_due ON reminders (agent, due) WHERE done_at IS NULL;
CREATE INDEX reminders_request ON reminders (request_id);

CREATE TABLE customer_profiles (
	contact_key text PRIMARY KEY,
	data        jsonb NOT NULL,
	updated_at  timestamptz NOT NULL,
	version     integer NOT NULL,
	signed_in   text NOT NULL DEFAULT current_user
);

-- Reminders are stamped with the signed-in person's name (admins keep the
-- name they give, as for the ledger).
CREATE TRIGGER reminders_stamp BEFORE INSERT ON reminders
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('agent');

GRANT SELECT ON request_events, request_states, customer_profiles
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
-- The timeline is append-only for everyone but the owner of the tables.
GRANT INSERT ON request_events TO concierge_agent, concierge_supervisor, concierge_admin;
GRANT INSERT, UPDATE ON request_states, customer_profiles TO concierge_agent, concierge_supervisor, concierge_admin;
GRANT SELECT, INSERT, UPDATE ON reminders TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT USAGE ON SEQUENCE reminders_seq_seq TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;

ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_reminders ON reminders FOR ALL
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	USING (agent = current_user) WITH CHECK (agent = current_user);

-- Other desktops refresh a request whose timeline or state changed.
CREATE FUNCTION concierge_record_request_life() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
	INSERT INTO changes (seq, topic, kind, ids) VALUES (nextval('changes_seq'), 'requests', 'updated', ARRAY[NEW.request_id]);
	RETURN NULL;
END $$;
CREATE TRIGGER request_events_recorded AFTER INSERT ON request_events
	FOR EACH ROW EXECUTE FUNCTION concierge_record_request_life();
