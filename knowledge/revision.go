package knowledge

import (
	"context"
	"time"
)

// RevisionState is where a revision of a published article is in review.
type RevisionState string

const (
	// RevisionPending: waiting for a reviewer to approve it or send it back.
	RevisionPending RevisionState = "pending"
	// RevisionSentBack: a reviewer asked the author to change it (see Note).
	RevisionSentBack RevisionState = "sent-back"
)

// Valid reports whether s is a known revision state.
func (s RevisionState) Valid() bool { return s == RevisionPending || s == RevisionSentBack }

// Revision is an edit of a published article waiting for review: the
// article as it would be published, and the live version it was made
// from. The live article stays unchanged (and searchable) until a reviewer
// approves the revision; it is then published as the next version. There
// is at most one open revision per article.
type Revision struct {
	ArticleID   string `json:"articleId"`
	BaseVersion int    `json:"baseVersion"`
	// Article is the proposed article (its Version is meaningless).
	Article Article       `json:"article"`
	Author  string        `json:"author"`
	Message string        `json:"message"`
	State   RevisionState `json:"state"`
	// Reviewer and Note: who sent the revision back and why.
	Reviewer string `json:"reviewer"`
	Note     string `json:"note"`
	// Seq counts the writes of this revision; writers pass the Seq they
	// read, so nobody overwrites or approves a revision they have not seen.
	Seq       int       `json:"seq"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// RevisionStore keeps the revisions of published articles waiting for
// review (the editor's review of published edits). Every write checks the
// revision's Seq (ErrConflict when it moved; 0 means "none exists").
type RevisionStore interface {
	// PutRevision creates (expectedSeq 0) or replaces the open revision of
	// r.ArticleID, as state pending with no reviewer note, and returns it
	// with its new Seq. The article must exist (ErrNotFound) and r.Article
	// must be valid (ErrInvalid).
	PutRevision(ctx context.Context, r Revision, expectedSeq int) (Revision, error)
	// Revision returns the open revision of articleID, or ErrNotFound.
	Revision(ctx context.Context, articleID string) (Revision, error)
	// Revisions returns the open revisions in state (every state when
	// empty), oldest first.
	Revisions(ctx context.Context, state RevisionState) ([]Revision, error)
	// SendBackRevision marks the revision sent back with the reviewer's note.
	SendBackRevision(ctx context.Context, articleID string, expectedSeq int, reviewer, note string) (Revision, error)
	// ApproveRevision publishes the revision in one transaction: it puts
	// the proposed article (with opts, ExpectedVersion = BaseVersion, so
	// ErrConflict when the live article changed meanwhile) and removes the
	// revision.
	ApproveRevision(ctx context.Context, articleID string, expectedSeq int, opts PutOptions) (PutResult, error)
	// DeleteRevision withdraws the revision.
	DeleteRevision(ctx context.Context, articleID string, expectedSeq int) error
}
