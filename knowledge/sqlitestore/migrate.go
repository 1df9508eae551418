package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order, each in its own transaction; migration i
// (0-based) brings the schema to version i+1. Never edit a released step:
// append a new one.
var migrations = []string{
	// 1: articles, their append-only history and small settings.
	`CREATE TABLE articles (
		id           TEXT PRIMARY KEY,
		title        TEXT NOT NULL,
		body         TEXT NOT NULL,
		department   TEXT NOT NULL DEFAULT '',
		tags         TEXT NOT NULL DEFAULT '[]',
		language     TEXT NOT NULL,
		audience     TEXT NOT NULL,
		status       TEXT NOT NULL,
		owner        TEXT NOT NULL DEFAULT '',
		review_by    TEXT NOT NULL DEFAULT '',
		updated_at   TEXT NOT NULL,
		version      INTEGER NOT NULL,
		content_hash TEXT NOT NULL,
		source       TEXT NOT NULL DEFAULT '',
		source_path  TEXT NOT NULL DEFAULT '',
		extra        TEXT NOT NULL DEFAULT ''
	);
	CREATE TABLE article_versions (
		article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
		version    INTEGER NOT NULL,
		snapshot   TEXT NOT NULL,
		author     TEXT NOT NULL DEFAULT '',
		message    TEXT NOT NULL DEFAULT '',
		at         TEXT NOT NULL,
		PRIMARY KEY (article_id, version)
	);
	CREATE TRIGGER article_versions_append_only BEFORE UPDATE ON article_versions
	BEGIN SELECT RAISE(ABORT, 'article history is append-only'); END;
	CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);`,
	// 2: the query log and list indexes.
	`CREATE TABLE query_log (
		id        INTEGER PRIMARY KEY AUTOINCREMENT,
		at        TEXT NOT NULL,
		query     TEXT NOT NULL,
		mode      TEXT NOT NULL DEFAULT '',
		results   INTEGER NOT NULL DEFAULT 0,
		top_score REAL NOT NULL DEFAULT 0,
		source    TEXT NOT NULL DEFAULT '',
		filters   TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX articles_status ON articles(status);
	CREATE INDEX articles_source ON articles(source, source_path);`,
	// 3: support requests with their conversation and a trigram full-text
	// index (external content, kept in sync by triggers), the append-only
	// suggestion ledger, append-only article ratings, and a query log index
	// for gap reports.
	`CREATE TABLE requests (
		seq                  INTEGER PRIMARY KEY,
		id                   TEXT NOT NULL UNIQUE,
		subject              TEXT NOT NULL,
		channel              TEXT NOT NULL,
		status               TEXT NOT NULL,
		customer_name        TEXT NOT NULL DEFAULT '',
		customer_contact     TEXT NOT NULL DEFAULT '',
		contact_key          TEXT NOT NULL DEFAULT '',
		customer_preferences TEXT NOT NULL DEFAULT '',
		customer_notes       TEXT NOT NULL DEFAULT '',
		internal_notes       TEXT NOT NULL DEFAULT '',
		created_at           TEXT NOT NULL,
		updated_at           TEXT NOT NULL,
		version              INTEGER NOT NULL,
		message_count        INTEGER NOT NULL DEFAULT 0,
		search_text          TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX requests_updated ON requests(updated_at);
	CREATE INDEX requests_status ON requests(status, updated_at);
	CREATE INDEX requests_contact ON requests(contact_key, updated_at);
	CREATE TABLE request_messages (
		request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
		seq        INTEGER NOT NULL,
		author     TEXT NOT NULL,
		agent_name TEXT NOT NULL DEFAULT '',
		at         TEXT NOT NULL,
		text       TEXT NOT NULL,
		PRIMARY KEY (request_id, seq)
	);
	CREATE VIRTUAL TABLE requests_fts USING fts5(
		search_text, content='requests', content_rowid='seq', tokenize='trigram'
	);
	CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests BEGIN
		INSERT INTO requests_fts(rowid, search_text) VALUES (new.seq, new.search_text);
	END;
	CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
		INSERT INTO requests_fts(requests_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
	END;
	CREATE TRIGGER requests_fts_update AFTER UPDATE ON requests BEGIN
		INSERT INTO requests_fts(requests_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
		INSERT INTO requests_fts(rowid, search_text) VALUES (new.seq, new.search_text);
	END;

	CREATE TABLE ledger_sets (
		seq         INTEGER PRIMARY KEY,
		id          TEXT NOT NULL UNIQUE,
		request_id  TEXT NOT NULL DEFAULT '',
		agent       TEXT NOT NULL,
		at          TEXT NOT NULL,
		provider    TEXT NOT NULL,
		model       TEXT NOT NULL DEFAULT '',
		prompt_hash TEXT NOT NULL DEFAULT '',
		passages    TEXT NOT NULL,
		options     TEXT NOT NULL
	);
	CREATE INDEX ledger_sets_at ON ledger_sets(at);
	CREATE INDEX ledger_sets_request ON ledger_sets(request_id, at);
	CREATE INDEX ledger_sets_agent ON ledger_sets(agent, at);
	CREATE TABLE ledger_links (
		set_id       TEXT NOT NULL REFERENCES ledger_sets(id),
		option_index INTEGER NOT NULL,
		article_id   TEXT NOT NULL,
		PRIMARY KEY (set_id, option_index, article_id)
	);
	CREATE INDEX ledger_links_article ON ledger_links(article_id);
	CREATE TABLE ledger_events (
		id            INTEGER PRIMARY KEY AUTOINCREMENT,
		set_id        TEXT NOT NULL REFERENCES ledger_sets(id),
		at            TEXT NOT NULL,
		agent         TEXT NOT NULL,
		type          TEXT NOT NULL,
		option_index  INTEGER NOT NULL,
		final_text    TEXT NOT NULL DEFAULT '',
		edit_distance INTEGER NOT NULL DEFAULT 0,
		reason        TEXT NOT NULL DEFAULT '',
		comment       TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX ledger_events_set ON ledger_events(set_id, id);
	CREATE TRIGGER ledger_sets_no_update BEFORE UPDATE ON ledger_sets
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_sets_no_delete BEFORE DELETE ON ledger_sets
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_links_no_update BEFORE UPDATE ON ledger_links
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_links_no_delete BEFORE DELETE ON ledger_links
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_events_no_update BEFORE UPDATE ON ledger_events
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;
	CREATE TRIGGER ledger_events_no_delete BEFORE DELETE ON ledger_events
	BEGIN SELECT RAISE(ABORT, 'the suggestion ledger is append-only'); END;

	CREATE TABLE article_ratings (
		seq             INTEGER PRIMARY KEY,
		id              TEXT NOT NULL UNIQUE,
		article_id      TEXT NOT NULL,
		article_version INTEGER NOT NULL,
		agent           TEXT NOT NULL,
		at              TEXT NOT NULL,
		verdict         TEXT NOT NULL,
		comment         TEXT NOT NULL DEFAULT '',
		request_id      TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX article_ratings_article ON article_ratings(article_id, at);
	CREATE INDEX article_ratings_verdict ON article_ratings(verdict, at);
	CREATE TRIGGER article_ratings_no_update BEFORE UPDATE ON article_ratings
	BEGIN SELECT RAISE(ABORT, 'article ratings are append-only'); END;
	CREATE TRIGGER article_ratings_no_delete BEFORE DELETE ON article_ratings
	BEGIN SELECT RAISE(ABORT, 'article ratings are append-only'); END;

	CREATE INDEX query_log_at ON query_log(at);`,
	// 4: editor drafts autosaved between versions (one per article and
	// author; the key "" is a new, not yet created article).
	`CREATE TABLE article_autosaves (
		article_id TEXT NOT NULL,
		author     TEXT NOT NULL,
		data       TEXT NOT NULL,
		at         TEXT NOT NULL,
		PRIMARY KEY (article_id, author)
	);`,
	// 5: the request lifecycle (issue 11): the new statuses, an append-only
	// timeline, each request's working state, agents' reminders and
	// customer profiles (see lifecycle.go).
	lifecycleMigration,
	// 6: the hash chain over the suggestion ledger (ledgerchain.go).
	migrationLedgerChain,
	// 7: the supervisor review's rows, one per suggestion set (ledgerreview.go).
	migrationLedgerReview,
	// 8: revisions of published articles waiting for review (revisions.go).
	migrationRevisions,
	// 9: no change to the tables: from here on an article's body may be
	// stored by reference to its version snapshot (bodyref.go). An older
	// Concierge would read the 3-byte reference as the body and show or
	// save it; the step makes it refuse the database ("update Concierge").
	migrationBodyRef,
}

