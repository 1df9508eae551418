package core

import (
	"concierge/knowledge/assist/textscan"
	"concierge/knowledge/editorial"
	"concierge/knowledge/importer"
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
	// Revision is set when the edit of a published article was kept as a
	// revision waiting for review (revisions.go): Article is then the
	// live article, unchanged.
	Revision *RevisionView `json:"revision"`
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
	// Signals: text that reads as instructions to an AI (see textscan).
	Signals []textscan.Signal `json:"signals"`
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

// ImportPlan says what an import of a folder would do.
type ImportPlan struct {
	Source    string               `json:"source"`
	Create    []string             `json:"create"`
	Update    []string             `json:"update"`
	Unchanged []string             `json:"unchanged"`
	Archive   []string             `json:"archive"`
	Failed    []importer.FileError `json:"failed"`
	// NoDepartment lists the articles that would be (or were) imported
	// without a department: pick one in the preview to give it to them.
	NoDepartment []string `json:"noDepartment"`
}

// ImportReport has the fields of ImportPlan, after applying.
type ImportReport ImportPlan

// EditorListFilter narrows ListArticles.
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
