// Package importer loads a folder of Markdown files into a knowledge.ArticleStore.
// Imports are incremental: unchanged files cost a hash comparison, changed
// files become new versions, and articles whose files disappeared are
// archived (never deleted). Bad files are reported and skipped. Files with
// no text and no title of their own are skipped and counted (Report.Empty,
// one line in the summary); a file with a title but no text is kept as a
// draft stub (Report.EmptyDrafts).
package importer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"concierge/knowledge"
	"concierge/knowledge/analysis"
	"concierge/knowledge/frontmatter"
)

// DefaultMaxFileBytes is the default Options.MaxFileBytes (2 MiB).
const DefaultMaxFileBytes = 2 << 20

// batchSize is how many articles go into one PutBatch transaction.
const batchSize = 256

// Options tune an import. The zero value is ready to use.
type Options struct {
	// MaxFileBytes skips larger files; 0 means DefaultMaxFileBytes.
	MaxFileBytes int64
	// Progress, when set, is called after each file with the number of files
	// handled so far, the total, and the file's path. It runs on the
	// importing goroutine and should return quickly.
	Progress func(done, total int, path string)
	// Author is recorded in each new version's history entry.
	Author string
	// DefaultStatus applies to files whose front matter has no status;
	// empty leaves the store's default (draft).
	DefaultStatus knowledge.Status
	// DefaultDepartment applies to files whose front matter names no
	// department (HTML pages exported from a help centre usually do not);
	// empty leaves them without one, listed in Report.NoDepartment.
	DefaultDepartment string
	// ReplaceOtherSources lets a file take over an article with the same id
	// that came from another folder or was written in the app. Without it
	// such files are skipped with a reason, so two folders never overwrite
	// each other's articles back and forth.
	ReplaceOtherSources bool
	// AdoptSources lists sources whose articles a file may take over even
	// without ReplaceOtherSources — the bundled sample knowledge base, so
	// that importing a real (or exported) knowledge base into a fresh data
	// directory replaces the demo articles it shares ids with.
	AdoptSources []string
	// ConvertHTML, when set, makes .html and .htm files importable: it turns
	// such a file's (size- and UTF-8-checked) content into a Markdown
	// document with optional front matter, which is then read like a .md
	// file. An error skips the file with that reason. It is called from
	// several goroutines at once.
	ConvertHTML func(path string, data []byte) ([]byte, error)

	rootAbs string // set by ImportDir: absolute symlinks under it are allowed
}

// ImportDir imports the Markdown files under dir. The source recorded on the
// articles is dir's absolute path (symlinks resolved), so re-importing the
// same folder by another path still updates the same articles. Files are
// read through os.Root: nothing outside dir can be opened.
func ImportDir(ctx context.Context, store knowledge.ArticleStore, dir string, opts Options) (Report, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Report{}, fmt.Errorf("import folder %q: %w", dir, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Report{}, fmt.Errorf("import folder %q: it does not exist; check the path", dir)
	case err != nil:
		return Report{}, fmt.Errorf("import folder %q: %w", dir, err)
	case !fi.IsDir():
		return Report{}, fmt.Errorf("import %q: it is a file, not a folder; choose the folder that contains your Markdown files", dir)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return Report{}, fmt.Errorf("import folder %q: %w", dir, err)
	}
	defer root.Close()
	opts.rootAbs = abs
	return Import(ctx, store, root.FS(), abs, opts)
}

