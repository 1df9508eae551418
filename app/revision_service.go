package app

import "concierge/knowledge/core"

// Review of published edits (knowledge/core/revisions.go): an edit of a
// published article is kept as a revision while agents keep the live
// text, until an editor approves it (or it is sent back with a note).
// These are methods of the EditorService, whose Save returns the revision.

// Revisions lists the revisions waiting for review, then those sent back.
func (s *EditorService) Revisions() ([]core.RevisionView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Revisions(ctx)
}

// ArticleRevision returns the open revision of an article (null: none).
func (s *EditorService) ArticleRevision(id string) (*core.RevisionView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ArticleRevision(ctx, id)
}

// ReviewRevision returns a revision with its differences from the live article.
func (s *EditorService) ReviewRevision(id string) (core.RevisionReview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ReviewRevision(ctx, id)
}

// ApproveRevision publishes the revision the reviewer saw (seq) as the
// article's next version.
func (s *EditorService) ApproveRevision(id string, seq int) (core.EditableArticle, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ApproveRevision(ctx, id, seq)
}

// SendBackRevision returns the revision to its author with a note.
func (s *EditorService) SendBackRevision(id string, seq int, note string) (core.RevisionView, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SendBackRevision(ctx, id, seq, note)
}

// WithdrawRevision drops the revision; the live article stays as it is.
func (s *EditorService) WithdrawRevision(id string, seq int) error {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().WithdrawRevision(ctx, id, seq)
}

// RevisionSettings says whether published edits need review.
func (s *EditorService) RevisionSettings() (core.RevisionSettings, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().RevisionSettings(ctx)
}

// SetPublishedEditsNeedReview turns the review of published edits on or off.
func (s *EditorService) SetPublishedEditsNeedReview(on bool) (core.RevisionSettings, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SetPublishedEditsNeedReview(ctx, on)
}
