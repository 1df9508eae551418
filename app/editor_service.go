package app

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/editorial"
	"concierge/knowledge/embed"
	"concierge/knowledge/importer"
	"concierge/knowledge/markdown"
	"concierge/knowledge/search"
)

// EditorService is the knowledge editor's back end (app/EDITOR_API.md):
// writing and versioning articles, the workflow, attention lists, import
// and export. Changes need the profile role "editor"; the lists can also be
// read by supervisors. The profile name is the author of every version.
type EditorService struct {
	app *App
	// createMu serialises id allocation for new articles in this process.
	createMu sync.Mutex
}

// Errors shown to users who lack the role.
var (
	ErrNeedsEditor = errors.New("this needs the editor role — switch your role in Settings")
	ErrNeedsReader = errors.New("this needs the editor or supervisor role — switch your role in Settings")
)

// ArticleSummary is one row of the editor's article lists.
type ArticleSummary struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner"`
	Version    int      `json:"version"`
	UpdatedAt  string   `json:"updatedAt"`
	ReviewBy   string   `json:"reviewBy"`
	Stale      bool     `json:"stale"`
	Flagged    bool     `json:"flagged"`
	Tags       []string `json:"tags"`
}

// EditableArticle is an article as the editor edits it, with who last
// changed its status and when.
type EditableArticle struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Body       string   `json:"body"`
	Department string   `json:"department"`
	Tags       []string `json:"tags"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Status     string   `json:"status"`
	Owner      string   `json:"owner"`
	ReviewBy   string   `json:"reviewBy"`
	Version    int      `json:"version"`
	UpdatedAt  string   `json:"updatedAt"`
	StatusBy   string   `json:"statusBy"`
	StatusAt   string   `json:"statusAt"`
}

// ArticleInput is what the editor's form sends. An empty ID on Create
// makes one from the title.
type ArticleInput struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Body       string   `json:"body"`
	Department string   `json:"department"`
	Tags       []string `json:"tags"`
	Language   string   `json:"language"`
	Audience   string   `json:"audience"`
	Owner      string   `json:"owner"`
	ReviewBy   string   `json:"reviewBy"`
}

// SaveResult is the saved article, or a conflict when someone else saved
// since the editor's version (then nothing was written).
type SaveResult struct {
	Article  EditableArticle `json:"article"`
	Conflict *Conflict       `json:"conflict"`
}

// Conflict shows both sides of a concurrent edit: what this editor wrote
// (mine) and the article as it now is (theirs), each diffed against the
// version both started from.
type Conflict struct {
	Mine        ArticleInput    `json:"mine"`
	Theirs      EditableArticle `json:"theirs"`
	BaseVersion int             `json:"baseVersion"`
	Diff        []DiffLine      `json:"diff"`
	MineDiff    []DiffLine      `json:"mineDiff"`
}

// VersionInfo is one entry of an article's history.
type VersionInfo struct {
	Version int    `json:"version"`
	Author  string `json:"author"`
	Message string `json:"message"`
	At      string `json:"at"`
	Status  string `json:"status"`
	Title   string `json:"title"`
}

// DiffLine is one line of a diff ("equal", "insert" or "delete").
type DiffLine = editorial.DiffLine

// Preview is Markdown rendered as agents will see it.
type Preview struct {
	HTML        string    `json:"html"`
	Headings    []Heading `json:"headings"`
	Links       []string  `json:"links"`
	BrokenLinks []string  `json:"brokenLinks"`
}

// GapCluster is a group of searches that found nothing useful.
type GapCluster struct {
	Label    string   `json:"label"`
	Count    int      `json:"count"`
	Examples []string `json:"examples"`
	LastAt   string   `json:"lastAt"`
}

// DuplicatePair is two articles that say much the same.
type DuplicatePair struct {
	A          ArticleSummary `json:"a"`
	B          ArticleSummary `json:"b"`
	Similarity float64        `json:"similarity"`
}

// ImportPlan says what an import of a folder would do; ImportReport what
// it did.
type ImportPlan struct {
	Source    string               `json:"source"`
	Create    []string             `json:"create"`
	Update    []string             `json:"update"`
	Unchanged []string             `json:"unchanged"`
	Archive   []string             `json:"archive"`
	Failed    []importer.FileError `json:"failed"`
}

// ImportReport has the fields of ImportPlan, after applying.
type ImportReport ImportPlan

// EditorListFilter narrows List.
type EditorListFilter struct {
	Statuses   []string `json:"statuses"`
	Department string   `json:"department"`
	Query      string   `json:"query"`
}

// LinkTarget is an article offered by [[ autocomplete.
type LinkTarget struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Department string `json:"department"`
}

// Attachment is where an added attachment lives, as a Markdown path.
type Attachment struct {
	Path string `json:"path"`
}

// Limits.
const (
	MaxAttachmentBytes = 5 << 20
	maxLinkTargets     = 20
	maxGapQueries      = 2000
)

func (s *EditorService) profile() config.Profile { return s.app.svc.Config().Profile }

// editor checks the role for changes and returns the author name.
func (s *EditorService) editor() (string, error) {
	p := s.profile()
	if p.Role != "editor" {
		return "", ErrNeedsEditor
	}
	name := strings.TrimSpace(p.Name)
	if name == "" {
		return "", errors.New("enter your name in Settings: it is recorded with every version you save")
	}
	return name, nil
}

func (s *EditorService) reader() error {
	switch s.profile().Role {
	case "editor", "supervisor":
		return nil
	}
	return ErrNeedsReader
}

func (s *EditorService) store() knowledge.Stores { return s.app.svc.Store() }

func ctxLong() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Minute)
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

func notFound(id string, err error) error {
	if errors.Is(err, knowledge.ErrNotFound) {
		return fmt.Errorf("the article %q does not exist (it may have been renamed or deleted)", id)
	}
	return err
}

// readable turns store validation errors into the message alone.
func readable(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, knowledge.ErrInvalid) {
		return errors.New(strings.TrimPrefix(err.Error(), knowledge.ErrInvalid.Error()+": "))
	}
	return err
}

// ---- lists ----------------------------------------------------------------

func (s *EditorService) flaggedIDs(ctx context.Context) map[string]bool {
	out := map[string]bool{}
	list, err := s.store().Flagged(ctx)
	if err != nil {
		return out
	}
	for _, f := range list {
		out[f.ArticleID] = true
	}
	return out
}

func summary(a knowledge.Article, flagged map[string]bool, now time.Time) ArticleSummary {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	return ArticleSummary{
		ID: a.ID, Title: a.Title, Department: a.Department, Language: a.Language,
		Audience: string(a.Audience), Status: string(a.Status), Owner: a.Owner, Version: a.Version,
		UpdatedAt: formatTime(a.UpdatedAt), ReviewBy: formatDate(a.ReviewBy),
		Stale: a.Stale(now), Flagged: flagged[a.ID], Tags: tags,
	}
}

func parseStatuses(in []string) ([]knowledge.Status, error) {
	var out []knowledge.Status
	for _, st := range in {
		k := knowledge.Status(strings.ToLower(strings.TrimSpace(st)))
		if k == "" {
			continue
		}
		if !k.Valid() {
			return nil, fmt.Errorf("unknown status %q: use draft, review, published or archived", st)
		}
		out = append(out, k)
	}
	return out, nil
}

var openStatuses = []knowledge.Status{knowledge.StatusDraft, knowledge.StatusReview, knowledge.StatusPublished}

// List returns articles of every status unless filtered, most recently
// updated first. Query matches the id, title or a tag (case-insensitive).
func (s *EditorService) List(f EditorListFilter) ([]ArticleSummary, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	statuses, err := parseStatuses(f.Statuses)
	if err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	list, err := s.store().List(ctx, knowledge.ListFilter{Statuses: statuses, Department: strings.TrimSpace(f.Department)})
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	flagged := s.flaggedIDs(ctx)
	now := time.Now()
	out := []ArticleSummary{}
	for _, a := range list {
		if q != "" && !matches(a, q) {
			continue
		}
		out = append(out, summary(a, flagged, now))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].UpdatedAt > out[j].UpdatedAt })
	return out, nil
}

func matches(a knowledge.Article, q string) bool {
	if strings.Contains(a.ID, q) || strings.Contains(strings.ToLower(a.Title), q) {
		return true
	}
	for _, t := range a.Tags {
		if strings.Contains(strings.ToLower(t), q) {
			return true
		}
	}
	return false
}

// ---- one article ------------------------------------------------------------

// statusSince finds who moved the article into its current status and
// when: the oldest version of the newest run of versions with that status.
func (s *EditorService) statusSince(ctx context.Context, a knowledge.Article) (string, time.Time) {
	list, err := s.store().Versions(ctx, a.ID)
	if err != nil {
		return "", time.Time{}
	}
	var by string
	var at time.Time
	for _, v := range list { // newest first
		if v.Article.Status != a.Status {
			break
		}
		by, at = v.Author, v.At
	}
	return by, at
}

func (s *EditorService) editable(ctx context.Context, a knowledge.Article) EditableArticle {
	by, at := s.statusSince(ctx, a)
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	return EditableArticle{
		ID: a.ID, Title: a.Title, Body: a.Body, Department: a.Department, Tags: tags,
		Language: a.Language, Audience: string(a.Audience), Status: string(a.Status), Owner: a.Owner,
		ReviewBy: formatDate(a.ReviewBy), Version: a.Version, UpdatedAt: formatTime(a.UpdatedAt),
		StatusBy: by, StatusAt: formatTime(at),
	}
}

// Load returns the article for editing.
func (s *EditorService) Load(id string) (EditableArticle, error) {
	if err := s.reader(); err != nil {
		return EditableArticle{}, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	a, err := s.store().Get(ctx, id)
	if err != nil {
		return EditableArticle{}, notFound(id, err)
	}
	return s.editable(ctx, a), nil
}

// apply copies the form's fields onto a (status, source and extra front
// matter stay as they are).
func apply(a knowledge.Article, in ArticleInput) (knowledge.Article, error) {
	a.Title = in.Title
	a.Body = in.Body
	a.Department = strings.TrimSpace(in.Department)
	a.Tags = append([]string{}, in.Tags...)
	a.Language = strings.TrimSpace(in.Language)
	a.Audience = knowledge.Audience(strings.TrimSpace(in.Audience))
	a.Owner = strings.TrimSpace(in.Owner)
	a.ReviewBy = time.Time{}
	if d := strings.TrimSpace(in.ReviewBy); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return a, fmt.Errorf("the review-by date %q is not a date; use YYYY-MM-DD", in.ReviewBy)
		}
		a.ReviewBy = t
	}
	return a, nil
}

func inputOf(a knowledge.Article) ArticleInput {
	return ArticleInput{
		ID: a.ID, Title: a.Title, Body: a.Body, Department: a.Department, Tags: append([]string{}, a.Tags...),
		Language: a.Language, Audience: string(a.Audience), Owner: a.Owner, ReviewBy: formatDate(a.ReviewBy),
	}
}

// Create writes a new draft at version 1. Without an id one is made from
// the title (with -2, -3… when taken); an explicit id must be free.
func (s *EditorService) Create(in ArticleInput) (EditableArticle, error) {
	author, err := s.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	s.createMu.Lock()
	defer s.createMu.Unlock()

	id := strings.TrimSpace(in.ID)
	if id == "" {
		base := importer.Slugify(in.Title)
		if base == "" {
			return EditableArticle{}, errors.New("give the article a title (letters or digits) so it can get an id")
		}
		if len(base) > knowledge.MaxIDLen-4 {
			base = strings.TrimRight(base[:knowledge.MaxIDLen-4], "-_.")
		}
		id = base
		for n := 2; ; n++ {
			_, err := s.store().Get(ctx, id)
			if errors.Is(err, knowledge.ErrNotFound) {
				break
			}
			if err != nil {
				return EditableArticle{}, err
			}
			id = fmt.Sprintf("%s-%d", base, n)
		}
	} else {
		if !knowledge.ValidID(id) {
			return EditableArticle{}, fmt.Errorf("the id %q is not valid: use lowercase letters, digits, '-', '_' and '.' (for example %q)", id, importer.Slugify(id))
		}
		if _, err := s.store().Get(ctx, id); err == nil {
			return EditableArticle{}, fmt.Errorf("an article with the id %q already exists; choose another id", id)
		} else if !errors.Is(err, knowledge.ErrNotFound) {
			return EditableArticle{}, err
		}
	}
	a, err := apply(knowledge.Article{ID: id, Status: knowledge.StatusDraft}, in)
	if err != nil {
		return EditableArticle{}, err
	}
	res, err := s.app.svc.Save(ctx, a, knowledge.PutOptions{Author: author, Message: "Created"})
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	_ = s.store().DeleteAutosave(ctx, "", author)
	_ = s.store().DeleteAutosave(ctx, id, author)
	return s.editable(ctx, res.Article), nil
}

// Save writes a new version when the article is still at expectedVersion.
// When someone saved in between, nothing is written and the result carries
// the conflict with both sides.
func (s *EditorService) Save(in ArticleInput, expectedVersion int, message string) (SaveResult, error) {
	author, err := s.editor()
	if err != nil {
		return SaveResult{}, err
	}
	if expectedVersion <= 0 {
		return SaveResult{}, errors.New("the version you edited is missing; reload the article")
	}
	ctx, cancel := ctx5()
	defer cancel()
	cur, err := s.store().Get(ctx, in.ID)
	if err != nil {
		return SaveResult{}, notFound(in.ID, err)
	}
	if cur.Version != expectedVersion {
		return s.conflict(ctx, in, expectedVersion)
	}
	a, err := apply(cur, in)
	if err != nil {
		return SaveResult{}, err
	}
	message = strings.TrimSpace(message)
	if message == "" {
		message = "Edited"
	}
	res, err := s.app.svc.Save(ctx, a, knowledge.PutOptions{ExpectedVersion: expectedVersion, Author: author, Message: message})
	if errors.Is(err, knowledge.ErrConflict) {
		return s.conflict(ctx, in, expectedVersion)
	}
	if err != nil {
		return SaveResult{}, readable(err)
	}
	_ = s.store().DeleteAutosave(ctx, in.ID, author)
	return SaveResult{Article: s.editable(ctx, res.Article)}, nil
}

func (s *EditorService) conflict(ctx context.Context, mine ArticleInput, base int) (SaveResult, error) {
	theirs, err := s.store().Get(ctx, mine.ID)
	if err != nil {
		return SaveResult{}, notFound(mine.ID, err)
	}
	baseArt, err := s.app.svc.ArticleVersion(ctx, mine.ID, base)
	if err != nil {
		baseArt = knowledge.Article{}
	}
	mineArt, err := apply(theirs, mine)
	if err != nil {
		mineArt = theirs
		mineArt.Body = mine.Body
	}
	te := s.editable(ctx, theirs)
	return SaveResult{Article: te, Conflict: &Conflict{
		Mine: mine, Theirs: te, BaseVersion: base,
		Diff: diffArticles(baseArt, theirs), MineDiff: diffArticles(baseArt, mineArt),
	}}, nil
}

// SetStatus moves the article through the workflow. Publishing makes it
// searchable before returning; archiving hides it from agents.
func (s *EditorService) SetStatus(id, status string, expectedVersion int, note string) (EditableArticle, error) {
	author, err := s.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	st := knowledge.Status(strings.ToLower(strings.TrimSpace(status)))
	if !st.Valid() {
		return EditableArticle{}, fmt.Errorf("unknown status %q: use draft, review, published or archived", status)
	}
	ctx, cancel := ctx5()
	defer cancel()
	cur, err := s.current(ctx, id, expectedVersion)
	if err != nil {
		return EditableArticle{}, err
	}
	if cur.Status == st {
		return s.editable(ctx, cur), nil
	}
	msg := fmt.Sprintf("Status: %s → %s", cur.Status, st)
	if n := strings.TrimSpace(note); n != "" {
		msg += " — " + n
	}
	a := cur
	a.Status = st
	res, err := s.app.svc.Save(ctx, a, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: author, Message: msg})
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	return s.editable(ctx, res.Article), nil
}

// ---- versions ---------------------------------------------------------------

// Versions lists the article's history, newest first.
func (s *EditorService) Versions(id string) ([]VersionInfo, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	list, err := s.store().Versions(ctx, id)
	if err != nil {
		return nil, notFound(id, err)
	}
	out := make([]VersionInfo, 0, len(list))
	for _, v := range list {
		out = append(out, VersionInfo{Version: v.Version, Author: v.Author, Message: v.Message,
			At: formatTime(v.At), Status: string(v.Article.Status), Title: v.Article.Title})
	}
	return out, nil
}

// Diff compares two versions (0: the current one): changed title and
// metadata first, as delete/insert pairs numbered 0, then the body lines.
func (s *EditorService) Diff(id string, fromVersion, toVersion int) ([]DiffLine, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	a, err := s.app.svc.ArticleVersion(ctx, id, fromVersion)
	if err != nil {
		return nil, fmt.Errorf("version %d of %q: %w", fromVersion, id, notFound(id, err))
	}
	b, err := s.app.svc.ArticleVersion(ctx, id, toVersion)
	if err != nil {
		return nil, fmt.Errorf("version %d of %q: %w", toVersion, id, notFound(id, err))
	}
	return diffArticles(a, b), nil
}

func diffArticles(a, b knowledge.Article) []DiffLine {
	var out []DiffLine
	meta := func(name, x, y string) {
		if x == y {
			return
		}
		if x != "" {
			out = append(out, DiffLine{Op: editorial.OpDelete, Text: name + ": " + x})
		}
		if y != "" {
			out = append(out, DiffLine{Op: editorial.OpInsert, Text: name + ": " + y})
		}
	}
	meta("title", a.Title, b.Title)
	meta("department", a.Department, b.Department)
	meta("tags", strings.Join(a.Tags, ", "), strings.Join(b.Tags, ", "))
	meta("language", a.Language, b.Language)
	meta("audience", string(a.Audience), string(b.Audience))
	meta("status", string(a.Status), string(b.Status))
	meta("owner", a.Owner, b.Owner)
	meta("review by", formatDate(a.ReviewBy), formatDate(b.ReviewBy))
	out = append(out, editorial.Lines(a.Body, b.Body)...)
	if out == nil {
		out = []DiffLine{}
	}
	return out
}

// Restore writes a new version whose content (title, body and metadata)
// equals version `version`; the workflow status stays as it is.
func (s *EditorService) Restore(id string, version, expectedVersion int) (EditableArticle, error) {
	author, err := s.editor()
	if err != nil {
		return EditableArticle{}, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	cur, err := s.current(ctx, id, expectedVersion)
	if err != nil {
		return EditableArticle{}, err
	}
	old, err := s.app.svc.ArticleVersion(ctx, id, version)
	if err != nil {
		return EditableArticle{}, fmt.Errorf("version %d of %q is not available", version, id)
	}
	a, err := apply(cur, inputOf(old))
	if err != nil {
		return EditableArticle{}, err
	}
	res, err := s.app.svc.Save(ctx, a, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: author,
		Message: fmt.Sprintf("Restored version %d", version)})
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	return s.editable(ctx, res.Article), nil
}

// ---- autosave ---------------------------------------------------------------

// Autosave keeps the form's state for id ("" for a new article), apart from
// the versions, per author.
func (s *EditorService) Autosave(id string, in ArticleInput) error {
	author, err := s.editor()
	if err != nil {
		return err
	}
	data, err := json.Marshal(in)
	if err != nil {
		return err
	}
	ctx, cancel := ctx5()
	defer cancel()
	return readable(s.store().PutAutosave(ctx, strings.TrimSpace(id), author, string(data)))
}

// LoadAutosave returns the autosaved form for id, or nil.
func (s *EditorService) LoadAutosave(id string) (*ArticleInput, error) {
	author, err := s.editor()
	if err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	data, _, err := s.store().Autosave(ctx, strings.TrimSpace(id), author)
	if errors.Is(err, knowledge.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var in ArticleInput
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return nil, nil // a damaged autosave is no draft
	}
	return &in, nil
}

// DiscardAutosave drops the autosaved form for id.
func (s *EditorService) DiscardAutosave(id string) error {
	author, err := s.editor()
	if err != nil {
		return err
	}
	ctx, cancel := ctx5()
	defer cancel()
	return s.store().DeleteAutosave(ctx, strings.TrimSpace(id), author)
}

// ---- writing aids -------------------------------------------------------------

// LinkTargets offers up to 20 drafts, articles in review and published
// articles whose id or title (or a word of it) starts with prefix.
func (s *EditorService) LinkTargets(prefix string) ([]LinkTarget, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	list, err := s.store().List(ctx, knowledge.ListFilter{Statuses: openStatuses})
	if err != nil {
		return nil, err
	}
	p := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(prefix), "[[")))
	type scored struct {
		t    LinkTarget
		rank int
	}
	var hits []scored
	for _, a := range list {
		title := strings.ToLower(a.Title)
		rank := -1
		switch {
		case strings.HasPrefix(a.ID, p):
			rank = 0
		case strings.HasPrefix(title, p):
			rank = 1
		default:
			for _, w := range strings.Fields(title) {
				if strings.HasPrefix(w, p) {
					rank = 2
					break
				}
			}
		}
		if rank >= 0 {
			hits = append(hits, scored{LinkTarget{ID: a.ID, Title: a.Title, Department: a.Department}, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	out := []LinkTarget{}
	for i := 0; i < len(hits) && i < maxLinkTargets; i++ {
		out = append(out, hits[i].t)
	}
	return out, nil
}

// Preview renders Markdown with the renderer agents see and lists the
// article links, marking those to articles that do not exist.
func (s *EditorService) Preview(md string) (Preview, error) {
	if err := s.reader(); err != nil {
		return Preview{}, err
	}
	r, err := s.app.svc.Renderer().Render([]byte(md))
	if err != nil {
		return Preview{}, fmt.Errorf("the preview could not be rendered: %w", err)
	}
	ctx, cancel := ctx5()
	defer cancel()
	hashes, err := s.store().Hashes(ctx)
	if err != nil {
		return Preview{}, err
	}
	p := Preview{HTML: r.HTML, Headings: []Heading{}, Links: []string{}, BrokenLinks: []string{}}
	for _, h := range r.Headings {
		p.Headings = append(p.Headings, Heading{Level: h.Level, Text: h.Text, ID: h.ID})
	}
	for _, id := range r.ArticleLinks {
		p.Links = append(p.Links, id)
		if _, ok := hashes[id]; !ok {
			p.BrokenLinks = append(p.BrokenLinks, id)
		}
	}
	return p, nil
}

// imageExt maps the sniffed content types accepted as attachments.
var imageExt = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
}

// AddAttachment stores an image (PNG, JPEG, GIF or WebP, recognised by its
// content, at most 5 MB) under <data dir>/attachments/<articleId>/ and
// returns its Markdown path attachments/<articleId>/<name>.
func (s *EditorService) AddAttachment(articleID, fileName, base64Data string) (Attachment, error) {
	if _, err := s.editor(); err != nil {
		return Attachment{}, err
	}
	articleID = strings.TrimSpace(articleID)
	if !knowledge.ValidID(articleID) {
		return Attachment{}, fmt.Errorf("save the article before adding images (%q is not an article id)", articleID)
	}
	b64 := strings.TrimSpace(base64Data)
	if strings.HasPrefix(b64, "data:") { // a data URL from FileReader
		if i := strings.Index(b64, ";base64,"); i >= 0 {
			b64 = b64[i+len(";base64,"):]
		}
	}
	if base64.StdEncoding.DecodedLen(len(b64)) > MaxAttachmentBytes+3 {
		return Attachment{}, fmt.Errorf("%s is larger than 5 MB; make the image smaller", fileName)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return Attachment{}, fmt.Errorf("%s could not be read (the upload is damaged)", fileName)
	}
	if len(data) > MaxAttachmentBytes {
		return Attachment{}, fmt.Errorf("%s is larger than 5 MB; make the image smaller", fileName)
	}
	if len(data) == 0 {
		return Attachment{}, fmt.Errorf("%s is empty", fileName)
	}
	ctype := http.DetectContentType(data)
	ext, ok := imageExt[ctype]
	if !ok {
		return Attachment{}, fmt.Errorf("%s is not a PNG, JPEG, GIF or WebP image (it looks like %s)", fileName, ctype)
	}
	base := filepath.Base(strings.ReplaceAll(fileName, `\`, "/"))
	stem := importer.Slugify(strings.TrimSuffix(base, filepath.Ext(base)))
	if len(stem) > 80 {
		stem = strings.TrimRight(stem[:80], "-_.")
	}
	if stem == "" {
		stem = "image"
	}
	dir := filepath.Join(s.app.svc.DataDir(), "attachments", articleID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Attachment{}, fmt.Errorf("cannot store the image: %w", err)
	}
	for n := 1; n < 1000; n++ {
		name := stem + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		p := filepath.Join(dir, name)
		if old, err := os.ReadFile(p); err == nil {
			if string(old) == string(data) {
				return Attachment{Path: "attachments/" + articleID + "/" + name}, nil
			}
			continue
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return Attachment{}, fmt.Errorf("cannot store the image: %w", err)
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(p)
			return Attachment{}, fmt.Errorf("cannot store the image: %w", werr)
		}
		return Attachment{Path: "attachments/" + articleID + "/" + name}, nil
	}
	return Attachment{}, errors.New("too many images with that name; rename the file")
}

// ---- attention lists --------------------------------------------------------

// Stale lists articles (not archived) whose review-by date has passed or
// falls within withinDays days, most overdue first.
func (s *EditorService) Stale(withinDays int) ([]ArticleSummary, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	if withinDays < 0 {
		withinDays = 0
	}
	ctx, cancel := ctx5()
	defer cancel()
	list, err := s.store().List(ctx, knowledge.ListFilter{Statuses: openStatuses})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	y, m, d := now.UTC().Date()
	cutoff := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, withinDays+1) // through the Nth day
	var due []knowledge.Article
	for _, a := range list {
		if !a.ReviewBy.IsZero() && a.ReviewBy.Before(cutoff) {
			due = append(due, a)
		}
	}
	sort.SliceStable(due, func(i, j int) bool { return due[i].ReviewBy.Before(due[j].ReviewBy) })
	flagged := s.flaggedIDs(ctx)
	out := make([]ArticleSummary, 0, len(due))
	for _, a := range due {
		out = append(out, summary(a, flagged, now))
	}
	return out, nil
}

// Flagged lists articles agents rated outdated or wrong, with comments.
func (s *EditorService) Flagged() ([]knowledge.FlaggedArticle, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	ctx, cancel := ctx5()
	defer cancel()
	out, err := s.app.svc.Ratings().Flagged(ctx)
	if out == nil {
		out = []knowledge.FlaggedArticle{}
	}
	return out, err
}

// similarity returns the embedder to compare texts with and the threshold
// that makes two searches "the same question" for it: the search engine's
// embedder, or the built-in one when that is remote and unreachable.
func (s *EditorService) similarity() (embed.Embedder, float64) {
	emb := s.app.svc.Engine().Embedder()
	if emb == nil || strings.HasPrefix(emb.ID(), "builtin") {
		return embed.NewBuiltin(), editorial.DefaultGapSimilarity
	}
	return emb, 0.75 // neural embedders score unrelated short texts higher
}

// Gaps clusters the searches of the last `days` days (0: all) that find
// nothing, or only weak matches, in the knowledge base as it is now.
func (s *EditorService) Gaps(days int) ([]GapCluster, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	log, err := s.store().QueryLog(ctx, 0)
	if err != nil {
		return nil, err
	}
	var since time.Time
	if days > 0 {
		since = time.Now().AddDate(0, 0, -days)
	}
	// Judge each distinct query once against the current index, so a gap an
	// editor has since filled drops off the list.
	verdict := map[string]bool{}
	var weak []knowledge.QueryLogEntry
	for _, e := range log {
		if e.At.Before(since) {
			continue
		}
		key := strings.Join(strings.Fields(strings.ToLower(e.Query)), " ")
		if key == "" {
			continue
		}
		w, seen := verdict[key]
		if !seen {
			if len(verdict) >= maxGapQueries {
				continue
			}
			w, err = s.weakQuery(ctx, e.Query)
			if err != nil {
				return nil, err
			}
			verdict[key] = w
		}
		if w {
			weak = append(weak, e)
		}
	}
	emb, threshold := s.similarity()
	clusters, err := editorial.ClusterGaps(ctx, emb, weak, threshold)
	if err != nil && !strings.HasPrefix(emb.ID(), "builtin") {
		clusters, err = editorial.ClusterGaps(ctx, embed.NewBuiltin(), weak, editorial.DefaultGapSimilarity)
	}
	if err != nil {
		return nil, err
	}
	out := make([]GapCluster, 0, len(clusters))
	for _, c := range clusters {
		out = append(out, GapCluster{Label: c.Label, Count: c.Count, Examples: c.Examples, LastAt: formatTime(c.LastAt)})
	}
	return out, nil
}

// weakQuery reports whether q finds no published article, or only weak
// matches (see search.ArticleHit.Weak).
func (s *EditorService) weakQuery(ctx context.Context, q string) (bool, error) {
	resp, err := s.app.svc.Engine().Search(ctx, search.Request{Query: q, Limit: 3, PassagesPerArticle: 1})
	if err != nil {
		return false, err
	}
	if resp.Total == 0 || len(resp.Results) == 0 {
		return true, nil
	}
	return resp.Results[0].Weak, nil
}

// Duplicates lists pairs of articles (not archived) at least threshold
// similar (0..1; 0 means 0.85), most similar first.
func (s *EditorService) Duplicates(threshold float64) ([]DuplicatePair, error) {
	if err := s.reader(); err != nil {
		return nil, err
	}
	if threshold > 1 {
		return nil, fmt.Errorf("the similarity threshold %.2f is above 1", threshold)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	list, err := s.store().List(ctx, knowledge.ListFilter{Statuses: openStatuses})
	if err != nil {
		return nil, err
	}
	emb, _ := s.similarity()
	pairs, err := editorial.Duplicates(ctx, emb, list, threshold)
	if err != nil && !strings.HasPrefix(emb.ID(), "builtin") {
		pairs, err = editorial.Duplicates(ctx, embed.NewBuiltin(), list, threshold)
	}
	if err != nil {
		return nil, err
	}
	flagged := s.flaggedIDs(ctx)
	now := time.Now()
	out := make([]DuplicatePair, 0, len(pairs))
	for _, p := range pairs {
		out = append(out, DuplicatePair{A: summary(p.A, flagged, now), B: summary(p.B, flagged, now), Similarity: p.Similarity})
	}
	return out, nil
}

// ---- import and export --------------------------------------------------------

func planOf(r importer.Report) ImportPlan {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	failed := r.Failed
	if failed == nil {
		failed = []importer.FileError{}
	}
	return ImportPlan{Source: r.Source, Create: nz(r.Created), Update: nz(r.Updated), Unchanged: nz(r.Unchanged),
		Archive: nz(r.Archived), Failed: failed}
}

// ImportPreview tells what importing the folder (Markdown with front
// matter, or HTML converted to Markdown) would create, update, leave
// unchanged, archive or skip, without writing anything.
func (s *EditorService) ImportPreview(folder string) (ImportPlan, error) {
	if err := s.reader(); err != nil {
		return ImportPlan{}, err
	}
	ctx, cancel := ctxLong()
	defer cancel()
	rep, err := editorial.PlanImport(ctx, s.store(), folder, editorial.ImportOptions(s.profile().Name))
	if err != nil {
		return ImportPlan{}, err
	}
	return planOf(rep), nil
}

// ImportApply imports the folder and brings the search index up to date.
func (s *EditorService) ImportApply(folder string) (ImportReport, error) {
	author, err := s.editor()
	if err != nil {
		return ImportReport{}, err
	}
	ctx, cancel := ctxLong()
	defer cancel()
	rep, err := importer.ImportDir(ctx, s.store(), folder, editorial.ImportOptions(author))
	if err != nil {
		return ImportReport(planOf(rep)), err
	}
	if _, err := s.app.svc.Reconcile(ctx); err != nil {
		return ImportReport(planOf(rep)), err
	}
	return ImportReport(planOf(rep)), nil
}

// Export writes the articles with status ("" = all) as Markdown files with
// front matter into folder/<department>/<id>.md and returns how many.
func (s *EditorService) Export(folder, status string) (int, error) {
	if err := s.reader(); err != nil {
		return 0, err
	}
	if strings.TrimSpace(folder) == "" {
		return 0, errors.New("choose a folder to export to")
	}
	statuses, err := parseStatuses([]string{status})
	if err != nil {
		return 0, err
	}
	ctx, cancel := ctxLong()
	defer cancel()
	return editorial.Export(ctx, s.store(), folder, statuses...)
}

// ---- serving attachments --------------------------------------------------------

// attachmentName is what AddAttachment produces.
var attachmentName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}\.(png|jpg|jpeg|gif|webp)$`)

