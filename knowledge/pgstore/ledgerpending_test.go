package pgstore

import (
	"context"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
)

// TestPendingChainLinks: a recorded set and its events wait as pending
// links, which another person cannot read (they hold the record's
// canonical bytes) nor forge for someone else; verification links them
// first, so the chain covers every record, and nothing stays pending.
func TestPendingChainLinks(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	annURL := pgtest.AsUser(t, tm.url, tm.ann, testPassword)
	bobURL := pgtest.AsUser(t, tm.url, tm.bob, testPassword)
	set, err := tm.annS.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: tm.ann, Provider: "none",
		Passages: []knowledge.LedgerPassage{{PassageID: "a#0", ArticleID: "a", ArticleVersion: 1}},
		Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "Dear Ada", Kind: "extractive", Citations: []string{"a#0"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.annS.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: tm.ann, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		t.Fatal(err)
	}
	if err := rawSQL(t, bobURL, `SELECT canonical FROM ledger_chain_pending`); !isCode(err, codeInsufficientPrivilege) {
		t.Errorf("an agent reading pending canonical bytes: %v, want permission denied", err)
	}
	if err := rawSQL(t, bobURL, `INSERT INTO ledger_chain_pending (kind, ref, canonical, signed_in) VALUES ('set', 'forged', '\x00', $1)`, tm.ann); err == nil {
		t.Error("an agent added a pending link signed by another agent")
	}
	if n := rawCount(t, bobURL, `SELECT count(*) FROM ledger_chain_pending`); n != 0 {
		t.Errorf("another agent sees %d of ann's pending links, want 0", n)
	}
	r, err := knowledge.VerifyChain(ctx, tm.sueS)
	if err != nil || !r.Intact || r.Checked != 2 {
		t.Fatalf("verified as supervisor: %+v, %v; want 2 links intact", r, err)
	}
	if n := rawCount(t, annURL, `SELECT count(*) FROM ledger_chain_pending`); n != 0 {
		t.Errorf("%d links still pending after verification", n)
	}
	if n := rawCount(t, annURL, `SELECT count(*) FROM ledger_chain`); n != 2 {
		t.Errorf("ann reads %d links of her own records, want 2 (the links are signed by her)", n)
	}
}
