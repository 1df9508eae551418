package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"

	"concierge/knowledge"
)

// SalvageReport tells what Salvage recovered from a damaged database.
type SalvageReport struct {
	// Articles are the recovered articles, by id: the current row when it
	// could be read, else the newest readable version from the history.
	Articles []knowledge.Article
	// FromHistory lists the ids recovered from the history only (their
	// newest edits may be missing).
	FromHistory []string
	// Unreadable counts the rows of articles and history that could not be
	// read (a lower bound when a table's size could not be read).
	Unreadable int
	// Damaged: some part of the file could not be read.
	Damaged bool
}

// salvageGap is how many rowids in a row must fail before Salvage assumes
// it is past the end of a table whose size it cannot read.
const salvageGap = 2000

// Salvage reads every article it still can from the database file at
// path, which may be damaged: it opens the file read-only without
// touching it (no migration, no journal), reads the articles one row at a
// time so that a damaged page costs only the rows on it, and fills gaps
// from the version history. It is the recovery path for ErrCorrupt:
// export what it returns, move the file aside, and import the export.
func Salvage(ctx context.Context, path string) (SalvageReport, error) {
	var rep SalvageReport
	if _, err := os.Stat(path); err != nil {
		return rep, fmt.Errorf("salvage %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("immutable", "1") // no locks, no -wal or -shm files: works on read-only media
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return rep, fmt.Errorf("salvage %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var snaps snapshotCodec
	found := map[string]knowledge.Article{}
	n1, damaged1 := eachRow(ctx, db, "articles", articleSelect+` WHERE rowid = ?`, func(r *sql.Row) error {
		a, err := scanArticle(&snaps, r)
		if err == nil {
			found[a.ID] = a
		}
		return err
	})
	history := map[string]knowledge.Article{}
	n2, damaged2 := eachRow(ctx, db, "article_versions", `SELECT snapshot FROM article_versions WHERE rowid = ?`, func(r *sql.Row) error {
		var snap []byte
		if err := r.Scan(&snap); err != nil {
			return err
		}
		var a knowledge.Article
		js, err := snaps.decode(snap)
		if err == nil {
			err = json.Unmarshal(js, &a)
		}
		if err != nil || a.ID == "" {
			return fmt.Errorf("damaged snapshot: %v", err)
		}
		if h, ok := history[a.ID]; !ok || a.Version > h.Version {
			history[a.ID] = a
		}
		return nil
	})
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	rep.Unreadable, rep.Damaged = n1+n2, damaged1 || damaged2
	for id, a := range history {
		if _, ok := found[id]; !ok {
			found[id] = a
			rep.FromHistory = append(rep.FromHistory, id)
		}
	}
	if len(found) == 0 && rep.Damaged {
		return rep, fmt.Errorf("salvage %s: %w: no article could be read", path, ErrCorrupt)
	}
	for _, a := range found {
		rep.Articles = append(rep.Articles, a)
	}
	sort.Slice(rep.Articles, func(i, j int) bool { return rep.Articles[i].ID < rep.Articles[j].ID })
	sort.Strings(rep.FromHistory)
	return rep, nil
}

// eachRow calls read for rowid 1, 2, … of table until max(rowid) or,
// when that cannot be read, until salvageGap rowids in a row are missing
// or unreadable. It returns how many rows failed to read (past the last
// readable row of a table of unknown size, failures are not counted: they
// may be rowids that never existed).
func eachRow(ctx context.Context, db *sql.DB, table, query string, read func(*sql.Row) error) (unreadable int, damaged bool) {
	var last sql.NullInt64
	known := db.QueryRowContext(ctx, `SELECT max(rowid) FROM `+table).Scan(&last) == nil
	damaged = !known
	miss, pending := 0, 0
	for id := int64(1); ctx.Err() == nil; id++ {
		if known && id > last.Int64 || !known && miss >= salvageGap {
			break
		}
		err := read(db.QueryRowContext(ctx, query, id))
		switch {
		case err == nil:
			unreadable += pending
			miss, pending = 0, 0
		case errors.Is(err, sql.ErrNoRows):
			miss++
		default:
			miss++
			pending++
			damaged = true
		}
	}
	if known {
		unreadable += pending
	}
	return unreadable, damaged
}
