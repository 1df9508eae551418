package pgstore

import (
	"context"
	"testing"

	"concierge/knowledge"
)

// TestReviewRowsFollowLedgerVisibility: an agent's review list, aggregates
// and export hold only their own sets; a supervisor sees everyone's and
// verifies the whole chain, which agents' concurrent writes kept as one.
func TestReviewRowsFollowLedgerVisibility(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	set := knowledge.LedgerEntry{Agent: "x", Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 1}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}}}
	for _, s := range []*Store{tm.annS, tm.bobS, tm.annS} {
		got, err := s.RecordSuggestionSet(ctx, set)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: got.SetID, Agent: "x", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "r"}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := tm.annS.ReviewSets(ctx, knowledge.ReviewFilter{})
	if err != nil || p.Total != 2 {
		t.Fatalf("agent review list: %+v, %v; want Ann's 2 sets", p, err)
	}
	for _, r := range p.Rows {
		if r.Agent != tm.ann || r.Outcome != knowledge.OutcomeUsed {
			t.Errorf("agent sees row %+v", r)
		}
	}
	if a, err := tm.annS.ReviewAggregates(ctx, knowledge.ReviewFilter{}); err != nil || len(a.Agents) != 1 || a.Agents[0].N != 2 {
		t.Errorf("agent aggregates: %+v, %v", a, err)
	}
	n := 0
	if err := tm.annS.EachLedgerEvent(ctx, knowledge.ReviewFilter{}, func(r knowledge.ExportRow) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("agent export: %d events, %v; want 2", n, err)
	}
	if p, err := tm.sueS.ReviewSets(ctx, knowledge.ReviewFilter{}); err != nil || p.Total != 3 {
		t.Errorf("supervisor review list: %d sets, %v; want 3", p.Total, err)
	}
	if r, err := knowledge.VerifyChain(ctx, tm.sueS); err != nil || !r.Intact || r.Checked != 6 {
		t.Errorf("supervisor chain check: %+v, %v; want 6 links intact", r, err)
	}
}