// AttachmentHandler serves <dataDir>/attachments/<articleId>/<name> at
// /kb-files/<articleId>/<name>: GET and HEAD only, images only (the type is
// sniffed from the content and must be PNG, JPEG, GIF or WebP), with
// nosniff, and through os.Root so that no path can leave the folder.
func AttachmentHandler(dataDir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		rest, ok := strings.CutPrefix(r.URL.Path, markdown.AttachmentURLPrefix)
		id, name, ok2 := strings.Cut(rest, "/")
		if !ok || !ok2 || !knowledge.ValidID(id) || !attachmentName.MatchString(name) {
			http.NotFound(w, r)
			return
		}
		root, err := os.OpenRoot(filepath.Join(dataDir, "attachments"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer root.Close()
		f, err := root.Open(id + "/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > MaxAttachmentBytes {
			http.NotFound(w, r)
			return
		}
		head := make([]byte, 512)
		n, _ := io.ReadFull(f, head)
		ctype := http.DetectContentType(head[:n])
		if _, ok := imageExt[ctype]; !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", fi.ModTime(), f)
	})
}

// current loads the article and, when expectedVersion > 0, checks that
// nobody saved it since the caller read it.
func (s *EditorService) current(ctx context.Context, id string, expectedVersion int) (knowledge.Article, error) {
	cur, err := s.store().Get(ctx, id)
	if err != nil {
		return cur, notFound(id, err)
	}
	if expectedVersion > 0 && cur.Version != expectedVersion {
		return cur, fmt.Errorf("%w (it is now at version %d, you have version %d); reload it first", knowledge.ErrConflict, cur.Version, expectedVersion)
	}
	return cur, nil
}
