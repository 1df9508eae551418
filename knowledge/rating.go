package knowledge

import (
	"context"
	"strings"
	"time"
)

// Verdict is an agent's judgement of an article.
type Verdict string

const (
	VerdictHelpful  Verdict = "helpful"
	VerdictOutdated Verdict = "outdated"
	VerdictWrong    Verdict = "wrong"
)

// Verdicts lists the verdicts in display order.
var Verdicts = []Verdict{VerdictHelpful, VerdictOutdated, VerdictWrong}

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	return v == VerdictHelpful || v == VerdictOutdated || v == VerdictWrong
}

// Flags reports whether v asks an editor to look at the article.
func (v Verdict) Flags() bool { return v == VerdictOutdated || v == VerdictWrong }

// ArticleRating is one agent's rating of one article version.
type ArticleRating struct {
	ID             string    `json:"id,omitempty"` // assigned by the store: "rat-…"
	ArticleID      string    `json:"articleId"`
	ArticleVersion int       `json:"articleVersion"` // 0 on rate: the current version
	Agent          string    `json:"agent,omitempty"`
	At             time.Time `json:"at,omitempty"` // zero on rate: now
	Verdict        Verdict   `json:"verdict"`
	Comment        string    `json:"comment,omitempty"`
	RequestID      string    `json:"requestId,omitempty"` // the request the agent was working on, if any
}

// FlaggedArticle is an article agents rated outdated or wrong since it last
// changed, that is ratings of its current version.
type FlaggedArticle struct {
	ArticleID string    `json:"articleId"`
	Title     string    `json:"title"`
	Owner     string    `json:"owner"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updatedAt"`
	Outdated  int       `json:"outdated"`
	Wrong     int       `json:"wrong"`
	// LastFlaggedAt is the time of the newest outdated/wrong rating.
	LastFlaggedAt time.Time `json:"lastFlaggedAt"`
	// Latest holds the newest flagging ratings, newest first, at most
	// MaxFlaggedLatest; the ones with comments come first.
	Latest []ArticleRating `json:"latest"`
}

// MaxFlaggedLatest is how many ratings FlaggedArticle.Latest keeps.
const MaxFlaggedLatest = 5

// RatingStore persists agents' article ratings. Ratings are append-only; a
// newer article version supersedes the flags raised before it.
type RatingStore interface {
	// RateArticle validates and stores r. The article must exist
	// (ErrNotFound); ArticleVersion 0 means its current version, and a
	// version it never had is ErrInvalid.
	RateArticle(ctx context.Context, r ArticleRating) (ArticleRating, error)
	// RatingsFor returns the ratings of an article, newest first (empty,
	// not an error, when there are none).
	RatingsFor(ctx context.Context, articleID string) ([]ArticleRating, error)
	// Flagged lists articles with outdated or wrong ratings made since the
	// article last changed — ratings of its current version, so that saving
	// a new version clears them — most recently flagged first.
	Flagged(ctx context.Context) ([]FlaggedArticle, error)
}

// MaxRatingCommentLen bounds a rating's comment, in characters.
const MaxRatingCommentLen = 2000

// Normalized validates r (article id, agent, verdict, comment and request id
// sizes) and trims the agent and comment. Errors wrap ErrInvalid.
func (r ArticleRating) Normalized() (ArticleRating, error) {
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"article id", r.ArticleID, MaxLedgerShortLen},
		{"agent", r.Agent, MaxAgentNameLen},
		{"comment", r.Comment, MaxRatingCommentLen},
		{"request id", r.RequestID, MaxLedgerShortLen},
	} {
		if err := checkText("rating", f.name, f.value, f.max); err != nil {
			return r, err
		}
	}
	if r.ArticleID == "" {
		return r, invalidf("the rating names no article")
	}
	r.Agent = strings.TrimSpace(r.Agent)
	if r.Agent == "" {
		return r, invalidf("the rating has no agent; set your name in the profile")
	}
	if !r.Verdict.Valid() {
		return r, invalidf("rating verdict %q is not one of %s", r.Verdict, joinQuoted(Verdicts))
	}
	if r.ArticleVersion < 0 {
		return r, invalidf("article version %d is negative; use 0 for the current version", r.ArticleVersion)
	}
	r.Comment = strings.TrimSpace(r.Comment)
	r.RequestID = strings.TrimSpace(r.RequestID)
	if !r.At.IsZero() {
		r.At = r.At.UTC().Round(0)
	}
	return r, nil
}
