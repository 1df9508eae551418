-- 0001: the system of record — articles and their append-only history,
-- small settings, the query log, requests with their conversation, the
-- append-only suggestion ledger, append-only ratings and editor autosaves.
-- Every row a person writes records who was signed in (signed_in, the
-- database role) and that person's group (signed_in_role); see 0002.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE articles (
	id           text PRIMARY KEY,
	title        text NOT NULL,
	body         text NOT NULL,
	department   text NOT NULL DEFAULT '',
	tags         text[] NOT NULL DEFAULT '{}',
	language     text NOT NULL,
	audience     text NOT NULL,
	status       text NOT NULL,
	owner        text NOT NULL DEFAULT '',
	review_by    date,
	updated_at   timestamptz NOT NULL,
	version      integer NOT NULL CHECK (version > 0),
	content_hash text NOT NULL,
	source       text NOT NULL DEFAULT '',
	source_path  text NOT NULL DEFAULT '',
	extra        jsonb
);
CREATE INDEX articles_status ON articles (status);
CREATE INDEX articles_source ON articles (source, source_path);

CREATE TABLE article_versions (
	article_id     text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version        integer NOT NULL,
	snapshot       jsonb NOT NULL,
	author         text NOT NULL DEFAULT '',
	message        text NOT NULL DEFAULT '',
	at             timestamptz NOT NULL,
	signed_in      text NOT NULL DEFAULT current_user,
	signed_in_role text NOT NULL DEFAULT '',
	PRIMARY KEY (article_id, version)
);

CREATE TABLE meta (
	key   text PRIMARY KEY,
	value text NOT NULL
);

CREATE TABLE query_log (
	id        bigserial PRIMARY KEY,
	at        timestamptz NOT NULL,
	query     text NOT NULL,
	mode      text NOT NULL DEFAULT '',
	results   integer NOT NULL DEFAULT 0,
	top_score double precision NOT NULL DEFAULT 0,
	source    text NOT NULL DEFAULT '',
	filters   text NOT NULL DEFAULT '',
	signed_in text NOT NULL DEFAULT current_user
);
CREATE INDEX query_log_at ON query_log (at);

CREATE TABLE requests (
	seq                  bigserial PRIMARY KEY,
	id                   text NOT NULL UNIQUE,
	subject              text NOT NULL,
	channel              text NOT NULL,
	status               text NOT NULL,
	customer_name        text NOT NULL DEFAULT '',
	customer_contact     text NOT NULL DEFAULT '',
	contact_key          text NOT NULL DEFAULT '',
	customer_preferences text NOT NULL DEFAULT '',
	customer_notes       text NOT NULL DEFAULT '',
	internal_notes       text NOT NULL DEFAULT '',
	created_at           timestamptz NOT NULL,
	updated_at           timestamptz NOT NULL,
	version              integer NOT NULL,
	message_count        integer NOT NULL DEFAULT 0,
	search_text          text NOT NULL DEFAULT '',
	signed_in            text NOT NULL DEFAULT current_user
);
CREATE INDEX requests_updated ON requests (updated_at);
CREATE INDEX requests_status ON requests (status, updated_at);
CREATE INDEX requests_contact ON requests (contact_key, updated_at);
CREATE INDEX requests_search ON requests USING gin (search_text gin_trgm_ops);

CREATE TABLE request_messages (
	request_id text NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
	seq        integer NOT NULL,
	author     text NOT NULL,
	agent_name text NOT NULL DEFAULT '',
	at         timestamptz NOT NULL,
	text       text NOT NULL,
	PRIMARY KEY (request_id, seq)
);

CREATE TABLE ledger_sets (
	seq            bigserial PRIMARY KEY,
	id             text NOT NULL UNIQUE,
	request_id     text NOT NULL DEFAULT '',
	agent          text NOT NULL,
	at             timestamptz NOT NULL,
	provider       text NOT NULL,
	model          text NOT NULL DEFAULT '',
	prompt_hash    text NOT NULL DEFAULT '',
	passages       jsonb NOT NULL,
	options        jsonb NOT NULL,
	signed_in      text NOT NULL DEFAULT current_user,
	signed_in_role text NOT NULL DEFAULT ''
);
CREATE INDEX ledger_sets_at ON ledger_sets (at);
CREATE INDEX ledger_sets_request ON ledger_sets (request_id, at);
CREATE INDEX ledger_sets_agent ON ledger_sets (agent, at);
CREATE INDEX ledger_sets_signed_in ON ledger_sets (signed_in);

CREATE TABLE ledger_links (
	set_id       text NOT NULL REFERENCES ledger_sets (id),
	option_index integer NOT NULL,
	article_id   text NOT NULL,
	PRIMARY KEY (set_id, option_index, article_id)
);
CREATE INDEX ledger_links_article ON ledger_links (article_id);

CREATE TABLE ledger_events (
	id             bigserial PRIMARY KEY,
	set_id         text NOT NULL REFERENCES ledger_sets (id),
	at             timestamptz NOT NULL,
	agent          text NOT NULL,
	type           text NOT NULL,
	option_index   integer NOT NULL,
	final_text     text NOT NULL DEFAULT '',
	edit_distance  integer NOT NULL DEFAULT 0,
	reason         text NOT NULL DEFAULT '',
	comment        text NOT NULL DEFAULT '',
	signed_in      text NOT NULL DEFAULT current_user,
	signed_in_role text NOT NULL DEFAULT ''
);
CREATE INDEX ledger_events_set ON ledger_events (set_id, id);

CREATE TABLE article_ratings (
	seq             bigserial PRIMARY KEY,
	id              text NOT NULL UNIQUE,
	article_id      text NOT NULL,
	article_version integer NOT NULL,
	agent           text NOT NULL,
	at              timestamptz NOT NULL,
	verdict         text NOT NULL,
	comment         text NOT NULL DEFAULT '',
	request_id      text NOT NULL DEFAULT '',
	signed_in       text NOT NULL DEFAULT current_user,
	signed_in_role  text NOT NULL DEFAULT ''
);
CREATE INDEX article_ratings_article ON article_ratings (article_id, at);
CREATE INDEX article_ratings_verdict ON article_ratings (verdict, at);

-- One autosave per person, article and author name ("" article: not yet created).
CREATE TABLE article_autosaves (
	signed_in  text NOT NULL DEFAULT current_user,
	article_id text NOT NULL,
	author     text NOT NULL,
	data       text NOT NULL,
	at         timestamptz NOT NULL,
	PRIMARY KEY (signed_in, article_id, author)
);

-- Append-only: no UPDATE, DELETE or TRUNCATE statement, whoever runs it (the
-- table owner included, short of disabling the trigger), even one that
-- would touch no row.
CREATE FUNCTION concierge_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER article_versions_append_only BEFORE UPDATE ON article_versions
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('article history is append-only');
CREATE TRIGGER ledger_sets_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_sets
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('the suggestion ledger is append-only');
CREATE TRIGGER ledger_links_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_links
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('the suggestion ledger is append-only');
CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_events
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('the suggestion ledger is append-only');
CREATE TRIGGER article_ratings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON article_ratings
	FOR EACH STATEMENT EXECUTE FUNCTION concierge_append_only('article ratings are append-only');
