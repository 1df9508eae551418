package core

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"concierge/knowledge/search"
)

// goldenQuery is one entry of the golden search suite that pins ranking on
// the bundled sample knowledge base (knowledge/sample/testdata/queries.json).
type goldenQuery struct {
	Query       string   `json:"query"`
	Top3        []string `json:"top3"`
	Departments []string `json:"departments"`
	None        bool     `json:"none"`
}

func loadGolden(t *testing.T) []goldenQuery {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "sample", "testdata", "queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	var qs []goldenQuery
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	if len(qs) < 20 {
		t.Fatalf("golden suite has only %d queries", len(qs))
	}
	return qs
}

func TestGoldenSearchSuite(t *testing.T) {
	ctx := context.Background()
	svc := openTest(t, t.TempDir())
	defer svc.Close()
	for _, g := range loadGolden(t) {
		t.Run(g.Query, func(t *testing.T) {
			if g.None {
				resp, err := svc.Search(ctx, search.Request{Query: g.Query, Mode: search.ModeHybrid, Limit: 10}, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range resp.Results {
					if !r.Weak {
						t.Errorf("expected only weak matches, but %s (%.4f) is a strong one", r.ArticleID, r.Score)
					}
				}
				return
			}
			resp, err := svc.Search(ctx, search.Request{Query: g.Query, Mode: search.ModeHybrid, Limit: 10}, "")
			if err != nil {
				t.Fatal(err)
			}
			var ids, depts []string
			for i, r := range resp.Results {
				if i < 3 && r.Weak && slices.Contains(g.Top3, r.ArticleID) {
					t.Errorf("expected result %s is only a weak match", r.ArticleID)
				}
				if i < 3 {
					ids = append(ids, r.ArticleID)
				}
				if !slices.Contains(depts, r.Department) {
					depts = append(depts, r.Department)
				}
			}
			for _, want := range g.Top3 {
				if !slices.Contains(ids, want) {
					t.Errorf("%s not in the top 3: %v", want, ids)
				}
			}
			for _, d := range g.Departments {
				if !slices.Contains(depts, d) {
					t.Errorf("department %s not in the top 10: %v", d, depts)
				}
			}
		})
	}
}
