package pgstore

import (
	"context"
	"reflect"
	"testing"

	"concierge/knowledge"
)

// fillSource writes a small knowledge base through the store interfaces.
func fillSource(t *testing.T, src knowledge.Stores) (set knowledge.LedgerEntry, req knowledge.SupportRequest) {
	t.Helper()
	ctx := context.Background()
	a := knowledge.Article{ID: "fees", Title: "Fees", Body: "5", Tags: []string{"money"}, Status: knowledge.StatusPublished,
		Extra: map[string]any{"legacy": "x"}}
	for _, body := range []string{"5", "6", "7"} {
		a.Body = body
		if _, err := src.Put(ctx, a, knowledge.PutOptions{Author: "Kim", Message: "fee is " + body}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := src.Put(ctx, knowledge.Article{ID: "vpn", Title: "VPN", Status: knowledge.StatusArchived}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	req, err := src.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Charged twice", Channel: knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ada", Contact: "ada@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "twice!"}, {Author: knowledge.AuthorAgent, AgentName: "Sam", Text: "sorry"}}})
	if err != nil {
		t.Fatal(err)
	}
	set, err = src.RecordSuggestionSet(ctx, knowledge.LedgerEntry{RequestID: req.ID, Agent: "Sam", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 3}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []knowledge.LedgerEvent{
		{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
		{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 0, Reason: knowledge.ReasonTone},
	} {
		if _, err := src.RecordEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := src.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "fees", ArticleVersion: 2, Agent: "Sam", Verdict: knowledge.VerdictOutdated, Comment: "old"}); err != nil {
		t.Fatal(err)
	}
	return set, req
}

func TestCopyFromKeepsEverythingAndIsSafeToRerun(t *testing.T) {
	src, _ := openTest(t)
	dst, _ := openTest(t)
	ctx := context.Background()
	set, req := fillSource(t, src)

	rep, err := dst.CopyFrom(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := CopyReport{Articles: CopyCount{Copied: 2}, Versions: CopyCount{Copied: 4}, Requests: CopyCount{Copied: 1},
		Sets: CopyCount{Copied: 1}, Events: CopyCount{Copied: 2}, Ratings: CopyCount{Copied: 1}, Conflicts: []string{}}
	if !reflect.DeepEqual(rep, want) {
		t.Errorf("first copy: %+v\nwant %+v", rep, want)
	}
	same := func(what string, a, b any, err error) {
		t.Helper()
		if err != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s differs after the copy (%v):\n src %+v\n dst %+v", what, err, a, b)
		}
	}
	for _, id := range []string{"fees", "vpn"} {
		a, _ := src.Get(ctx, id)
		b, err := dst.Get(ctx, id)
		same("article "+id, a, b, err)
		va, _ := src.Versions(ctx, id)
		vb, err := dst.Versions(ctx, id)
		same("history of "+id, va, vb, err)
	}
	ra, _ := src.GetRequest(ctx, req.ID)
	rb, err := dst.GetRequest(ctx, req.ID)
	same("request", ra, rb, err)
	sa, _ := src.ListSets(ctx, knowledge.LedgerFilter{})
	sb, err := dst.ListSets(ctx, knowledge.LedgerFilter{})
	same("suggestion sets", sa, sb, err)
	ea, _ := src.Events(ctx, set.SetID)
	eb, err := dst.Events(ctx, set.SetID)
	for i := range ea { // event ids are the team database's own
		if i < len(eb) {
			eb[i].ID = ea[i].ID
		}
	}
	same("events", ea, eb, err)
	ta, _ := src.RatingsFor(ctx, "fees")
	tb, err := dst.RatingsFor(ctx, "fees")
	same("ratings", ta, tb, err)
	fa, _ := src.Flagged(ctx)
	fb, err := dst.Flagged(ctx)
	same("flagged", fa, fb, err)

	// A second run copies nothing; new local records since are copied.
	rep, err = dst.CopyFrom(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles.Copied+rep.Versions.Copied+rep.Requests.Copied+rep.Sets.Copied+rep.Events.Copied+rep.Ratings.Copied != 0 ||
		rep.Articles.Present != 2 || rep.Events.Present != 2 || rep.Ratings.Present != 1 || len(rep.Conflicts) != 0 {
		t.Errorf("second copy: %+v", rep)
	}
	if _, err := src.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.Put(ctx, knowledge.Article{ID: "new", Title: "New"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	team, _ := dst.Get(ctx, "vpn")
	team.Body = "changed by the team"
	if _, err := dst.Put(ctx, team, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err = dst.CopyFrom(ctx, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles.Copied != 1 || rep.Events.Copied != 1 || rep.Events.Present != 2 || len(rep.Conflicts) != 1 {
		t.Errorf("third copy: %+v", rep)
	}
	if evs, _ := dst.Events(ctx, set.SetID); len(evs) != 3 {
		t.Errorf("%d events after the third copy, want 3", len(evs))
	}
	if v, _ := dst.Get(ctx, "vpn"); v.Body != "changed by the team" {
		t.Errorf("the copy overwrote the team's change: %+v", v)
	}
}
