package sqlitestore

import (
	"context"
	"testing"

	"concierge/knowledge"
)

func TestCounts(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	c, err := s.Counts(ctx)
	if err != nil || c.Articles != 0 || !c.LastUpdateAt.IsZero() || c.ByStatus == nil {
		t.Fatalf("empty Counts = %+v, %v", c, err)
	}
	var last knowledge.PutResult
	for _, a := range []knowledge.Article{
		{ID: "a", Title: "A", Status: knowledge.StatusPublished, Department: "billing"},
		{ID: "b", Title: "B", Status: knowledge.StatusPublished, Department: "it"},
		{ID: "c", Title: "C", Department: "billing"},
		{ID: "d", Title: "D", Status: knowledge.StatusArchived, Department: "legal"},
	} {
		if last, err = s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	c, err = s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Articles != 4 || c.ByStatus[knowledge.StatusPublished] != 2 || c.ByStatus[knowledge.StatusDraft] != 1 ||
		c.ByStatus[knowledge.StatusArchived] != 1 || c.Departments != 2 || !c.LastUpdateAt.Equal(last.Article.UpdatedAt) {
		t.Errorf("Counts = %+v (last update %v)", c, last.Article.UpdatedAt)
	}
}
