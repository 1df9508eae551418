package core

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/assist"
	"concierge/knowledge/passage"
)

// ArticleView is an article ready for the reading pane.
type ArticleView struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Tags       []string `json:"tags"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner"`
	ReviewBy   string   `json:"reviewBy"`  // YYYY-MM-DD or ""
	UpdatedAt  string   `json:"updatedAt"` // RFC 3339
	Version    int      `json:"version"`
	Stale      bool     `json:"stale"` // review-by date has passed
	// HTML is sanitised: raw HTML is off in the renderer and the output goes
	// through an allow-list sanitiser. Links to other articles have the form
	// href="#/article/<id>" with data-article="<id>"; external links carry
	// data-external="true" and must be opened with SystemService.OpenExternal.
	HTML     string    `json:"html"`
	Headings []Heading `json:"headings"`
}

// Heading is one entry of an article's table of contents.
type Heading struct {
	Level int    `json:"level"`
	Text  string `json:"text"`
	ID    string `json:"id"`
}

// PassageView is one passage of one version of an article, for citations.
type PassageView struct {
	PassageID      string   `json:"passageId"`
	ArticleID      string   `json:"articleId"`
	ArticleVersion int      `json:"articleVersion"`
	Headings       []string `json:"headings"`
	Text           string   `json:"text"`
	// Current is false when the article has changed since this version.
	Current bool `json:"current"`
}

// Article returns article id rendered to sanitised HTML.
func (c *Core) Article(ctx context.Context, id string) (ArticleView, error) {
	a, err := c.store.Get(ctx, id)
	if err != nil {
		return ArticleView{}, notFound(id, err)
	}
	return c.view(a)
}

// ArticleAt returns the article as it was at version v (0: current),
// rendered: a citation opens the exact version it quoted.
func (c *Core) ArticleAt(ctx context.Context, id string, v int) (ArticleView, error) {
	a, err := c.articleVersion(ctx, id, v)
	if errors.Is(err, knowledge.ErrNotFound) {
		return ArticleView{}, fmt.Errorf("version %d of the article %q is not available", v, id)
	}
	if err != nil {
		return ArticleView{}, err
	}
	return c.view(a)
}

func (c *Core) view(a knowledge.Article) (ArticleView, error) {
	r, err := c.renderer.Render([]byte(a.Body))
	if err != nil {
		return ArticleView{}, fmt.Errorf("the article %q could not be displayed: %w", a.ID, err)
	}
	v := ArticleView{
		ID: a.ID, Title: a.Title, Department: a.Department, Tags: nonNil(a.Tags),
		Language: a.Language, Audience: string(a.Audience), Status: string(a.Status),
		Owner: a.Owner, Version: a.Version, HTML: r.HTML, Stale: a.Stale(c.clock()),
		ReviewBy: formatDate(a.ReviewBy), UpdatedAt: formatTime(a.UpdatedAt),
	}
	v.Headings = make([]Heading, 0, len(r.Headings))
	for _, h := range r.Headings {
		v.Headings = append(v.Headings, Heading{Level: h.Level, Text: h.Text, ID: h.ID})
	}
	return v, nil
}

// articleVersion returns the article as it was at version v (0: current).
func (c *Core) articleVersion(ctx context.Context, id string, v int) (knowledge.Article, error) {
	a, err := c.store.Get(ctx, id)
	if err != nil || v == 0 || v == a.Version {
		return a, err
	}
	ver, err := c.store.GetVersion(ctx, id, v)
	if err != nil {
		return a, err
	}
	return ver.Article, nil
}

// PassageAt returns passage id ("<article>#<n>") of the article at version v
// (0: current), split exactly as the index splits it.
func (c *Core) PassageAt(ctx context.Context, passageID string, v int) (PassageView, error) {
	articleID, ord, err := parsePassageID(passageID)
	if err != nil {
		return PassageView{}, err
	}
	cur, err := c.store.Get(ctx, articleID)
	if err != nil {
		return PassageView{}, err
	}
	a, err := c.articleVersion(ctx, articleID, v)
	if err != nil {
		return PassageView{}, err
	}
	ps := passage.Split(a, passage.DefaultMaxRunes) // the engine splits with the same default
	if ord >= len(ps) {
		return PassageView{}, fmt.Errorf("passage %s no longer exists in version %d: %w", passageID, a.Version, knowledge.ErrNotFound)
	}
	p := ps[ord]
	return PassageView{PassageID: p.ID, ArticleID: a.ID, ArticleVersion: a.Version, Headings: nonNil(p.Headings), Text: p.Text, Current: a.Version == cur.Version}, nil
}

// passageForAssist returns the current passage as the suggestion engine
// sees it.
func (c *Core) passageForAssist(ctx context.Context, passageID string) (assist.Passage, error) {
	pv, err := c.PassageAt(ctx, passageID, 0)
	if err != nil {
		return assist.Passage{}, err
	}
	a, err := c.store.Get(ctx, pv.ArticleID)
	if err != nil {
		return assist.Passage{}, err
	}
	return assist.Passage{
		ID: pv.PassageID, ArticleID: a.ID, ArticleVersion: a.Version, ArticleTitle: a.Title,
		Department: a.Department, Audience: string(a.Audience), Headings: pv.Headings, Text: pv.Text,
		Stale: a.Stale(c.clock()),
	}, nil
}

func parsePassageID(id string) (string, int, error) {
	i := strings.LastIndexByte(id, '#')
	if i <= 0 {
		return "", 0, fmt.Errorf("%q is not a passage id (article#n): %w", id, knowledge.ErrInvalid)
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 0 {
		return "", 0, fmt.Errorf("%q is not a passage id (article#n): %w", id, knowledge.ErrInvalid)
	}
	return id[:i], n, nil
}

// ---- small helpers shared by the use cases ----

// nonNil returns s, or an empty slice for nil: bound results are JSON
// arrays, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// notFound turns ErrNotFound for an article into a message for people.
func notFound(id string, err error) error {
	if errors.Is(err, knowledge.ErrNotFound) {
		return knowledge.Errorf(knowledge.ErrNotFound, "the article %q does not exist (it may have been renamed or deleted)", id)
	}
	return err
}

// readable turns store validation errors into the message alone.
func readable(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, knowledge.ErrInvalid) {
		return knowledge.Errorf(knowledge.ErrInvalid, "%s", strings.TrimPrefix(err.Error(), knowledge.ErrInvalid.Error()+": "))
	}
	return err
}
