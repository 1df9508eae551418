package core

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/editorial"
)

// metaPublishedEditsNeedReview is the knowledge base's setting "Published
// edits need review" ("on" or "off"; absent means on). It lives in the
// store, so in team mode it holds for everyone.
const metaPublishedEditsNeedReview = "editor.publishedEditsNeedReview"

// ErrNeedsApprover is shown to people who may not approve revisions.
var ErrNeedsApprover = fmt.Errorf("%w: approving a revision publishes it, which needs the editor role — switch your role in Settings", knowledge.ErrForbidden)

// RevisionSettings is the knowledge base's review setting.
type RevisionSettings struct {
	PublishedEditsNeedReview bool `json:"publishedEditsNeedReview"`
}

// RevisionView is an edit of a published article waiting for review.
type RevisionView struct {
	ArticleID   string `json:"articleId"`
	Title       string `json:"title"` // the live article's title
	BaseVersion int    `json:"baseVersion"`
	// LiveVersion is the live article's version now; when it differs from
	// BaseVersion (Stale) approving gives a conflict.
	LiveVersion int             `json:"liveVersion"`
	Stale       bool            `json:"stale"`
	Author      string          `json:"author"`
	Message     string          `json:"message"`
	State       string          `json:"state"`
	Reviewer    string          `json:"reviewer"`
	Note        string          `json:"note"`
	Seq         int             `json:"seq"`
	CreatedAt   string          `json:"createdAt"`
	UpdatedAt   string          `json:"updatedAt"`
	Proposed    EditableArticle `json:"proposed"`
}

// FieldChange is a metadata field the revision changes.
type FieldChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// RevisionReview is what a reviewer sees: the revision, the live article,
// the changed fields, a line diff of the whole article and a word diff of
// the body.
type RevisionReview struct {
	Revision RevisionView    `json:"revision"`
	Live     EditableArticle `json:"live"`
	Fields   []FieldChange   `json:"fields"`
	Diff     []DiffLine      `json:"diff"`
	BodyDiff []DiffOp        `json:"bodyDiff"`
}

// RevisionSettings returns whether edits of published articles go through
// review.
func (c *Core) RevisionSettings(ctx context.Context) (RevisionSettings, error) {
	v, ok, err := c.store.Meta(ctx, metaPublishedEditsNeedReview)
	if err != nil {
		return RevisionSettings{}, err
	}
	return RevisionSettings{PublishedEditsNeedReview: !ok || v != "off"}, nil
}

// SetPublishedEditsNeedReview turns the review of published edits on or
// off for the knowledge base (editors and admins). Revisions already
// waiting stay waiting.
func (c *Core) SetPublishedEditsNeedReview(ctx context.Context, on bool) (RevisionSettings, error) {
	if _, err := c.editor(); err != nil {
		return RevisionSettings{}, err
	}
	v := "off"
	if on {
		v = "on"
	}
	if err := c.store.SetMeta(ctx, metaPublishedEditsNeedReview, v); err != nil {
		return RevisionSettings{}, err
	}
	c.changed(knowledge.TopicArticles, knowledge.KindRevision)
	return RevisionSettings{PublishedEditsNeedReview: on}, nil
}

// reviewsEdits reports whether an edit of cur becomes a revision: cur is
// published and the knowledge base's setting is on, or cur already has an
// open revision (which then stays the one place edits go).
func (c *Core) reviewsEdits(ctx context.Context, cur knowledge.Article) (knowledge.Revision, bool, error) {
	open, err := c.store.Revision(ctx, cur.ID)
	if err == nil {
		return open, true, nil
	}
	if !errors.Is(err, knowledge.ErrNotFound) {
		return open, false, err
	}
	if cur.Status != knowledge.StatusPublished {
		return open, false, nil
	}
	s, err := c.RevisionSettings(ctx)
	return open, err == nil && s.PublishedEditsNeedReview, err
}

