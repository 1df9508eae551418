package core

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

// publishedArticle creates and publishes an article as editor Robin.
func publishedArticle(t *testing.T, c *Core, title, body string) EditableArticle {
	t.Helper()
	ctx := context.Background()
	a, err := c.CreateArticle(ctx, ArticleInput{Title: title, Body: body, Department: "billing", Language: "en", Audience: "customer-facing"})
	if err != nil {
		t.Fatal(err)
	}
	a, err = c.SetStatus(ctx, a.ID, "published", a.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func inputOf(a EditableArticle, body string) ArticleInput {
	return ArticleInput{ID: a.ID, Title: a.Title, Body: body, Department: a.Department, Tags: a.Tags,
		Language: a.Language, Audience: a.Audience, Owner: a.Owner, ReviewBy: a.ReviewBy}
}

// An edit of a published article becomes a revision: agents keep finding
// the live text until a reviewer approves, which publishes the next
// version; a sent-back revision carries the note; change events tell the
// other views.
func TestPublishedEditBecomesRevisionUntilApproved(t *testing.T) {
	ctx := context.Background()
	log := &changeLog{}
	c := openLife(t, t.TempDir(), &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, log)
	defer c.Close()
	live := publishedArticle(t, c, "Duplicate card charges", "A pending duplicate charge drops off within five business days.")

	res, err := c.SaveArticle(ctx, inputOf(live, "A pending duplicate charge drops off within three business days."), live.Version, "faster")
	if err != nil {
		t.Fatal(err)
	}
	if res.Revision == nil || res.Revision.State != "pending" || res.Revision.BaseVersion != live.Version || res.Revision.Author != "Robin" {
		t.Fatalf("SaveArticle on a published article = %+v, want a pending revision", res)
	}
	if res.Article.Version != live.Version || !strings.Contains(res.Article.Body, "five") {
		t.Fatalf("the live article changed: %+v", res.Article)
	}
	if ids := top(t, c, "duplicate charge five business days", 1); len(ids) != 1 || ids[0] != live.ID {
		t.Fatalf("agents no longer find the live article: %v", ids)
	}
	if got, _ := c.LoadArticle(ctx, live.ID); got.Version != live.Version || !strings.Contains(got.Body, "five") {
		t.Fatalf("LoadArticle = %+v, want the live version", got)
	}
	if n := len(log.topic(knowledge.TopicArticles)); n == 0 || log.topic(knowledge.TopicArticles)[n-1].Kind != knowledge.KindRevision {
		t.Fatalf("no revision change event: %+v", log.topic(knowledge.TopicArticles))
	}

	// The review list and the diff.
	list, err := c.Revisions(ctx)
	if err != nil || len(list) != 1 || list[0].ArticleID != live.ID || list[0].Title != "Duplicate card charges" {
		t.Fatalf("Revisions = %+v, %v", list, err)
	}
	rv, err := c.ReviewRevision(ctx, live.ID)
	if err != nil {
		t.Fatal(err)
	}
	var del, ins string
	for _, op := range rv.BodyDiff {
		switch op.Op {
		case "del":
			del += op.Text
		case "ins":
			ins += op.Text
		}
	}
	if strings.TrimSpace(del) != "five" || strings.TrimSpace(ins) != "three" {
		t.Fatalf("body diff deletes %q and inserts %q, want five → three: %+v", del, ins, rv.BodyDiff)
	}

	// Send back needs a note; then the author edits again.
	if _, err := c.SendBackRevision(ctx, live.ID, rv.Revision.Seq, "  "); !errors.Is(err, knowledge.ErrInvalid) {
		t.Fatalf("send back without a note = %v", err)
	}
	back, err := c.SendBackRevision(ctx, live.ID, rv.Revision.Seq, "Say which card networks.")
	if err != nil || back.State != "sent-back" || back.Note != "Say which card networks." {
		t.Fatalf("SendBackRevision = %+v, %v", back, err)
	}
	res, err = c.SaveArticle(ctx, inputOf(live, "On Visa and Mastercard a pending duplicate charge drops off within three business days."), live.Version, "networks")
	if err != nil || res.Revision == nil || res.Revision.State != "pending" || res.Revision.Note != "" {
		t.Fatalf("edit after send back = %+v, %v", res.Revision, err)
	}
	// Agents may not approve.
	as(t, c, "Ann", RoleAgent)
	if _, err := c.ApproveRevision(ctx, live.ID, res.Revision.Seq); !errors.Is(err, knowledge.ErrForbidden) {
		t.Fatalf("agent approve = %v, want ErrForbidden", err)
	}
	as(t, c, "Rae", RoleEditor)
	// A stale Seq (the reviewer saw an older text) is a conflict.
	if _, err := c.ApproveRevision(ctx, live.ID, back.Seq); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("approve of an older revision = %v, want ErrConflict", err)
	}
	pub, err := c.ApproveRevision(ctx, live.ID, res.Revision.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if pub.Version != live.Version+1 || pub.Status != "published" || !strings.Contains(pub.Body, "Visa") {
		t.Fatalf("approved = %+v", pub)
	}
	if ids := top(t, c, "Visa Mastercard duplicate charge", 1); len(ids) != 1 || ids[0] != live.ID {
		t.Fatalf("the approved text is not searchable: %v", ids)
	}
	if r, err := c.ArticleRevision(ctx, live.ID); err != nil || r != nil {
		t.Fatalf("revision after approve = %+v, %v", r, err)
	}
	vs, err := c.Versions(ctx, live.ID)
	if err != nil || vs[0].Author != "Rae" || !strings.Contains(vs[0].Message, "Approved revision by Robin") {
		t.Fatalf("history head = %+v, %v", vs[0], err)
	}
}

// When the live article changed after the revision was made, the approver
// gets a conflict and nothing is written.
func TestApproveRevisionConflictsWhenLiveMoved(t *testing.T) {
	ctx := context.Background()
	c := openLife(t, t.TempDir(), &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, nil)
	defer c.Close()
	live := publishedArticle(t, c, "Refund times", "Refunds take five days.")
	res, err := c.SaveArticle(ctx, inputOf(live, "Refunds take three days."), live.Version, "")
	if err != nil || res.Revision == nil {
		t.Fatalf("%+v, %v", res, err)
	}
	// The live article moves (a status change through the workflow).
	moved, err := c.SetStatus(ctx, live.ID, "review", live.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ApproveRevision(ctx, live.ID, res.Revision.Seq)
	if !errors.Is(err, knowledge.ErrConflict) || !strings.Contains(err.Error(), "send it back") {
		t.Fatalf("approve over a moved article = %v, want a conflict saying what to do", err)
	}
	if got, _ := c.LoadArticle(ctx, live.ID); got.Version != moved.Version || strings.Contains(got.Body, "three") {
		t.Fatalf("the article changed: %+v", got)
	}
	if r, _ := c.ArticleRevision(ctx, live.ID); r == nil || !r.Stale {
		t.Fatalf("revision = %+v, want it kept and marked stale", r)
	}
}

// With the setting off, editors change published articles directly; drafts
// never need review.
func TestPublishedEditsNeedReviewSetting(t *testing.T) {
	ctx := context.Background()
	c := openLife(t, t.TempDir(), &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, nil)
	defer c.Close()
	if s, err := c.RevisionSettings(ctx); err != nil || !s.PublishedEditsNeedReview {
		t.Fatalf("default = %+v, %v; want on", s, err)
	}
	draft, err := c.CreateArticle(ctx, ArticleInput{Title: "Draft", Body: "One.", Language: "en", Audience: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := c.SaveArticle(ctx, inputOf(draft, "Two."), draft.Version, ""); err != nil || res.Revision != nil || res.Article.Version != draft.Version+1 {
		t.Fatalf("draft save = %+v, %v", res, err)
	}
	if _, err := c.SetPublishedEditsNeedReview(ctx, false); err != nil {
		t.Fatal(err)
	}
	live := publishedArticle(t, c, "Hours", "Open at nine.")
	res, err := c.SaveArticle(ctx, inputOf(live, "Open at eight."), live.Version, "")
	if err != nil || res.Revision != nil || res.Article.Version != live.Version+1 {
		t.Fatalf("published save with review off = %+v, %v", res, err)
	}
	as(t, c, "Ann", RoleAgent)
	if _, err := c.SetPublishedEditsNeedReview(ctx, true); err == nil {
		t.Fatal("an agent changed the review setting")
	}
}

// Restoring an old version of a published article is an edit like any
// other: it becomes the revision to review, the live article unchanged.
func TestRestorePublishedBecomesRevision(t *testing.T) {
	ctx := context.Background()
	c := openLife(t, t.TempDir(), &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, nil)
	defer c.Close()
	draft, err := c.CreateArticle(ctx, ArticleInput{Title: "Refund times", Body: "Refunds take five days.", Language: "en", Audience: "internal"})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := c.SaveArticle(ctx, inputOf(draft, "Refunds take three days."), draft.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	live, err := c.SetStatus(ctx, draft.ID, "published", saved.Article.Version, "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Restore(ctx, live.ID, 1, live.Version)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != live.Version || got.Status != "published" || !strings.Contains(got.Body, "three") {
		t.Fatalf("Restore = %+v, want the live article unchanged", got)
	}
	r, err := c.ArticleRevision(ctx, live.ID)
	if err != nil || r == nil || !strings.Contains(r.Proposed.Body, "five") || r.Message != "Restore version 1" {
		t.Fatalf("revision after restore = %+v, %v", r, err)
	}
}
