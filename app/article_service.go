package app

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"concierge/indexer/pipeline"
	"concierge/knowledge"
	"concierge/knowledge/search"
)

// ArticleService reads articles for the reading pane.
type ArticleService struct{ app *App }

// Get returns the article rendered to sanitised HTML.
func (s *ArticleService) Get(id string) (ArticleView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, err := s.app.svc.Store().Get(ctx, id)
	if errors.Is(err, knowledge.ErrNotFound) {
		return ArticleView{}, fmt.Errorf("the article %q does not exist (it may have been renamed or deleted)", id)
	}
	if err != nil {
		return ArticleView{}, err
	}
	return s.view(a)
}

// GetVersion returns the article as it was at version v (a citation opens
// the exact version it quoted, even after the article changed).
func (s *ArticleService) GetVersion(id string, v int) (ArticleView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a, err := s.app.svc.ArticleVersion(ctx, id, v)
	if errors.Is(err, knowledge.ErrNotFound) {
		return ArticleView{}, fmt.Errorf("version %d of the article %q is not available", v, id)
	}
	if err != nil {
		return ArticleView{}, err
	}
	return s.view(a)
}

// Passage returns one passage of an article version, to highlight a citation.
func (s *ArticleService) Passage(passageID string, v int) (pipeline.PassageView, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.app.svc.PassageAt(ctx, passageID, v)
}

func (s *ArticleService) view(a knowledge.Article) (ArticleView, error) {
	r, err := s.app.svc.Renderer().Render([]byte(a.Body))
	if err != nil {
		return ArticleView{}, fmt.Errorf("the article %q could not be displayed: %w", a.ID, err)
	}
	v := ArticleView{
		ID: a.ID, Title: a.Title, Department: a.Department, Tags: a.Tags,
		Language: a.Language, Audience: string(a.Audience), Status: string(a.Status),
		Owner: a.Owner, Version: a.Version, HTML: r.HTML,
		Stale: a.Stale(time.Now()),
	}
	if v.Tags == nil {
		v.Tags = []string{}
	}
	if !a.ReviewBy.IsZero() {
		v.ReviewBy = a.ReviewBy.Format("2006-01-02")
	}
	if !a.UpdatedAt.IsZero() {
		v.UpdatedAt = a.UpdatedAt.UTC().Format(time.RFC3339)
	}
	v.Headings = make([]Heading, 0, len(r.Headings))
	for _, h := range r.Headings {
		v.Headings = append(v.Headings, Heading{Level: h.Level, Text: h.Text, ID: h.ID})
	}
	return v, nil
}

// Departments counts published articles per department, largest first.
func (s *ArticleService) Departments() ([]search.FacetCount, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := s.app.svc.Store().List(ctx, knowledge.ListFilter{Statuses: []knowledge.Status{knowledge.StatusPublished}})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, a := range list {
		counts[a.Department]++
	}
	out := make([]search.FacetCount, 0, len(counts))
	for d, n := range counts {
		out = append(out, search.FacetCount{Value: d, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out, nil
}