// proposeRevision keeps a (the edit of the live article cur) as the
// article's open revision instead of changing cur. existing is the open
// revision (zero Seq: none).
func (c *Core) proposeRevision(ctx context.Context, cur, a knowledge.Article, existing knowledge.Revision, author, message string) (SaveResult, error) {
	if a.ComputeHash() == cur.ComputeHash() && existing.Seq == 0 {
		return SaveResult{Article: c.editable(ctx, cur)}, nil // nothing to review
	}
	r, err := c.store.PutRevision(ctx, knowledge.Revision{ArticleID: cur.ID, BaseVersion: cur.Version, Article: a,
		Author: author, Message: message}, existing.Seq)
	if err != nil {
		return SaveResult{}, readable(err)
	}
	_ = c.store.DeleteAutosave(ctx, cur.ID, author)
	c.changed(knowledge.TopicArticles, knowledge.KindRevision, cur.ID)
	v := c.revisionView(ctx, r, cur)
	return SaveResult{Article: c.editable(ctx, cur), Revision: &v}, nil
}

func (c *Core) revisionView(ctx context.Context, r knowledge.Revision, live knowledge.Article) RevisionView {
	p := r.Article
	p.Version = r.BaseVersion
	return RevisionView{
		ArticleID: r.ArticleID, Title: live.Title, BaseVersion: r.BaseVersion, LiveVersion: live.Version,
		Stale: live.Version != r.BaseVersion, Author: r.Author, Message: r.Message, State: string(r.State),
		Reviewer: r.Reviewer, Note: r.Note, Seq: r.Seq, CreatedAt: formatTime(r.CreatedAt), UpdatedAt: formatTime(r.UpdatedAt),
		Proposed: c.editable(ctx, p),
	}
}

// Revisions lists the open revisions of published articles, those waiting
// for review first, then those sent back, each oldest first.
func (c *Core) Revisions(ctx context.Context) ([]RevisionView, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	rs, err := c.store.Revisions(ctx, "")
	if err != nil {
		return nil, err
	}
	out := make([]RevisionView, 0, len(rs))
	for _, want := range []knowledge.RevisionState{knowledge.RevisionPending, knowledge.RevisionSentBack} {
		for _, r := range rs {
			if r.State != want {
				continue
			}
			live, err := c.store.Get(ctx, r.ArticleID)
			if err != nil {
				continue // the article was deleted; its revision went with it
			}
			out = append(out, c.revisionView(ctx, r, live))
		}
	}
	return out, nil
}

