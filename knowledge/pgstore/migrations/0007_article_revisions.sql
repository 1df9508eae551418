-- 0007: revisions of published articles waiting for review (issue 10).
-- An edit of a published article is kept here, at most one per article,
-- while the live article stays unchanged; approving it publishes it as the
-- next version and removes the row in one transaction. Editors and admins
-- write revisions and approve them (approving writes the article, which
-- only they may); supervisors read them and may send them back with a note;
-- agents see none of it. The author is stamped with the signed-in person,
-- as for article versions. Every write adds an 'articles'/'revision'
-- change to the feed, so other desktops refresh their review lists.

CREATE TABLE article_revisions (
	article_id     text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	base_version   integer NOT NULL,
	snapshot       jsonb NOT NULL,
	author         text NOT NULL DEFAULT '',
	message        text NOT NULL DEFAULT '',
	state          text NOT NULL CHECK (state IN ('pending', 'sent-back')),
	reviewer       text NOT NULL DEFAULT '',
	note           text NOT NULL DEFAULT '',
	seq            integer NOT NULL,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL,
	signed_in      text NOT NULL DEFAULT current_user,
	signed_in_role text NOT NULL DEFAULT ''
);

CREATE TRIGGER article_revisions_stamp BEFORE INSERT ON article_revisions
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('author');

CREATE FUNCTION concierge_record_revision_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE id text;
BEGIN
	IF TG_OP = 'DELETE' THEN id := OLD.article_id; ELSE id := NEW.article_id; END IF;
	INSERT INTO changes (seq, topic, kind, ids) VALUES (nextval('changes_seq'), 'articles', 'revision', ARRAY[id]);
	RETURN NULL;
END $$;

CREATE TRIGGER article_revisions_changed AFTER INSERT OR UPDATE OR DELETE ON article_revisions
	FOR EACH ROW EXECUTE FUNCTION concierge_record_revision_change();

GRANT SELECT ON article_revisions TO concierge_editor, concierge_supervisor, concierge_admin;
GRANT INSERT, UPDATE, DELETE ON article_revisions TO concierge_editor, concierge_admin;
GRANT UPDATE (state, reviewer, note, seq, updated_at) ON article_revisions TO concierge_supervisor;
