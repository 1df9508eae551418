package pipeline

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/assist"
	"concierge/knowledge/passage"
)

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

// ArticleVersion returns the article as it was at version v (0: current).
func (s *Service) ArticleVersion(ctx context.Context, id string, v int) (knowledge.Article, error) {
	a, err := s.store.Get(ctx, id)
	if err != nil || v == 0 || v == a.Version {
		return a, err
	}
	ver, err := s.store.GetVersion(ctx, id, v)
	if err != nil {
		return a, err
	}
	return ver.Article, nil
}

// PassageAt returns passage id ("<article>#<n>") of the article at version v
// (0: current), split exactly as the index splits it.
func (s *Service) PassageAt(ctx context.Context, passageID string, v int) (PassageView, error) {
	articleID, ord, err := parsePassageID(passageID)
	if err != nil {
		return PassageView{}, err
	}
	cur, err := s.store.Get(ctx, articleID)
	if err != nil {
		return PassageView{}, err
	}
	a, err := s.ArticleVersion(ctx, articleID, v)
	if err != nil {
		return PassageView{}, err
	}
	ps := passage.Split(a, passage.DefaultMaxRunes) // the engine splits with the same default
	if ord >= len(ps) {
		return PassageView{}, fmt.Errorf("passage %s no longer exists in version %d: %w", passageID, a.Version, knowledge.ErrNotFound)
	}
	p := ps[ord]
	return PassageView{PassageID: p.ID, ArticleID: a.ID, ArticleVersion: a.Version, Headings: p.Headings, Text: p.Text, Current: a.Version == cur.Version}, nil
}

// Passage returns the current passage as the suggestion engine sees it.
func (s *Service) Passage(ctx context.Context, passageID string) (assist.Passage, error) {
	pv, err := s.PassageAt(ctx, passageID, 0)
	if err != nil {
		return assist.Passage{}, err
	}
	a, err := s.store.Get(ctx, pv.ArticleID)
	if err != nil {
		return assist.Passage{}, err
	}
	return assist.Passage{
		ID: pv.PassageID, ArticleID: a.ID, ArticleVersion: a.Version, ArticleTitle: a.Title,
		Department: a.Department, Audience: string(a.Audience), Headings: pv.Headings, Text: pv.Text,
		Stale: a.Stale(time.Now()),
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