// ArticleRevision returns the open revision of article id, or nil when
// it has none.
func (c *Core) ArticleRevision(ctx context.Context, id string) (*RevisionView, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	r, err := c.store.Revision(ctx, id)
	if errors.Is(err, knowledge.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	live, err := c.store.Get(ctx, id)
	if err != nil {
		return nil, notFound(id, err)
	}
	v := c.revisionView(ctx, r, live)
	return &v, nil
}

// ReviewRevision returns the revision of article id with its differences
// from the live article.
func (c *Core) ReviewRevision(ctx context.Context, id string) (RevisionReview, error) {
	if err := c.reader(); err != nil {
		return RevisionReview{}, err
	}
	r, err := c.store.Revision(ctx, id)
	if errors.Is(err, knowledge.ErrNotFound) {
		return RevisionReview{}, knowledge.Errorf(knowledge.ErrNotFound, "the article %q has no revision waiting for review (it may just have been approved or withdrawn)", id)
	}
	if err != nil {
		return RevisionReview{}, err
	}
	live, err := c.store.Get(ctx, id)
	if err != nil {
		return RevisionReview{}, notFound(id, err)
	}
	return RevisionReview{
		Revision: c.revisionView(ctx, r, live),
		Live:     c.editable(ctx, live),
		Fields:   fieldChanges(live, r.Article),
		Diff:     nonNil(editorial.DiffArticles(live, r.Article)),
		BodyDiff: WordDiff(live.Body, r.Article.Body),
	}, nil
}

// fieldChanges lists the metadata fields that differ between a and b.
func fieldChanges(a, b knowledge.Article) []FieldChange {
	out := []FieldChange{}
	add := func(field, from, to string) {
		if from != to {
			out = append(out, FieldChange{Field: field, From: from, To: to})
		}
	}
	add("title", a.Title, b.Title)
	add("department", a.Department, b.Department)
	add("tags", strings.Join(a.Tags, ", "), strings.Join(b.Tags, ", "))
	add("language", a.Language, b.Language)
	add("audience", string(a.Audience), string(b.Audience))
	add("owner", a.Owner, b.Owner)
	add("review by", formatDate(a.ReviewBy), formatDate(b.ReviewBy))
	return out
}

// approver checks that the profile may approve revisions (publishing
// needs the editor or admin role) and returns the name recorded.
func (c *Core) approver() (string, error) {
	if r := c.profile().Role; r != RoleEditor && r != RoleAdmin {
		return "", c.roleError(ErrNeedsApprover, RoleEditor)
	}
	return c.editor()
}

// ApproveRevision publishes the revision of article id as its next
// version, when the revision is still at seq (what the reviewer saw) and
// the live article still at the version the revision was made from;
// otherwise nothing is written and the error wraps knowledge.ErrConflict.
// In team mode nobody approves their own revision.
func (c *Core) ApproveRevision(ctx context.Context, id string, seq int) (EditableArticle, error) {
	name, err := c.approver()
	if err != nil {
		return EditableArticle{}, err
	}
	if seq <= 0 {
		return EditableArticle{}, errors.New("the revision you reviewed is missing; reload the review list")
	}
	r, err := c.store.Revision(ctx, id)
	if err == nil && c.signedIn != nil && r.Author == c.signedIn.Name {
		return EditableArticle{}, fmt.Errorf("%w: you wrote this revision; another editor must approve it", knowledge.ErrForbidden)
	}
	msg := "Approved revision"
	if err == nil {
		msg = fmt.Sprintf("Approved revision by %s", r.Author)
		if m := strings.TrimSpace(r.Message); m != "" {
			msg += " — " + m
		}
	}
	res, err := c.store.ApproveRevision(ctx, id, seq, knowledge.PutOptions{Author: name, Message: msg})
	if errors.Is(err, knowledge.ErrConflict) {
		if live, gerr := c.store.Get(ctx, id); gerr == nil && r.Seq == seq && live.Version != r.BaseVersion {
			return EditableArticle{}, fmt.Errorf("%w: the live article is now at version %d but this revision was made from version %d; send it back so the author applies it to the current text",
				knowledge.ErrConflict, live.Version, r.BaseVersion)
		}
		return EditableArticle{}, fmt.Errorf("%w: the revision changed since you opened it; reload it and review it again", knowledge.ErrConflict)
	}
	if err != nil {
		return EditableArticle{}, readable(err)
	}
	c.changed(knowledge.TopicArticles, knowledge.KindRevision, id)
	if res.Changed {
		defer c.changed(knowledge.TopicArticles, knowledge.KindPublished, id)
		if err := c.eng().Upsert(ctx, []knowledge.Article{res.Article}); err != nil {
			return c.editable(ctx, res.Article), fmt.Errorf("published, but indexing failed (it will be retried at next start): %w", err)
		}
	}
	return c.editable(ctx, res.Article), nil
}

// SendBackRevision returns the revision to its author with a note saying
// what to change (editors, supervisors and admins).
func (c *Core) SendBackRevision(ctx context.Context, id string, seq int, note string) (RevisionView, error) {
	if err := c.reader(); err != nil {
		return RevisionView{}, err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return RevisionView{}, knowledge.Errorf(knowledge.ErrInvalid, "say what the author should change before sending the revision back")
	}
	if seq <= 0 {
		return RevisionView{}, errors.New("the revision you reviewed is missing; reload the review list")
	}
	name := strings.TrimSpace(c.profile().Name)
	r, err := c.store.SendBackRevision(ctx, id, seq, name, note)
	if err != nil {
		return RevisionView{}, readable(err)
	}
	c.changed(knowledge.TopicArticles, knowledge.KindRevision, id)
	live, err := c.store.Get(ctx, id)
	if err != nil {
		return RevisionView{}, notFound(id, err)
	}
	return c.revisionView(ctx, r, live), nil
}

// WithdrawRevision drops the revision; the live article stays as it is.
func (c *Core) WithdrawRevision(ctx context.Context, id string, seq int) error {
	if _, err := c.editor(); err != nil {
		return err
	}
	if err := c.store.DeleteRevision(ctx, id, seq); err != nil {
		return readable(err)
	}
	c.changed(knowledge.TopicArticles, knowledge.KindRevision, id)
	return nil
}