// Import imports the *.md and *.markdown files of fsys, recording source as
// their Source. Hidden files and folders (names starting with ".") are
// ignored. The returned error is for failures that stop the whole import
// (the store failing, ctx cancelled); problems with single files are in
// Report.Failed.
func Import(ctx context.Context, store knowledge.ArticleStore, fsys fs.FS, source string, opts Options) (Report, error) {
	rep := Report{Source: source}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	paths := collect(fsys, &rep, opts.ConvertHTML != nil)
	present := make(map[string]bool, len(paths))
	for _, p := range paths {
		present[p] = true
	}

	all, err := store.List(ctx, knowledge.ListFilter{WithoutBodies: true})
	if err != nil {
		return rep, fmt.Errorf("import %s: %w", source, err)
	}
	existing := make(map[string]knowledge.Article, len(all))
	for _, a := range all {
		existing[a.ID] = a
	}

	w := writer{ctx: ctx, store: store, rep: &rep,
		opts: knowledge.PutOptions{Author: opts.Author, Message: "imported from " + source}}
	seen := map[string]string{} // id → path that claimed it
	loaded := make([]loadResult, 0, loadAhead)
	for i, p := range paths {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("import %s stopped: %w", source, err)
		}
		if i%loadAhead == 0 {
			loaded = loadAll(fsys, paths[i:min(i+loadAhead, len(paths))], source, opts, loaded[:0])
		}
		if a, err := loaded[i%loadAhead].a, loaded[i%loadAhead].err; errors.Is(err, errEmptyFile) {
			rep.Empty = append(rep.Empty, p)
		} else if err != nil {
			rep.fail(p, "%v", err)
		} else if other, dup := seen[a.ID]; dup {
			rep.fail(p, "has the id %q, which %s already uses; give one of them a different id in its front matter", a.ID, other)
		} else if ex, ok := existing[a.ID]; ok && ex.Source != source && !opts.ReplaceOtherSources && !slices.Contains(opts.AdoptSources, ex.Source) {
			seen[a.ID] = p
			rep.fail(p, "has the id %q, which already belongs to %s; give this file a different id in its front matter", a.ID, describeSource(ex))
		} else {
			seen[a.ID] = p
			if strings.TrimSpace(a.Body) == "" {
				rep.EmptyDrafts = append(rep.EmptyDrafts, a.ID)
			}
			if a.Department == "" {
				rep.NoDepartment = append(rep.NoDepartment, a.ID)
			}
			if err := w.add(a, p); err != nil {
				return rep, fmt.Errorf("import %s: %w", source, err)
			}
		}
		if opts.Progress != nil {
			opts.Progress(i+1, len(paths), p)
		}
	}
	if err := w.flush(); err != nil {
		return rep, fmt.Errorf("import %s: %w", source, err)
	}

	// Archive the articles of this source whose files are gone. A file that
	// is still there but failed to load keeps its article as it was.
	w.archiving = true
	for _, a := range all {
		if a.Source != source || a.Status == knowledge.StatusArchived || present[a.SourcePath] {
			continue
		}
		if _, claimed := seen[a.ID]; claimed {
			continue
		}
		a.Status = knowledge.StatusArchived
		if err := w.add(a, a.SourcePath); err != nil {
			return rep, fmt.Errorf("import %s: %w", source, err)
		}
	}
	if err := w.flush(); err != nil {
		return rep, fmt.Errorf("import %s: %w", source, err)
	}
	return rep, nil
}

func describeSource(a knowledge.Article) string {
	if a.Source == "" {
		return "an article written in the app"
	}
	return fmt.Sprintf("%s in %s", a.SourcePath, a.Source)
}

// collect lists the Markdown files of fsys in lexical order. Unreadable
// folders are reported and skipped.
func collect(fsys fs.FS, rep *Report, withHTML bool) []string {
	var paths []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				rep.fail(p, "the folder cannot be read: %v", plainErr(err))
				return fs.SkipAll
			}
			rep.fail(p, "cannot be read: %v", plainErr(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (isMarkdown(p) || withHTML && isHTML(p)) {
			paths = append(paths, p)
		}
		return nil
	})
	return paths
}

// loadAhead is how many files are read and parsed at once, by
// loadWorkers goroutines, while the store writes the previous ones.
const (
	loadAhead   = 256
	loadWorkers = 2
)

type loadResult struct {
	a   knowledge.Article
	err error
}

// loadAll reads and parses paths concurrently, results in order.
func loadAll(fsys fs.FS, paths []string, source string, opts Options, out []loadResult) []loadResult {
	out = append(out, make([]loadResult, len(paths))...)
	var wg sync.WaitGroup
	for w := 0; w < loadWorkers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(paths); i += loadWorkers {
				a, err := load(fsys, paths[i], source, opts)
				out[i] = loadResult{a, err}
			}
		}(w)
	}
	wg.Wait()
	return out
}

