package assist

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/frontmatter"
	"concierge/knowledge/sample"
	"concierge/knowledge/search"
)

// sampleKB is a search engine over the bundled sample knowledge base, built
// once per test binary.
var sampleKB struct {
	once sync.Once
	eng  *search.Engine
	err  error
}

func sampleEngine(t testing.TB) *search.Engine {
	t.Helper()
	sampleKB.once.Do(func() { sampleKB.eng, sampleKB.err = buildEngine(sample.FS()) })
	if sampleKB.err != nil {
		t.Fatal(sampleKB.err)
	}
	return sampleKB.eng
}

// buildEngine indexes the Markdown articles of fsys in an in-memory engine
// with the built-in embedder.
func buildEngine(fsys fs.FS) (*search.Engine, error) {
	ctx := context.Background()
	arts, err := loadArticles(fsys)
	if err != nil {
		return nil, err
	}
	e, err := search.OpenMemory(ctx, embed.NewBuiltin(), search.Options{})
	if err != nil {
		return nil, err
	}
	return e, e.Upsert(ctx, arts)
}

// loadArticles parses the Markdown articles of fsys (version 1 each).
func loadArticles(fsys fs.FS) ([]knowledge.Article, error) {
	var arts []knowledge.Article
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		doc, err := frontmatter.ParseFile(p, data)
		if err != nil {
			return err
		}
		a := doc.Article
		a.Version = 1
		arts = append(arts, a)
		return nil
	})
	return arts, err
}

// engineRetriever retrieves from a search engine the way the app does.
type engineRetriever struct{ eng *search.Engine }

func (r engineRetriever) Retrieve(ctx context.Context, query string) ([]Passage, error) {
	resp, err := r.eng.Search(ctx, search.Request{Query: query, Mode: search.ModeHybrid, Limit: 6, PassagesPerArticle: 2})
	if err != nil {
		return nil, err
	}
	return PassagesFromHits(resp.Results, nil), nil
}
