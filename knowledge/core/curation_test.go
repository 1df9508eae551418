package core

import (
	"context"
	"errors"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

// TestCurationLoop: three "wrong facts" discards and heavy edits against
// one article open an item with the reasons and diffs; resolving it after
// an edit records the change and closes the item.
func TestCurationLoop(t *testing.T) {
	ctx := context.Background()
	c, st := openSupervisor(t)
	art := knowledge.Article{ID: "vpn", Title: "VPN setup", Body: "Use port 443.", Department: "IT", Language: "en", Status: knowledge.StatusPublished}
	if _, err := st.Put(ctx, art, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	record := func(discard bool) {
		t.Helper()
		set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: "Sam", Provider: "none",
			Passages: []knowledge.LedgerPassage{{PassageID: "vpn#0", ArticleID: "vpn", ArticleVersion: 1}},
			Options:  []knowledge.LedgerOption{{Index: 0, Title: "VPN", Reply: "Use port 443.", Kind: "extractive", Citations: []string{"vpn#0"}}}})
		if err != nil {
			t.Fatal(err)
		}
		ev := knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 0, Reason: knowledge.ReasonWrongFacts, Comment: "it is 8443 now"}
		if !discard {
			ev = knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Please use port 8443 instead."}
		}
		if _, err := st.RecordEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	record(true)
	record(true)
	if items, err := c.CurationItems(ctx, 0); err != nil || len(items) != 0 {
		t.Fatalf("two discards: %+v, %v; want no item yet", items, err)
	}
	record(false) // a heavy edit is the third
	items, err := c.CurationItems(ctx, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("after three: %+v, %v", items, err)
	}
	it := items[0]
	if it.ArticleID != "vpn" || it.Title != "VPN setup" || it.Discards != 2 || it.HeavyEdits != 1 || len(it.Evidence) != 3 {
		t.Fatalf("item %+v", it)
	}
	var reasons, inserted []string
	for _, e := range it.Evidence {
		for _, r := range e.Reasons {
			reasons = append(reasons, string(r)+" "+e.Comment)
		}
		for _, d := range e.Diff {
			if d.Op == "ins" {
				inserted = append(inserted, d.Text)
			}
		}
		if e.Version != 1 {
			t.Errorf("evidence cites version %d, want 1", e.Version)
		}
	}
	if len(reasons) != 2 || !strings.Contains(reasons[0], "wrong-facts it is 8443 now") || !strings.Contains(strings.Join(inserted, ""), "8443") {
		t.Errorf("reasons %q, inserted %q", reasons, inserted)
	}
	// Supervisors read the list but only editors resolve it.
	if _, err := c.ResolveCuration(ctx, "vpn", "", 0); err == nil {
		t.Error("a supervisor resolved a curation item")
	}
	if _, err := c.SaveSettings(config.LLM{Provider: "none"}, config.Profile{Name: "Erin", Role: RoleEditor}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ResolveCuration(ctx, "vpn", "", 0); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("resolving without a change or a note: %v, want ErrInvalid", err)
	}
	art.Body = "Use port 8443."
	if _, err := st.Put(ctx, art, knowledge.PutOptions{Author: "Erin", Message: "port changed to 8443"}); err != nil {
		t.Fatal(err)
	}
	res, err := c.ResolveCuration(ctx, "vpn", "Updated the port.", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Editor != "Erin" || res.FromVersion != 1 || res.ToVersion != 2 || len(res.Changes) != 1 || res.Changes[0].Message != "port changed to 8443" || res.Discards != 2 {
		t.Errorf("resolution %+v", res)
	}
	if items, err := c.CurationItems(ctx, 0); err != nil || len(items) != 0 {
		t.Errorf("after resolving: %+v, %v; want the item closed", items, err)
	}
	if got, ok, err := c.CurationResolutionOf(ctx, "vpn"); err != nil || !ok || got.Note != "Updated the port." {
		t.Errorf("recorded resolution %+v %v %v", got, ok, err)
	}
}
