package editorial

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/frontmatter"
	"concierge/knowledge/importer"
)

// ExportPath is where Export writes article a, relative to the export
// folder: <department-slug>/<id>.md ("general" when there is no department).
func ExportPath(a knowledge.Article) string {
	dept := importer.Slugify(a.Department)
	if dept == "" {
		dept = "general"
	}
	return filepath.Join(dept, a.ID+".md")
}

// ExportFile returns the Markdown file Export writes for a: front matter
// with every field Concierge knows plus the extra keys, then the body. The
// store's bookkeeping (version, update time) is left out, so that an export
// re-imported into a fresh data folder exports to identical bytes.
func ExportFile(a knowledge.Article) ([]byte, error) {
	a.Version = 0
	a.UpdatedAt = time.Time{}
	return frontmatter.Format(a)
}

// Export writes the articles with the given statuses (none: all) to dir,
// one file per article at ExportPath, and returns how many it wrote.
func Export(ctx context.Context, store knowledge.ArticleStore, dir string, statuses ...knowledge.Status) (int, error) {
	if dir == "" {
		return 0, fmt.Errorf("no export folder given")
	}
	list, err := store.List(ctx, knowledge.ListFilter{Statuses: statuses})
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("create the export folder %s: %w", dir, err)
	}
	n := 0
	for _, a := range list {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		data, err := ExportFile(a)
		if err != nil {
			return n, fmt.Errorf("export %s: %w", a.ID, err)
		}
		p := filepath.Join(dir, ExportPath(a))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return n, fmt.Errorf("export %s: %w", a.ID, err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return n, fmt.Errorf("export %s: %w", a.ID, err)
		}
		n++
	}
	return n, nil
}
