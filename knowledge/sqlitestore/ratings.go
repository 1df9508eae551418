package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"concierge/knowledge"
)

var _ knowledge.RatingStore = (*Store)(nil)

// RateArticle appends an agent's rating; see knowledge.RatingStore.
func (s *Store) RateArticle(ctx context.Context, in knowledge.ArticleRating) (knowledge.ArticleRating, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.ArticleRating{}, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var current int
		err := tx.QueryRowContext(ctx, `SELECT version FROM articles WHERE id = ?`, r.ArticleID).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("rate article %q: it is not in the knowledge base (was it renamed?): %w", r.ArticleID, knowledge.ErrNotFound)
		}
		if err != nil {
			return dbErr(fmt.Sprintf("read article %q", r.ArticleID), err)
		}
		if r.ArticleVersion == 0 {
			r.ArticleVersion = current
		} else if r.ArticleVersion > current {
			return knowledge.Errorf(knowledge.ErrInvalid, "article %q has no version %d yet (it is at version %d); rate the version you read", r.ArticleID, r.ArticleVersion, current)
		}
		if r.At.IsZero() {
			r.At = s.clock()
		}
		r.ID = knowledge.NewID("rat", r.At)
		if _, err := tx.ExecContext(ctx, `INSERT INTO article_ratings (id, article_id, article_version, agent, at, verdict, comment, request_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, r.ArticleID, r.ArticleVersion, r.Agent, formatTS(r.At),
			string(r.Verdict), r.Comment, r.RequestID); err != nil {
			return dbErr(fmt.Sprintf("save the rating of article %q", r.ArticleID), err)
		}
		return nil
	})
	if err != nil {
		return knowledge.ArticleRating{}, err
	}
	return r, nil
}

const ratingColumns = `r.id, r.article_id, r.article_version, r.agent, r.at, r.verdict, r.comment, r.request_id`

func scanRating(sc rowScanner, extra ...any) (knowledge.ArticleRating, error) {
	var (
		r           knowledge.ArticleRating
		at, verdict string
	)
	dest := append([]any{&r.ID, &r.ArticleID, &r.ArticleVersion, &r.Agent, &at, &verdict, &r.Comment, &r.RequestID}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Verdict = knowledge.Verdict(verdict)
	var err error
	if r.At, err = parseTS(at); err != nil {
		return r, fmt.Errorf("rating %q has a damaged time: %w", r.ID, err)
	}
	return r, nil
}

// RatingsFor returns the ratings of articleID, newest first.
func (s *Store) RatingsFor(ctx context.Context, articleID string) ([]knowledge.ArticleRating, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	doing := fmt.Sprintf("read the ratings of article %q", articleID)
	return queryAll(ctx, s.db, doing, func(r rowScanner) (knowledge.ArticleRating, error) { return scanRating(r) }, `SELECT `+ratingColumns+` FROM article_ratings r
		WHERE r.article_id = ? ORDER BY r.at DESC, r.seq DESC`, articleID)
}

// Flagged lists the articles rated outdated or wrong since their last
// change: ratings of the article's current version (an edit, a restore or
// an import that changes the content makes a new version and so clears the
// flags). Articles are ordered by their newest flag, newest first.
func (s *Store) Flagged(ctx context.Context) ([]knowledge.FlaggedArticle, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	const doing = "list flagged articles"
	rows, err := s.db.QueryContext(ctx, `SELECT `+ratingColumns+`, a.title, a.owner, a.version, a.updated_at
		FROM article_ratings r JOIN articles a ON a.id = r.article_id
		WHERE r.verdict IN (?, ?) AND r.article_version = a.version
		ORDER BY r.at DESC, r.seq DESC`, string(knowledge.VerdictOutdated), string(knowledge.VerdictWrong))
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	var (
		order   []string
		flagged = map[string]*knowledge.FlaggedArticle{}
		ratings = map[string][]knowledge.ArticleRating{}
	)
	for rows.Next() {
		var (
			fa      knowledge.FlaggedArticle
			updated string
		)
		r, err := scanRating(rows, &fa.Title, &fa.Owner, &fa.Version, &updated)
		if err != nil {
			return nil, dbErr(doing, err)
		}
		f := flagged[r.ArticleID]
		if f == nil {
			fa.ArticleID = r.ArticleID
			if fa.UpdatedAt, err = parseTS(updated); err != nil {
				return nil, fmt.Errorf("article %q has a damaged update time: %w", r.ArticleID, err)
			}
			fa.LastFlaggedAt = r.At // rows come newest first
			f = &fa
			flagged[r.ArticleID] = f
			order = append(order, r.ArticleID)
		}
		switch r.Verdict {
		case knowledge.VerdictOutdated:
			f.Outdated++
		case knowledge.VerdictWrong:
			f.Wrong++
		}
		ratings[r.ArticleID] = append(ratings[r.ArticleID], r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	out := make([]knowledge.FlaggedArticle, 0, len(order))
	for _, id := range order {
		f := flagged[id]
		rs := ratings[id]
		// Newest first is kept within each group: commented ones lead.
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Comment != "" && rs[j].Comment == "" })
		f.Latest = rs[:min(len(rs), knowledge.MaxFlaggedLatest)]
		out = append(out, *f)
	}
	return out, nil
}
