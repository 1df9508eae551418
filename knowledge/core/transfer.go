package core

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
	"concierge/knowledge/importer"
)

func planOf(r importer.Report) ImportPlan {
	return ImportPlan{Source: r.Source, Create: nonNil(r.Created), Update: nonNil(r.Updated), Unchanged: nonNil(r.Unchanged),
		Archive: nonNil(r.Archived), Failed: nonNil(r.Failed), NoDepartment: nonNil(r.NoDepartment)}
}

// ImportPreview tells what importing the folder (Markdown with front
// matter, or HTML converted to Markdown) would create, update, leave
// unchanged, archive or skip, without writing anything. department, when
// not empty, is given to the files that name none (HTML pages usually);
// the plan lists those that would still be without one.
func (c *Core) ImportPreview(ctx context.Context, folder, department string) (ImportPlan, error) {
	if err := c.reader(); err != nil {
		return ImportPlan{}, err
	}
	opts := editorial.ImportOptions(c.profile().Name)
	opts.DefaultDepartment = department
	rep, err := editorial.PlanImport(ctx, c.store, folder, opts)
	if err != nil {
		return ImportPlan{}, err
	}
	return planOf(rep), nil
}

// ImportApply imports the folder as the editor and brings the search index
// up to date; department goes to the files that name none (see
// ImportPreview).
func (c *Core) ImportApply(ctx context.Context, folder, department string) (ImportReport, error) {
	author, err := c.editor()
	if err != nil {
		return ImportReport{}, err
	}
	// The window shows the import like the first-run sample import: state
	// importing, then a progress report per file (index:progress), then the
	// index phase; search keeps answering over what is indexed meanwhile.
	c.track.set(State{State: StateImporting, Message: "Importing " + filepath.Base(folder) + "…"})
	rep, err := c.importDir(ctx, folder, author, department, c.importProgress)
	if c.track.get().State == StateImporting { // the import failed before indexing
		c.track.set(State{State: StateReady, Message: c.readyMessage()})
	}
	return ImportReport(planOf(rep)), err
}

// ImportDir imports a folder of Markdown (and HTML) files as the indexer
// CLI and indexes what changed. Files may take over articles of the bundled
// sample.
func (c *Core) ImportDir(ctx context.Context, dir string, progress func(done, total int, path string)) (importer.Report, error) {
	return c.importDir(ctx, dir, "indexer", "", progress)
}

func (c *Core) importDir(ctx context.Context, dir, author, department string, progress func(done, total int, path string)) (importer.Report, error) {
	opts := editorial.ImportOptions(author)
	opts.DefaultDepartment = department
	opts.Progress = progress
	rep, err := importer.ImportDir(ctx, c.store, dir, opts)
	if ids := reportIDs(rep); len(ids) > 0 {
		c.changed(knowledge.TopicArticles, knowledge.KindImported, ids...)
	}
	if err != nil {
		return rep, err
	}
	return rep, c.reindex(ctx)
}

// reindex reconciles the indexes and reports the core ready again.
func (c *Core) reindex(ctx context.Context) error {
	if _, err := c.Reconcile(ctx); err != nil {
		c.track.set(State{State: StateError, Message: err.Error()})
		return err
	}
	c.track.set(State{State: StateReady, Message: c.readyMessage()})
	return nil
}

// PutArticles writes articles in batches and indexes them (the CLI's eval
// loads a test collection this way).
func (c *Core) PutArticles(ctx context.Context, as []knowledge.Article, author string) error {
	for start := 0; start < len(as); start += 1000 {
		end := min(start+1000, len(as))
		if _, err := c.store.PutBatch(ctx, as[start:end], knowledge.PutOptions{Author: author}); err != nil {
			return err
		}
	}
	c.changed(knowledge.TopicArticles, knowledge.KindImported)
	return c.reindex(ctx)
}

// Export writes the articles with status ("" = all) as Markdown files with
// front matter into folder/<department>/<id>.md and returns how many.
func (c *Core) Export(ctx context.Context, folder, status string) (int, error) {
	if err := c.reader(); err != nil {
		return 0, err
	}
	statuses, err := parseStatuses([]string{status})
	if err != nil {
		return 0, err
	}
	return c.ExportFolder(ctx, folder, statuses...)
}

// ExportFolder writes the articles with the statuses (none: all) as
// Markdown files with front matter (the CLI's export).
func (c *Core) ExportFolder(ctx context.Context, folder string, statuses ...knowledge.Status) (int, error) {
	if strings.TrimSpace(folder) == "" {
		return 0, errors.New("choose a folder to export to")
	}
	return editorial.Export(ctx, c.store, folder, statuses...)
}
