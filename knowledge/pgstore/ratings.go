package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// RateArticle appends a rating; see knowledge.RatingStore. As in the
// ledger, the server records the rating under the signed-in person's name
// unless that person is an admin.
func (s *Store) RateArticle(ctx context.Context, in knowledge.ArticleRating) (knowledge.ArticleRating, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.ArticleRating{}, err
	}
	err = s.inTx(ctx, fmt.Sprintf("save the rating of article %q", r.ArticleID), func(tx pgx.Tx) error {
		var current int
		err := tx.QueryRow(ctx, `SELECT version FROM articles WHERE id = $1`, r.ArticleID).Scan(&current)
		if errors.Is(err, pgx.ErrNoRows) {
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
		r.At = ts(r.At)
		r.ID = knowledge.NewID("rat", r.At)
		if err := tx.QueryRow(ctx, `INSERT INTO article_ratings (id, article_id, article_version, agent, at, verdict, comment, request_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING agent`, r.ID, r.ArticleID, r.ArticleVersion, r.Agent, r.At,
			string(r.Verdict), r.Comment, r.RequestID).Scan(&r.Agent); err != nil {
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

func scanRating(sc pgx.Row, extra ...any) (knowledge.ArticleRating, error) {
	var (
		r       knowledge.ArticleRating
		verdict string
	)
	dest := append([]any{&r.ID, &r.ArticleID, &r.ArticleVersion, &r.Agent, &r.At, &verdict, &r.Comment, &r.RequestID}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Verdict, r.At = knowledge.Verdict(verdict), r.At.UTC()
	return r, nil
}

// RatingsFor returns the ratings of articleID, newest first.
func (s *Store) RatingsFor(ctx context.Context, articleID string) ([]knowledge.ArticleRating, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	doing := fmt.Sprintf("read the ratings of article %q", articleID)
	rows, err := s.pool.Query(ctx, `SELECT `+ratingColumns+` FROM article_ratings r
		WHERE r.article_id = $1 ORDER BY r.at DESC, r.seq DESC`, articleID)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.ArticleRating{}
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, dbErr(doing, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}

// Flagged lists the articles rated outdated or wrong since their last
// change (ratings of the current version), most recently flagged first.
func (s *Store) Flagged(ctx context.Context) ([]knowledge.FlaggedArticle, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	const doing = "list flagged articles"
	rows, err := s.pool.Query(ctx, `SELECT `+ratingColumns+`, a.title, a.owner, a.version, a.updated_at
		FROM article_ratings r JOIN articles a ON a.id = r.article_id
		WHERE r.verdict IN ($1, $2) AND r.article_version = a.version
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
		var fa knowledge.FlaggedArticle
		r, err := scanRating(rows, &fa.Title, &fa.Owner, &fa.Version, &fa.UpdatedAt)
		if err != nil {
			return nil, dbErr(doing, err)
		}
		f := flagged[r.ArticleID]
		if f == nil {
			fa.ArticleID, fa.UpdatedAt = r.ArticleID, fa.UpdatedAt.UTC()
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
