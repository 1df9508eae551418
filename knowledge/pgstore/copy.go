package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// CopyReport says what CopyFrom did, per kind of record: Copied were
// written now, Present were in the team database already (a re-run), and
// Conflicts are articles the team has changed differently since, which
// were left as the team has them.
type CopyReport struct {
	Articles  CopyCount `json:"articles"`
	Versions  CopyCount `json:"versions"`
	Requests  CopyCount `json:"requests"`
	Sets      CopyCount `json:"suggestionSets"`
	Events    CopyCount `json:"ledgerEvents"`
	Ratings   CopyCount `json:"ratings"`
	Conflicts []string  `json:"conflicts"`
}

// CopyCount counts the records of one kind.
type CopyCount struct {
	Copied  int `json:"copied"`
	Present int `json:"present"`
}

// CopyFrom copies a knowledge base — articles with their whole history,
// requests with their conversations, the suggestion ledger and ratings —
// from src (typically the embedded store of one desktop) into this team
// database, keeping ids, versions, times and names. It is safe to run
// again: records already present are skipped, events missing from a set
// copied before are added, nothing is duplicated. Each record is copied in
// its own transaction, so an interrupted copy resumes where it stopped.
// Only an admin (or the owner) may run it.
func (s *Store) CopyFrom(ctx context.Context, src knowledge.Stores, progress func(what string)) (CopyReport, error) {
	rep := CopyReport{Conflicts: []string{}}
	if progress == nil {
		progress = func(string) {}
	}
	if err := s.check(); err != nil {
		return rep, err
	}
	articles, err := src.List(ctx, knowledge.ListFilter{})
	if err != nil {
		return rep, fmt.Errorf("read the local articles: %w", err)
	}
	for _, a := range articles {
		progress("article " + a.ID)
		if err := s.copyArticle(ctx, src, a, &rep); err != nil {
			return rep, err
		}
	}
	reqs, err := src.ListRequests(ctx, knowledge.RequestFilter{})
	if err != nil {
		return rep, fmt.Errorf("read the local requests: %w", err)
	}
	for i := len(reqs) - 1; i >= 0; i-- { // oldest first
		progress("request " + reqs[i].ID)
		r, err := src.GetRequest(ctx, reqs[i].ID)
		if err != nil {
			return rep, fmt.Errorf("read local request %q: %w", reqs[i].ID, err)
		}
		if err := s.copyRequest(ctx, r, &rep); err != nil {
			return rep, err
		}
	}
	sets, err := src.ListSets(ctx, knowledge.LedgerFilter{})
	if err != nil {
		return rep, fmt.Errorf("read the local suggestion ledger: %w", err)
	}
	for i := len(sets) - 1; i >= 0; i-- {
		progress("suggestion set " + sets[i].SetID)
		evs, err := src.Events(ctx, sets[i].SetID)
		if err != nil {
			return rep, fmt.Errorf("read the events of local suggestion set %q: %w", sets[i].SetID, err)
		}
		if err := s.copySet(ctx, sets[i], evs, &rep); err != nil {
			return rep, err
		}
	}
	for _, a := range articles {
		rs, err := src.RatingsFor(ctx, a.ID)
		if err != nil {
			return rep, fmt.Errorf("read the local ratings of %q: %w", a.ID, err)
		}
		for i := len(rs) - 1; i >= 0; i-- {
			if err := s.copyRating(ctx, rs[i], &rep); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// copyArticle copies a's history and current state. An article the team
// database has already is left alone: counted present when it holds the
// same history, a conflict otherwise.
func (s *Store) copyArticle(ctx context.Context, src knowledge.Stores, a knowledge.Article, rep *CopyReport) error {
	vs, err := src.Versions(ctx, a.ID)
	if err != nil {
		return fmt.Errorf("read the history of local article %q: %w", a.ID, err)
	}
	return s.inTx(ctx, fmt.Sprintf("copy article %q", a.ID), func(tx pgx.Tx) error {
		var version int
		var hash string
		err := tx.QueryRow(ctx, `SELECT version, content_hash FROM articles WHERE id = $1 FOR UPDATE`, a.ID).Scan(&version, &hash)
		if err == nil {
			if version == a.Version && hash == a.ContentHash {
				rep.Articles.Present++
				rep.Versions.Present += len(vs)
			} else {
				rep.Conflicts = append(rep.Conflicts, fmt.Sprintf("article %q: the team database has version %d, this desktop version %d with other content; kept the team's", a.ID, version, a.Version))
			}
			return nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return dbErr(fmt.Sprintf("read article %q", a.ID), err)
		}
		extra, err := marshalExtra(a.Extra)
		if err != nil {
			return knowledge.InvalidArticle("article %q: extra front matter cannot be stored: %v", a.ID, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO articles (`+articleColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			a.ID, a.Title, a.Body, a.Department, nonNilSlice(a.Tags), a.Language, string(a.Audience), string(a.Status), a.Owner,
			dateOrNil(a.ReviewBy), ts(a.UpdatedAt), a.Version, a.ContentHash, a.Source, a.SourcePath, nullIfEmpty(extra)); err != nil {
			return dbErr(fmt.Sprintf("copy article %q", a.ID), err)
		}
		for i := len(vs) - 1; i >= 0; i-- {
			v := vs[i]
			snap, err := json.Marshal(v.Article)
			if err != nil {
				return knowledge.InvalidArticle("version %d of article %q cannot be stored: %v", v.Version, a.ID, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, snapshot, author, message, at)
				VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, v.Version, snap, v.Author, v.Message, ts(v.At)); err != nil {
				return dbErr(fmt.Sprintf("copy version %d of article %q", v.Version, a.ID), err)
			}
		}
		rep.Articles.Copied++
		rep.Versions.Copied += len(vs)
		return nil
	})
}

func (s *Store) copyRequest(ctx context.Context, r knowledge.SupportRequest, rep *CopyReport) error {
	return s.inTx(ctx, fmt.Sprintf("copy request %q", r.ID), func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO requests (id, subject, channel, status, customer_name,
			customer_contact, contact_key, customer_preferences, customer_notes, internal_notes,
			created_at, updated_at, version, message_count, search_text)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (id) DO NOTHING`,
			r.ID, r.Subject, string(r.Channel), string(r.Status), r.Customer.Name,
			r.Customer.Contact, knowledge.NormalizeContact(r.Customer.Contact), r.Customer.Preferences, r.Customer.Notes, r.InternalNotes,
			ts(r.CreatedAt), ts(r.UpdatedAt), r.Version, len(r.Messages), searchText(r))
		if err != nil {
			return dbErr(fmt.Sprintf("copy request %q", r.ID), err)
		}
		if tag.RowsAffected() == 0 {
			rep.Requests.Present++
			return nil
		}
		rep.Requests.Copied++
		return insertMessages(ctx, tx, r.ID, 0, r.Messages)
	})
}

// copySet copies a suggestion set when missing and the events the team
// database lacks: events are appended in order, so those present are a
// prefix of the local ones.
func (s *Store) copySet(ctx context.Context, e knowledge.LedgerEntry, evs []knowledge.LedgerEvent, rep *CopyReport) error {
	passages, err := json.Marshal(nonNilSlice(e.Passages))
	if err != nil {
		return knowledge.Errorf(knowledge.ErrInvalid, "suggestion set %q: passages cannot be stored: %v", e.SetID, err)
	}
	options, err := json.Marshal(nonNilSlice(e.Options))
	if err != nil {
		return knowledge.Errorf(knowledge.ErrInvalid, "suggestion set %q: options cannot be stored: %v", e.SetID, err)
	}
	return s.inTx(ctx, fmt.Sprintf("copy suggestion set %q", e.SetID), func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO ledger_sets (id, request_id, agent, at, provider, model, prompt_hash, passages, options)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`, e.SetID, e.RequestID, e.Agent, ts(e.At),
			e.Provider, e.Model, e.PromptHash, passages, options)
		if err != nil {
			return dbErr(fmt.Sprintf("copy suggestion set %q", e.SetID), err)
		}
		if tag.RowsAffected() == 0 {
			rep.Sets.Present++
		} else {
			rep.Sets.Copied++
			for _, l := range e.Links() {
				if _, err := tx.Exec(ctx, `INSERT INTO ledger_links (set_id, option_index, article_id) VALUES ($1, $2, $3)
					ON CONFLICT DO NOTHING`, e.SetID, l.Option, l.ArticleID); err != nil {
					return dbErr(fmt.Sprintf("copy the articles of suggestion set %q", e.SetID), err)
				}
			}
		}
		var present int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM ledger_events WHERE set_id = $1`, e.SetID).Scan(&present); err != nil {
			return dbErr(fmt.Sprintf("read the events of suggestion set %q", e.SetID), err)
		}
		rep.Events.Present += min(present, len(evs))
		for _, ev := range evs[min(present, len(evs)):] {
			if _, err := tx.Exec(ctx, `INSERT INTO ledger_events (set_id, at, agent, type, option_index, final_text, edit_distance, reason, comment)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.SetID, ts(ev.At), ev.Agent, string(ev.Type), ev.OptionIndex,
				ev.FinalText, ev.EditDistance, string(ev.Reason), ev.Comment); err != nil {
				return dbErr(fmt.Sprintf("copy an event of suggestion set %q", e.SetID), err)
			}
			rep.Events.Copied++
		}
		return nil
	})
}

func (s *Store) copyRating(ctx context.Context, r knowledge.ArticleRating, rep *CopyReport) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO article_ratings (id, article_id, article_version, agent, at, verdict, comment, request_id)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $2)
		ON CONFLICT (id) DO NOTHING`, r.ID, r.ArticleID, r.ArticleVersion, r.Agent, ts(r.At), string(r.Verdict), r.Comment, r.RequestID)
	if err != nil {
		return dbErr(fmt.Sprintf("copy rating %q", r.ID), err)
	}
	if tag.RowsAffected() == 0 {
		rep.Ratings.Present++
	} else {
		rep.Ratings.Copied++
		s.notifyChange()
	}
	return nil
}

// dateOrNil stores a zero review date as NULL.
func dateOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