// readableSchema is the oldest schema OpenReadOnly reads as it is: step 9
// changes nothing that reading a database written before it needs.
const readableSchema = 8

// migrate applies the steps the database has not seen yet. Each step checks
// and records its version inside its own IMMEDIATE transaction, so two
// processes opening a fresh file at once apply every step exactly once.
func migrate(ctx context.Context, db *sql.DB, steps []string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
	)`); err != nil {
		return dbErr("prepare schema migrations", err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return dbErr("read the schema version", err)
	}
	if current > len(steps) {
		return fmt.Errorf("the database has schema version %d but this Concierge only knows up to %d; update Concierge", current, len(steps))
	}
	for i, step := range steps {
		version := i + 1
		if version <= current {
			continue
		}
		if err := applyStep(ctx, db, version, step); err != nil {
			return err
		}
	}
	return nil
}

func applyStep(ctx context.Context, db *sql.DB, version int, step string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return dbErr(fmt.Sprintf("start schema migration %d", version), err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return dbErr(fmt.Sprintf("check schema migration %d", version), err)
	}
	if n > 0 { // another process applied it meanwhile
		return nil
	}
	if _, err := tx.ExecContext(ctx, step); err != nil {
		return dbErr(fmt.Sprintf("apply schema migration %d", version), err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version) VALUES (?)`, version); err != nil {
		return dbErr(fmt.Sprintf("record schema migration %d", version), err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr(fmt.Sprintf("commit schema migration %d", version), err)
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, dbErr("read the schema version", err)
	}
	return v, nil
}