// load reads and parses one file into an article ready for the store.
func load(fsys fs.FS, p, source string, opts Options) (knowledge.Article, error) {
	target := p
	if fi, err := fs.Lstat(fsys, p); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		t, err := resolveInside(fsys, p, opts.rootAbs)
		if errors.Is(err, errEscapes) {
			return knowledge.Article{}, problem("is a symbolic link to a file outside the imported folder; copy the file into the folder instead")
		}
		if err != nil {
			return knowledge.Article{}, problem("is a symbolic link that cannot be followed: %v", plainErr(err))
		}
		target = t
	}
	data, err := readText(fsys, target, opts.MaxFileBytes)
	if err != nil {
		return knowledge.Article{}, err
	}
	if opts.ConvertHTML != nil && isHTML(p) {
		if data, err = opts.ConvertHTML(p, data); err != nil {
			return knowledge.Article{}, problem("%v", err)
		}
	}
	doc, err := frontmatter.Parse(data)
	if err != nil {
		return knowledge.Article{}, err
	}
	a := doc.Article
	if strings.TrimSpace(a.Body) == "" {
		// An empty file, or front matter without text. With a title of its
		// own it is a stub someone means to write: kept, as a draft. Without
		// one there is nothing to keep.
		if a.Title == "" {
			return knowledge.Article{}, errEmptyFile
		}
		a.Status = knowledge.StatusDraft
	}
	if a.Title == "" {
		a.Title = frontmatter.TitleFromFileName(p)
	}
	if a.ID == "" {
		a.ID = idFromPath(p)
	} else if !knowledge.ValidID(a.ID) {
		return a, problem("has the id %q in its front matter, which is not valid: use lowercase letters, digits, '-', '_' and '.' (for example %q)", a.ID, Slugify(a.ID))
	}
	if a.Status == "" {
		a.Status = opts.DefaultStatus
	}
	if strings.TrimSpace(a.Department) == "" {
		a.Department = strings.TrimSpace(opts.DefaultDepartment)
	}
	if strings.TrimSpace(a.Language) == "" {
		// No language key: recognise it (script, then a small stop-word
		// profile for en/ru) instead of assuming English; a language it
		// cannot tell stays unset and the store's default applies.
		a.Language = analysis.Detect(a.Title + "\n" + a.Body)
	}
	a.Source, a.SourcePath = source, p
	return a, nil
}

// errEmptyFile: the file has neither text nor a title of its own; it is
// counted in Report.Empty, not listed as a failure.
var errEmptyFile = errors.New("the file has no text and no title")

// writer queues articles and writes them with PutBatch.
type writer struct {
	ctx       context.Context
	store     knowledge.ArticleStore
	rep       *Report
	opts      knowledge.PutOptions
	archiving bool
	queue     []knowledge.Article
	paths     []string
}

func (w *writer) add(a knowledge.Article, p string) error {
	w.queue = append(w.queue, a)
	w.paths = append(w.paths, p)
	if len(w.queue) >= batchSize {
		return w.flush()
	}
	return nil
}

func (w *writer) flush() error {
	if len(w.queue) == 0 {
		return nil
	}
	opts := w.opts
	if w.archiving {
		opts.Message = "archived: its file was removed from " + strings.TrimPrefix(opts.Message, "imported from ")
	}
	rs, err := w.store.PutBatch(w.ctx, w.queue, opts)
	if errors.Is(err, knowledge.ErrInvalid) {
		// One bad article spoils the batch; write them one by one to find it.
		for i, a := range w.queue {
			r, err := w.store.Put(w.ctx, a, opts)
			if errors.Is(err, knowledge.ErrInvalid) {
				w.rep.fail(w.paths[i], "%s", strings.TrimPrefix(err.Error(), knowledge.ErrInvalid.Error()+": "))
				continue
			}
			if err != nil {
				return err
			}
			w.record(r)
		}
	} else if err != nil {
		return err
	} else {
		for _, r := range rs {
			w.record(r)
		}
	}
	w.queue, w.paths = w.queue[:0], w.paths[:0]
	return nil
}

func (w *writer) record(r knowledge.PutResult) {
	id := r.Article.ID
	switch {
	case w.archiving && r.Changed:
		w.rep.Archived = append(w.rep.Archived, id)
	case w.archiving:
	case r.Created:
		w.rep.Created = append(w.rep.Created, id)
	case r.Changed:
		w.rep.Updated = append(w.rep.Updated, id)
	default:
		w.rep.Unchanged = append(w.rep.Unchanged, id)
	}
}
