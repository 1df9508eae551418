package storetest

import (
	"errors"
	"testing"

	"concierge/knowledge"
)

// revisionTests: revisions of published articles waiting for review
// (knowledge.RevisionStore).
var revisionTests = map[string]func(*testing.T, knowledge.Stores){
	"PutListSendBack":         testRevisionLifecycle,
	"ApprovePublishesOnce":    testRevisionApprove,
	"ApproveConflictsOnLive":  testRevisionApproveConflict,
	"StaleSeqConflicts":       testRevisionSeq,
	"MissingArticleOrInvalid": testRevisionMissing,
	"Withdraw":                testRevisionWithdraw,
}

func revisionOf(a knowledge.Article, body string) knowledge.Revision {
	p := a
	p.Body = body
	return knowledge.Revision{ArticleID: a.ID, BaseVersion: a.Version, Article: p, Author: "Kim", Message: "clearer"}
}

func testRevisionLifecycle(t *testing.T, s knowledge.Stores) {
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	if _, err := s.Revision(ctx(t), "refunds"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("Revision before any = %v, want ErrNotFound", err)
	}
	r, err := s.PutRevision(ctx(t), revisionOf(live, "Refunds take 3-5 days."), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Seq != 1 || r.State != knowledge.RevisionPending || r.BaseVersion != live.Version || r.Article.Body != "Refunds take 3-5 days." ||
		r.Author != "Kim" || r.Message != "clearer" || r.CreatedAt.IsZero() || r.Article.ContentHash == "" {
		t.Fatalf("PutRevision = %+v", r)
	}
	// The live article is untouched.
	if got, err := s.Get(ctx(t), "refunds"); err != nil || got.Body != "Refunds take 5 days." || got.Version != live.Version {
		t.Fatalf("live after PutRevision = %+v, %v", got, err)
	}
	back, err := s.SendBackRevision(ctx(t), "refunds", 1, "Rae", "  say business days ")
	if err != nil {
		t.Fatal(err)
	}
	if back.State != knowledge.RevisionSentBack || back.Reviewer != "Rae" || back.Note != "say business days" || back.Seq != 2 {
		t.Fatalf("SendBack = %+v", back)
	}
	pending, err := s.Revisions(ctx(t), knowledge.RevisionPending)
	if err != nil || len(pending) != 0 {
		t.Fatalf("pending after send back = %+v, %v", pending, err)
	}
	all, err := s.Revisions(ctx(t), "")
	if err != nil || len(all) != 1 || all[0].ArticleID != "refunds" {
		t.Fatalf("all revisions = %+v, %v", all, err)
	}
	// The author edits again: pending, the note is cleared.
	again, err := s.PutRevision(ctx(t), revisionOf(live, "Refunds take 3-5 business days."), 2)
	if err != nil {
		t.Fatal(err)
	}
	if again.State != knowledge.RevisionPending || again.Note != "" || again.Reviewer != "" || again.Seq != 3 || !again.CreatedAt.Equal(r.CreatedAt) {
		t.Fatalf("PutRevision again = %+v", again)
	}
	pending, err = s.Revisions(ctx(t), knowledge.RevisionPending)
	if err != nil || len(pending) != 1 || pending[0].Article.Body != "Refunds take 3-5 business days." {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
}

func testRevisionApprove(t *testing.T, s knowledge.Stores) {
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	r, err := s.PutRevision(ctx(t), revisionOf(live, "Refunds take 3 days."), 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.ApproveRevision(ctx(t), "refunds", r.Seq, knowledge.PutOptions{Author: "Rae", Message: "Approved revision by Kim"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Changed || res.Article.Version != live.Version+1 || res.Article.Body != "Refunds take 3 days." || res.Article.Status != knowledge.StatusPublished {
		t.Fatalf("ApproveRevision = %+v", res)
	}
	if _, err := s.Revision(ctx(t), "refunds"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("revision after approve: %v, want ErrNotFound", err)
	}
	vs, err := s.Versions(ctx(t), "refunds")
	if err != nil || len(vs) != 2 || vs[0].Message != "Approved revision by Kim" {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	// Approving twice is a conflict, not a second version.
	if _, err := s.ApproveRevision(ctx(t), "refunds", r.Seq, knowledge.PutOptions{Author: "Rae"}); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("second approve = %v, want ErrConflict", err)
	}
}

func testRevisionApproveConflict(t *testing.T, s knowledge.Stores) {
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	r, err := s.PutRevision(ctx(t), revisionOf(live, "Refunds take 3 days."), 0)
	if err != nil {
		t.Fatal(err)
	}
	moved := live
	moved.Body = "Refunds take 4 days."
	if _, err := s.Put(ctx(t), moved, knowledge.PutOptions{ExpectedVersion: live.Version, Author: "Lee"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApproveRevision(ctx(t), "refunds", r.Seq, knowledge.PutOptions{Author: "Rae"}); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("approve over a moved article = %v, want ErrConflict", err)
	}
	// Nothing was written and the revision is still there.
	got, err := s.Get(ctx(t), "refunds")
	if err != nil || got.Body != "Refunds take 4 days." || got.Version != live.Version+1 {
		t.Fatalf("live = %+v, %v", got, err)
	}
	if still, err := s.Revision(ctx(t), "refunds"); err != nil || still.Seq != r.Seq {
		t.Fatalf("revision after failed approve = %+v, %v", still, err)
	}
}

func testRevisionSeq(t *testing.T, s knowledge.Stores) {
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	if _, err := s.PutRevision(ctx(t), revisionOf(live, "A."), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutRevision(ctx(t), revisionOf(live, "B."), 0); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("second new revision = %v, want ErrConflict", err)
	}
	if _, err := s.PutRevision(ctx(t), revisionOf(live, "B."), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendBackRevision(ctx(t), "refunds", 1, "Rae", "no"); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("send back a stale revision = %v, want ErrConflict", err)
	}
	if _, err := s.ApproveRevision(ctx(t), "refunds", 1, knowledge.PutOptions{Author: "Rae"}); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("approve a stale revision = %v, want ErrConflict", err)
	}
	if got, err := s.Get(ctx(t), "refunds"); err != nil || got.Version != live.Version {
		t.Fatalf("live moved: %+v, %v", got, err)
	}
}

func testRevisionMissing(t *testing.T, s knowledge.Stores) {
	ghost := article("ghost", "Nobody.")
	ghost.Version = 1
	if _, err := s.PutRevision(ctx(t), revisionOf(ghost, "Still nobody."), 0); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("revision of a missing article = %v, want ErrNotFound", err)
	}
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	bad := revisionOf(live, "x")
	bad.Article.Title = ""
	if _, err := s.PutRevision(ctx(t), bad, 0); !errors.Is(err, knowledge.ErrInvalid) {
		t.Fatalf("revision without a title = %v, want ErrInvalid", err)
	}
	if _, err := s.ApproveRevision(ctx(t), "refunds", 0, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("approve without a revision = %v, want ErrNotFound", err)
	}
	if rs, err := s.Revisions(ctx(t), ""); err != nil || rs == nil || len(rs) != 0 {
		t.Fatalf("Revisions = %#v, %v (want an empty, non-nil list)", rs, err)
	}
}

func testRevisionWithdraw(t *testing.T, s knowledge.Stores) {
	live := mustPut(t, s, article("refunds", "Refunds take 5 days.")).Article
	r, err := s.PutRevision(ctx(t), revisionOf(live, "A."), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRevision(ctx(t), "refunds", r.Seq+1); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("withdraw a stale revision = %v, want ErrConflict", err)
	}
	if err := s.DeleteRevision(ctx(t), "refunds", r.Seq); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Revision(ctx(t), "refunds"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("revision after withdraw: %v", err)
	}
	if got, err := s.Get(ctx(t), "refunds"); err != nil || got.Body != "Refunds take 5 days." {
		t.Fatalf("live after withdraw = %+v, %v", got, err)
	}
}
