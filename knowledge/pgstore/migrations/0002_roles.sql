-- 0002: identity and roles, enforced by the server. Four group roles
-- (cluster-wide, created once); each person signs in as a login role that is
-- a member of exactly one of them (see concierge_create_person). Grants say
-- which tables a group may read or write; row-level security keeps an
-- agent's ledger entries to that agent. The owner of the tables (who runs
-- the migrations) and superusers count as admin.

DO $$
DECLARE g text;
BEGIN
	FOREACH g IN ARRAY ARRAY['concierge_agent', 'concierge_editor', 'concierge_supervisor', 'concierge_admin'] LOOP
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
			BEGIN
				EXECUTE format('CREATE ROLE %I NOLOGIN', g);
			EXCEPTION WHEN duplicate_object OR unique_violation THEN
				NULL; -- another database of this server created it meanwhile
			END;
		END IF;
	END LOOP;
	EXECUTE format('GRANT USAGE ON SCHEMA %I TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin', current_schema());
END $$;

-- concierge_current_role names the group of the signed-in person: admin,
-- supervisor, editor, agent, or none.
CREATE FUNCTION concierge_current_role() RETURNS text LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
	SELECT CASE
		WHEN pg_has_role(current_user, 'concierge_admin', 'MEMBER') THEN 'admin'
		WHEN current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'articles'::regclass) THEN 'admin'
		WHEN pg_has_role(current_user, 'concierge_supervisor', 'MEMBER') THEN 'supervisor'
		WHEN pg_has_role(current_user, 'concierge_editor', 'MEMBER') THEN 'editor'
		WHEN pg_has_role(current_user, 'concierge_agent', 'MEMBER') THEN 'agent'
		ELSE 'none'
	END
$$;

-- concierge_stamp_person records who wrote a row: signed_in and
-- signed_in_role always; for people who are not admins it also overwrites
-- the name column given as argument (agent, author), so nobody can record a
-- suggestion, rating or version under another person's name. Admins keep
-- the names they give (indexer migrate copies a local history).
CREATE FUNCTION concierge_stamp_person() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE r text := concierge_current_role();
BEGIN
	NEW.signed_in := current_user;
	NEW.signed_in_role := r;
	IF TG_ARGV[0] <> '' AND r <> 'admin' THEN
		NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], current_user::text));
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER article_versions_stamp BEFORE INSERT ON article_versions
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('author');
CREATE TRIGGER ledger_sets_stamp BEFORE INSERT ON ledger_sets
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('agent');
CREATE TRIGGER ledger_events_stamp BEFORE INSERT ON ledger_events
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('agent');
CREATE TRIGGER article_ratings_stamp BEFORE INSERT ON article_ratings
	FOR EACH ROW EXECUTE FUNCTION concierge_stamp_person('agent');

-- What each group may do.
GRANT SELECT ON articles, article_versions, meta, article_ratings, query_log,
	ledger_sets, ledger_links, ledger_events, requests, request_messages
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT INSERT, UPDATE ON articles, meta TO concierge_editor, concierge_admin;
GRANT INSERT ON article_versions TO concierge_editor, concierge_admin;
GRANT INSERT ON query_log, ledger_sets, ledger_links, ledger_events, article_ratings
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
GRANT INSERT, UPDATE ON requests TO concierge_agent, concierge_supervisor, concierge_admin;
GRANT INSERT, DELETE ON request_messages TO concierge_agent, concierge_supervisor, concierge_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON article_autosaves TO concierge_editor, concierge_admin;
GRANT USAGE ON SEQUENCE query_log_id_seq, requests_seq_seq, ledger_sets_seq_seq, ledger_events_id_seq, article_ratings_seq_seq
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;

-- Row-level security. An agent reads only its own suggestion sets, their
-- links and its own events; editors, supervisors and admins read all.
-- Everyone writes only rows stamped with their own name.
ALTER TABLE ledger_sets ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_sets ON ledger_sets FOR SELECT TO concierge_agent USING (signed_in = current_user);
CREATE POLICY all_sets ON ledger_sets FOR SELECT TO concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY record_sets ON ledger_sets FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin WITH CHECK (signed_in = current_user);

ALTER TABLE ledger_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible_links ON ledger_links FOR SELECT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	USING (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id));
CREATE POLICY record_links ON ledger_links FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	WITH CHECK (EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id AND s.signed_in = current_user));

ALTER TABLE ledger_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_events ON ledger_events FOR SELECT TO concierge_agent USING (signed_in = current_user);
CREATE POLICY all_events ON ledger_events FOR SELECT TO concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY record_events ON ledger_events FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin
	WITH CHECK (signed_in = current_user AND EXISTS (SELECT 1 FROM ledger_sets s WHERE s.id = set_id));

ALTER TABLE article_ratings ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_ratings ON article_ratings FOR SELECT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY record_ratings ON article_ratings FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin WITH CHECK (signed_in = current_user);

ALTER TABLE query_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_queries ON query_log FOR SELECT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin USING (true);
CREATE POLICY log_queries ON query_log FOR INSERT
	TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin WITH CHECK (signed_in = current_user);

ALTER TABLE article_autosaves ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_autosaves ON article_autosaves FOR ALL TO concierge_editor, concierge_admin
	USING (signed_in = current_user) WITH CHECK (signed_in = current_user);

-- People. Only admins may create or remove them; the functions run with the
-- rights of the schema owner, who must have CREATEROLE.
CREATE FUNCTION concierge_create_person(person text, grp text, password text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
	IF grp IS NULL OR grp NOT IN ('agent', 'editor', 'supervisor', 'admin') THEN
		RAISE EXCEPTION 'role "%" is not one of agent, editor, supervisor, admin', grp USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF person IS NULL OR person !~ '^[a-z][a-z0-9_.-]{0,62}$' OR person LIKE 'concierge\_%' OR person LIKE 'pg\_%' THEN
		RAISE EXCEPTION 'person name "%" is not valid: use lowercase letters, digits, ''_'', ''.'' and ''-'', starting with a letter, at most 63 characters', person
			USING ERRCODE = 'invalid_parameter_value';
	END IF;
	IF password IS NULL OR length(password) < 8 THEN
		RAISE EXCEPTION 'the password must have at least 8 characters' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', person, password, 'concierge_' || grp);
END $$;

CREATE FUNCTION concierge_remove_person(person text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
		WHERE r.rolname = person AND g.rolname IN ('concierge_agent', 'concierge_editor', 'concierge_supervisor', 'concierge_admin')) THEN
		RAISE EXCEPTION 'there is no person "%"', person USING ERRCODE = 'undefined_object';
	END IF;
	IF person = session_user THEN
		RAISE EXCEPTION 'you cannot remove yourself' USING ERRCODE = 'invalid_parameter_value';
	END IF;
	EXECUTE format('DROP ROLE %I', person);
END $$;

CREATE FUNCTION concierge_people() RETURNS TABLE (person text, grp text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
	SELECT r.rolname::text, substr(g.rolname, 11)::text
	FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
	WHERE g.rolname IN ('concierge_agent', 'concierge_editor', 'concierge_supervisor', 'concierge_admin') AND r.rolcanlogin
	ORDER BY 1
$$;

REVOKE ALL ON FUNCTION concierge_create_person(text, text, text), concierge_remove_person(text), concierge_people() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION concierge_create_person(text, text, text), concierge_remove_person(text), concierge_people() TO concierge_admin;
GRANT EXECUTE ON FUNCTION concierge_people() TO concierge_supervisor;

GRANT SELECT ON schema_migrations TO concierge_agent, concierge_editor, concierge_supervisor, concierge_admin;
