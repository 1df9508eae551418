package core

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
	"concierge/knowledge/importer"
)

// openStatuses are the statuses of articles not archived.
var openStatuses = []knowledge.Status{knowledge.StatusDraft, knowledge.StatusReview, knowledge.StatusPublished}

// save writes an article, makes it searchable before returning and reports
// the change as kind.
func (c *Core) save(ctx context.Context, a knowledge.Article, opts knowledge.PutOptions, kind string) (knowledge.PutResult, error) {
	res, err := c.store.Put(ctx, a, opts)
	if err != nil || !res.Changed {
		return res, err
	}
	// Reported once searchable, so views that refresh find the new version.
	defer c.changed(knowledge.TopicArticles, kind, res.Article.ID)
	if err := c.eng().Upsert(ctx, []knowledge.Article{res.Article}); err != nil {
		// The store is the source of truth; the next Reconcile repairs the index.
		return res, fmt.Errorf("saved, but indexing failed (it will be retried at next start): %w", err)
	}
	return res, nil
}

// ListArticles returns articles of every status unless filtered, most
// recently updated first. Query matches the id, title or a tag.
func (c *Core) ListArticles(ctx context.Context, f EditorListFilter) ([]ArticleSummary, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	statuses, err := parseStatuses(f.Statuses)
	if err != nil {
		return nil, err
	}
	list, err := c.store.List(ctx, knowledge.ListFilter{Statuses: statuses, Department: strings.TrimSpace(f.Department), WithoutBodies: true})
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	flagged := c.flaggedIDs(ctx)
	now := c.clock()
	out := []ArticleSummary{}
	for _, a := range list {
		if q == "" || editorial.Matches(a, q) {
			out = append(out, summary(a, flagged, now))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt > out[j].UpdatedAt })
	return out, nil
}

// LoadArticle returns the article for editing.
func (c *Core) LoadArticle(ctx context.Context, id string) (EditableArticle, error) {
	if err := c.reader(); err != nil {
		return EditableArticle{}, err
	}
	a, err := c.store.Get(ctx, id)
	if err != nil {
		return EditableArticle{}, notFound(id, err)
	}
	return c.editable(ctx, a), nil
}

// CreateArticle writes a new draft at version 1. Without an id one is made
// from the title (with -2, -3… when taken); an explicit id must be free.
func (c *Core) CreateArticle(ctx context.Context, in ArticleInput) (EditableArticle, error) {
	author, err := c.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	c.createMu.Lock()
	defer c.createMu.Unlock()
	id, err := c.newArticleID(ctx, in)
	if err != nil {
		return EditableArticle{}, err
	}
	a, err := apply(knowledge.Article{ID: id, Status: knowledge.StatusDraft}, in)
	if err != nil {
		return EditableArticle{}, err
	}
	res, err := c.save(ctx, a, knowledge.PutOptions{Author: author, Message: "Created"}, knowledge.KindCreated)
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	_ = c.store.DeleteAutosave(ctx, "", author)
	_ = c.store.DeleteAutosave(ctx, id, author)
	return c.editable(ctx, res.Article), nil
}

