package app

import (
	"errors"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/core"
)

// Through the bound services: an edit of a published article comes back as
// a revision pending review (kb:changed kind revision) while agents keep
// finding the live text; approving publishes it (kind published); an agent
// cannot approve.
func TestPublishedEditGoesThroughReview(t *testing.T) {
	a, rec := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	setProfile(t, a, "Erin Editor", "editor")
	art, err := a.Editor.Create(core.ArticleInput{Title: "Octarine lanyards", Body: "Issued at reception."})
	if err != nil {
		t.Fatal(err)
	}
	if art, err = a.Editor.SetStatus(art.ID, "published", art.Version, ""); err != nil {
		t.Fatal(err)
	}
	n := rec.count()
	in := core.InputOf(mustGet(t, a, art.ID))
	in.Body = "Issued at the front desk."
	res, err := a.Editor.Save(in, art.Version, "desk")
	if err != nil || res.Revision == nil || res.Article.Version != art.Version {
		t.Fatalf("save of a published article = %+v, %v; want a revision and the live version", res, err)
	}
	if evs, _ := changes(t, rec, n, EventKBChanged); !hasChange(evs, knowledge.KindRevision, art.ID) {
		t.Fatalf("save: events %+v, want a revision change", evs)
	}
	if !contains(agentSearch(t, a, "reception lanyards"), art.ID) || contains(agentSearch(t, a, "front desk"), art.ID) {
		t.Fatal("agents must keep finding the live text until the revision is approved")
	}
	setProfile(t, a, "Erin Editor", "editor")
	list, err := a.Editor.Revisions()
	if err != nil || len(list) != 1 || list[0].ArticleID != art.ID {
		t.Fatalf("Revisions = %+v, %v", list, err)
	}
	setProfile(t, a, "Ana Agent", "agent")
	if _, err := a.Editor.ApproveRevision(art.ID, res.Revision.Seq); !errors.Is(err, knowledge.ErrForbidden) {
		t.Fatalf("agent approve = %v, want ErrForbidden", err)
	}
	setProfile(t, a, "Rey Reviewer", "editor")
	n = rec.count()
	pub, err := a.Editor.ApproveRevision(art.ID, res.Revision.Seq)
	if err != nil || pub.Version != art.Version+1 || !strings.Contains(pub.Body, "front desk") {
		t.Fatalf("approve = %+v, %v", pub, err)
	}
	if evs, _ := changes(t, rec, n, EventKBChanged); !hasChange(evs, knowledge.KindPublished, art.ID) || !hasChange(evs, knowledge.KindRevision, art.ID) {
		t.Fatalf("approve: events %+v", evs)
	}
	if !contains(agentSearch(t, a, "front desk"), art.ID) {
		t.Fatal("the approved text must be searchable when ApproveRevision returns")
	}
}
