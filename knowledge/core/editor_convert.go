package core

import (
	"context"
	"fmt"
	"strings"
	"time"

	"concierge/knowledge"
)

// flaggedIDs names the articles agents rated outdated or wrong.
func (c *Core) flaggedIDs(ctx context.Context) map[string]bool {
	out := map[string]bool{}
	list, err := c.store.Flagged(ctx)
	if err != nil {
		return out
	}
	for _, f := range list {
		out[f.ArticleID] = true
	}
	return out
}

func summary(a knowledge.Article, flagged map[string]bool, now time.Time) ArticleSummary {
	return ArticleSummary{
		ID: a.ID, Title: a.Title, Department: a.Department, Language: a.Language,
		Audience: string(a.Audience), Status: string(a.Status), Owner: a.Owner, Version: a.Version,
		UpdatedAt: formatTime(a.UpdatedAt), ReviewBy: formatDate(a.ReviewBy),
		Stale: a.Stale(now), Flagged: flagged[a.ID], Tags: nonNil(a.Tags),
	}
}

func parseStatuses(in []string) ([]knowledge.Status, error) {
	var out []knowledge.Status
	for _, st := range in {
		k := knowledge.Status(strings.ToLower(strings.TrimSpace(st)))
		if k == "" {
			continue
		}
		if !k.Valid() {
			return nil, fmt.Errorf("unknown status %q: use draft, review, published or archived", st)
		}
		out = append(out, k)
	}
	return out, nil
}

// statusSince finds who moved the article into its current status and
// when: the oldest version of the newest run of versions with that status.
func (c *Core) statusSince(ctx context.Context, a knowledge.Article) (string, time.Time) {
	return c.statusRuns.since(ctx, c.store, a)
}

func (c *Core) editable(ctx context.Context, a knowledge.Article) EditableArticle {
	by, at := c.statusSince(ctx, a)
	return EditableArticle{
		ID: a.ID, Title: a.Title, Body: a.Body, Department: a.Department, Tags: nonNil(a.Tags),
		Language: a.Language, Audience: string(a.Audience), Status: string(a.Status), Owner: a.Owner,
		ReviewBy: formatDate(a.ReviewBy), Version: a.Version, UpdatedAt: formatTime(a.UpdatedAt),
		StatusBy: by, StatusAt: formatTime(at),
	}
}

// apply copies the form's fields onto a (status, source and extra front
// matter stay as they are).
func apply(a knowledge.Article, in ArticleInput) (knowledge.Article, error) {
	a.Title = in.Title
	a.Body = in.Body
	a.Department = strings.TrimSpace(in.Department)
	a.Tags = append([]string{}, in.Tags...)
	a.Language = strings.TrimSpace(in.Language)
	a.Audience = knowledge.Audience(strings.TrimSpace(in.Audience))
	a.Owner = strings.TrimSpace(in.Owner)
	a.ReviewBy = time.Time{}
	if d := strings.TrimSpace(in.ReviewBy); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return a, fmt.Errorf("the review-by date %q is not a date; use YYYY-MM-DD", in.ReviewBy)
		}
		a.ReviewBy = t
	}
	return a, nil
}

// InputOf is the editor's form filled from article a.
func InputOf(a knowledge.Article) ArticleInput {
	return ArticleInput{
		ID: a.ID, Title: a.Title, Body: a.Body, Department: a.Department, Tags: append([]string{}, a.Tags...),
		Language: a.Language, Audience: string(a.Audience), Owner: a.Owner, ReviewBy: formatDate(a.ReviewBy),
	}
}
