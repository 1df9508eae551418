package pgstore

import (
	"context"
	"errors"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
)

// TestRevisionRoles: the server decides who may propose, send back and
// approve a revision of a published article.
func TestRevisionRoles(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	live, err := tm.owner.Put(ctx, knowledge.Article{ID: "fees", Title: "Fees", Body: "5", Status: knowledge.StatusPublished}, knowledge.PutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prop := live.Article
	prop.Body = "0"
	rev := knowledge.Revision{ArticleID: "fees", BaseVersion: live.Article.Version, Article: prop, Author: "claimed name"}

	// Agents may neither propose nor read revisions.
	if _, err := tm.annS.PutRevision(ctx, rev, 0); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent PutRevision: %v, want ErrForbidden", err)
	}
	// An editor proposes; the author is the signed-in editor.
	r, err := tm.eveS.PutRevision(ctx, rev, 0)
	if err != nil {
		t.Fatalf("editor PutRevision: %v", err)
	}
	if r.Author != tm.eve {
		t.Errorf("revision author %q, want the signed-in editor %q", r.Author, tm.eve)
	}
	if _, err := tm.annS.Revisions(ctx, ""); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent Revisions: %v, want ErrForbidden", err)
	}
	if _, err := tm.annS.ApproveRevision(ctx, "fees", r.Seq, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrForbidden) {
		t.Errorf("agent ApproveRevision: %v, want ErrForbidden", err)
	}
	ann := pgtest.AsUser(t, tm.url, tm.ann, testPassword)
	for _, sql := range []string{
		`UPDATE article_revisions SET state = 'sent-back'`,
		`DELETE FROM article_revisions`,
	} {
		if err := rawSQL(t, ann, sql); !isCode(err, codeInsufficientPrivilege) {
			t.Errorf("agent ran %q: %v, want permission denied", sql, err)
		}
	}
	// A supervisor reads and sends back, but cannot rewrite the proposal.
	if rs, err := tm.sueS.Revisions(ctx, knowledge.RevisionPending); err != nil || len(rs) != 1 {
		t.Fatalf("supervisor Revisions = %+v, %v", rs, err)
	}
	sup := pgtest.AsUser(t, tm.url, tm.sue, testPassword)
	if err := rawSQL(t, sup, `UPDATE article_revisions SET snapshot = '{}'`); !isCode(err, codeInsufficientPrivilege) {
		t.Errorf("supervisor rewrote the proposal: %v, want permission denied", err)
	}
	back, err := tm.sueS.SendBackRevision(ctx, "fees", r.Seq, tm.sue, "why free?")
	if err != nil || back.State != knowledge.RevisionSentBack {
		t.Fatalf("supervisor SendBack = %+v, %v", back, err)
	}
	// The editor edits again and an editor approves; the live article was
	// unchanged until then.
	r, err = tm.eveS.PutRevision(ctx, rev, back.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := tm.annS.Get(ctx, "fees"); a.Body != "5" {
		t.Errorf("agents see %q before approval, want the live text", a.Body)
	}
	if _, err := tm.eveS.ApproveRevision(ctx, "fees", r.Seq, knowledge.PutOptions{Message: "approved"}); err != nil {
		t.Fatalf("editor approve: %v", err)
	}
	if a, _ := tm.annS.Get(ctx, "fees"); a.Body != "0" || a.Version != live.Article.Version+1 {
		t.Errorf("after approval agents see %+v", a)
	}
	if n := rawCount(t, tm.url, `SELECT count(*) FROM changes WHERE topic = 'articles' AND kind = 'revision' AND ids = ARRAY['fees']`); n < 3 {
		t.Errorf("%d revision changes in the feed, want one per write (>= 3)", n)
	}
}
