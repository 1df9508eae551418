package app

import "concierge/knowledge/core"

// EditorService is the knowledge editor's article form: lists, loading,
// creating, saving, the workflow status, preview, [[ link targets and
// images. Changes need the profile role "editor"; reading also
// "supervisor". The profile name is the author of every version.
type EditorService struct{ app *App }

// List returns articles of every status unless filtered, most recently
// updated first. Query matches the id, title or a tag (case-insensitive).
func (s *EditorService) List(f core.EditorListFilter) ([]core.ArticleSummary, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ListArticles(ctx, f)
}

// Load returns the article for editing.
func (s *EditorService) Load(id string) (core.EditableArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LoadArticle(ctx, id)
}

// Create writes a new draft at version 1 (an id is made from the title
// when none is given).
func (s *EditorService) Create(in core.ArticleInput) (core.EditableArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CreateArticle(ctx, in)
}

// Save writes a new version when the article is still at expectedVersion;
// otherwise the result carries the conflict and nothing is written.
func (s *EditorService) Save(in core.ArticleInput, expectedVersion int, message string) (core.SaveResult, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SaveArticle(ctx, in, expectedVersion, message)
}

// SetStatus moves the article through the workflow (publishing makes it
// searchable before returning).
func (s *EditorService) SetStatus(id, status string, expectedVersion int, note string) (core.EditableArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SetStatus(ctx, id, status, expectedVersion, note)
}

// Preview renders Markdown as agents will see it and lists broken links.
func (s *EditorService) Preview(md string) (core.Preview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Preview(ctx, md)
}

// LinkTargets offers articles for [[ autocomplete.
func (s *EditorService) LinkTargets(prefix string) ([]core.LinkTarget, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().LinkTargets(ctx, prefix)
}

// AddAttachment stores an image (PNG, JPEG, GIF or WebP, at most 5 MB) and
// returns its Markdown path attachments/<articleId>/<name>.
func (s *EditorService) AddAttachment(articleID, fileName, base64Data string) (core.Attachment, error) {
	return s.app.cur().AddAttachment(articleID, fileName, base64Data)
}