func (c *Core) newArticleID(ctx context.Context, in ArticleInput) (string, error) {
	id := strings.TrimSpace(in.ID)
	if id != "" {
		if !knowledge.ValidID(id) {
			return "", fmt.Errorf("the id %q is not valid: use lowercase letters, digits, '-', '_' and '.' (for example %q)", id, importer.Slugify(id))
		}
		if _, err := c.store.Get(ctx, id); err == nil {
			return "", fmt.Errorf("an article with the id %q already exists; choose another id", id)
		} else if !errors.Is(err, knowledge.ErrNotFound) {
			return "", err
		}
		return id, nil
	}
	base := importer.Slugify(in.Title)
	if base == "" {
		return "", errors.New("give the article a title (letters or digits) so it can get an id")
	}
	if len(base) > knowledge.MaxIDLen-4 {
		base = strings.TrimRight(base[:knowledge.MaxIDLen-4], "-_.")
	}
	id = base
	for n := 2; ; n++ {
		_, err := c.store.Get(ctx, id)
		if errors.Is(err, knowledge.ErrNotFound) {
			return id, nil
		}
		if err != nil {
			return "", err
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

// SaveArticle writes a new version when the article is still at
// expectedVersion. When someone saved in between, nothing is written and
// the result carries the conflict with both sides.
func (c *Core) SaveArticle(ctx context.Context, in ArticleInput, expectedVersion int, message string) (SaveResult, error) {
	author, err := c.editor()
	if err != nil {
		return SaveResult{}, err
	}
	if expectedVersion <= 0 {
		return SaveResult{}, errors.New("the version you edited is missing; reload the article")
	}
	cur, err := c.store.Get(ctx, in.ID)
	if err != nil {
		return SaveResult{}, notFound(in.ID, err)
	}
	if cur.Version != expectedVersion {
		return c.conflict(ctx, in, expectedVersion)
	}
	a, err := apply(cur, in)
	if err != nil {
		return SaveResult{}, err
	}
	message = strings.TrimSpace(message)
	if message == "" {
		message = "Edited"
	}
	if open, review, err := c.reviewsEdits(ctx, cur); err != nil {
		return SaveResult{}, err
	} else if review { // revisions.go: the live article stays as it is
		return c.proposeRevision(ctx, cur, a, open, author, message)
	}
	res, err := c.save(ctx, a, knowledge.PutOptions{ExpectedVersion: expectedVersion, Author: author, Message: message}, knowledge.KindSaved)
	if errors.Is(err, knowledge.ErrConflict) {
		return c.conflict(ctx, in, expectedVersion)
	}
	if err != nil {
		return SaveResult{}, readable(err)
	}
	_ = c.store.DeleteAutosave(ctx, in.ID, author)
	return SaveResult{Article: c.editable(ctx, res.Article)}, nil
}

func (c *Core) conflict(ctx context.Context, mine ArticleInput, base int) (SaveResult, error) {
	theirs, err := c.store.Get(ctx, mine.ID)
	if err != nil {
		return SaveResult{}, notFound(mine.ID, err)
	}
	baseArt, err := c.articleVersion(ctx, mine.ID, base)
	if err != nil {
		baseArt = knowledge.Article{}
	}
	mineArt, err := apply(theirs, mine)
	if err != nil {
		mineArt = theirs
		mineArt.Body = mine.Body
	}
	te := c.editable(ctx, theirs)
	return SaveResult{Article: te, Conflict: &Conflict{
		Mine: mine, Theirs: te, BaseVersion: base,
		Diff: editorial.DiffArticles(baseArt, theirs), MineDiff: editorial.DiffArticles(baseArt, mineArt),
	}}, nil
}

// SetStatus moves the article through the workflow. Publishing makes it
// searchable before returning; archiving hides it from agents.
func (c *Core) SetStatus(ctx context.Context, id, status string, expectedVersion int, note string) (EditableArticle, error) {
	author, err := c.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	st := knowledge.Status(strings.ToLower(strings.TrimSpace(status)))
	if !st.Valid() {
		return EditableArticle{}, fmt.Errorf("unknown status %q: use draft, review, published or archived", status)
	}
	cur, err := c.current(ctx, id, expectedVersion)
	if err != nil {
		return EditableArticle{}, err
	}
	if cur.Status == st {
		return c.editable(ctx, cur), nil
	}
	msg := fmt.Sprintf("Status: %s → %s", cur.Status, st)
	if n := strings.TrimSpace(note); n != "" {
		msg += " — " + n
	}
	a := cur
	a.Status = st
	res, err := c.save(ctx, a, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: author, Message: msg}, articleKind(cur.Status, st))
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	return c.editable(ctx, res.Article), nil
}

// current loads the article and, when expectedVersion > 0, checks that
// nobody saved it since the caller read it.
func (c *Core) current(ctx context.Context, id string, expectedVersion int) (knowledge.Article, error) {
	cur, err := c.store.Get(ctx, id)
	if err != nil {
		return cur, notFound(id, err)
	}
	if expectedVersion > 0 && cur.Version != expectedVersion {
		return cur, fmt.Errorf("%w (it is now at version %d, you have version %d); reload it first", knowledge.ErrConflict, cur.Version, expectedVersion)
	}
	return cur, nil
}
