package sqlitestore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

func sampleSet(requestID, agent string) knowledge.LedgerEntry {
	return knowledge.LedgerEntry{
		RequestID:  requestID,
		Agent:      agent,
		Provider:   "openai",
		Model:      "gpt-test",
		PromptHash: "sha256:abc",
		Passages: []knowledge.LedgerPassage{
			{PassageID: "refunds#0", ArticleID: "refunds", ArticleVersion: 2},
			{PassageID: "refunds#1", ArticleID: "refunds", ArticleVersion: 2},
			{PassageID: "billing#0", ArticleID: "billing", ArticleVersion: 5},
			{PassageID: "vpn#0", ArticleID: "vpn", ArticleVersion: 1},
		},
		Options: []knowledge.LedgerOption{
			{Index: 0, Title: "Refund", Reply: "Your refund is on its way.", Kind: "llm", Citations: []string{"refunds#0", "refunds#1"}},
			{Index: 1, Title: "Refund and invoice", Reply: "We refunded and sent an invoice.", Kind: "llm", Citations: []string{"refunds#0", "billing#0"}, Flags: []string{"unverified"}},
			{Index: 2, Title: "Ask", Reply: "Which appointment was it?", Kind: "not-in-kb", Citations: []string{}},
		},
	}
}

func mustRecordSet(t *testing.T, s *Store, e knowledge.LedgerEntry) knowledge.LedgerEntry {
	t.Helper()
	got, err := s.RecordSuggestionSet(context.Background(), e)
	if err != nil {
		t.Fatalf("RecordSuggestionSet: %v", err)
	}
	return got
}

func mustEvent(t *testing.T, s *Store, ev knowledge.LedgerEvent) knowledge.LedgerEvent {
	t.Helper()
	got, err := s.RecordEvent(context.Background(), ev)
	if err != nil {
		t.Fatalf("RecordEvent(%+v): %v", ev, err)
	}
	return got
}

func TestLedgerRecordAndRead(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	set := mustRecordSet(t, s, sampleSet("req-1", "Sam"))
	if !strings.HasPrefix(set.SetID, "sug-") || set.At.IsZero() {
		t.Fatalf("recorded set: id %q at %v", set.SetID, set.At)
	}
	sets, err := s.ListSets(ctx, knowledge.LedgerFilter{})
	if err != nil || len(sets) != 1 {
		t.Fatalf("ListSets = %v, %v", sets, err)
	}
	got := sets[0]
	if got.SetID != set.SetID || !got.At.Equal(set.At) || got.Model != "gpt-test" || got.PromptHash != "sha256:abc" ||
		len(got.Passages) != 4 || got.Passages[2] != set.Passages[2] || len(got.Options) != 3 ||
		got.Options[1].Flags[0] != "unverified" || strings.Join(got.Options[1].Citations, ",") != "refunds#0,billing#0" {
		t.Errorf("ListSets returned %+v\nwant %+v", got, set)
	}

	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventInserted, OptionIndex: 0})
	edited := mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventEdited, OptionIndex: 0,
		FinalText: "Dear Ada, your refund is on its way."})
	if edited.EditDistance != knowledge.EditDistance("Your refund is on its way.", "Dear Ada, your refund is on its way.") || edited.EditDistance == 0 {
		t.Errorf("edit distance = %d", edited.EditDistance)
	}
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 1,
		Reason: knowledge.ReasonWrongFacts, Comment: "no invoice was sent"})
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Dear Ada, your refund is on its way."})

	evs, err := s.Events(ctx, set.SetID)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for i, e := range evs {
		types = append(types, string(e.Type))
		if i > 0 && e.ID <= evs[i-1].ID {
			t.Errorf("event ids not increasing: %d after %d", e.ID, evs[i-1].ID)
		}
	}
	if strings.Join(types, ",") != "shown,inserted,edited,discarded,sent" {
		t.Errorf("event order = %v", types)
	}
	if d := evs[3]; d.Reason != knowledge.ReasonWrongFacts || d.Comment != "no invoice was sent" || d.OptionIndex != 1 || d.At.IsZero() {
		t.Errorf("discarded event read back as %+v", d)
	}
	if e := evs[2]; e.FinalText != edited.FinalText || e.EditDistance != edited.EditDistance {
		t.Errorf("edited event read back as %+v", e)
	}
}

func TestLedgerRejects(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	set := mustRecordSet(t, s, sampleSet("req-1", "Sam"))
	if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: "sug-ghost", Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("event for a missing set: %v, want ErrNotFound", err)
	}
	if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventInserted, OptionIndex: 9}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("event for a missing option: %v, want ErrInvalid", err)
	}
	if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 0, Reason: "meh"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("discard with an unknown reason: %v, want ErrInvalid", err)
	}
	if _, err := s.Events(ctx, "sug-ghost"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Events of a missing set: %v, want ErrNotFound", err)
	}
	dup := sampleSet("req-1", "Sam")
	dup.SetID = set.SetID
	if _, err := s.RecordSuggestionSet(ctx, dup); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("re-recording a set id: %v, want ErrConflict", err)
	}
	bad := sampleSet("req-1", "Sam")
	bad.Options[0].Citations = []string{"ghost#0"}
	if _, err := s.RecordSuggestionSet(ctx, bad); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("citation outside the passages: %v, want ErrInvalid", err)
	}
	if evs, _ := s.Events(ctx, set.SetID); len(evs) != 0 {
		t.Errorf("rejected events were stored: %+v", evs)
	}
}

func TestLedgerIsAppendOnly(t *testing.T) {
	s, _ := newTestStore(t)
	set := mustRecordSet(t, s, sampleSet("req-1", "Sam"))
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
	for _, stmt := range []string{
		`UPDATE ledger_sets SET agent = 'Mallory'`,
		`DELETE FROM ledger_sets`,
		`UPDATE ledger_events SET type = 'sent'`,
		`DELETE FROM ledger_events`,
		`UPDATE ledger_links SET article_id = 'x'`,
		`DELETE FROM ledger_links`,
		`UPDATE article_ratings SET verdict = 'helpful'`,
	} {
		// article_ratings is empty; give the UPDATE a row to hit.
		if strings.Contains(stmt, "article_ratings") {
			if _, err := s.Put(context.Background(), knowledge.Article{ID: "refunds", Title: "Refunds"}, knowledge.PutOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RateArticle(context.Background(), knowledge.ArticleRating{ArticleID: "refunds", Agent: "Sam", Verdict: knowledge.VerdictWrong}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := s.db.Exec(stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want an append-only refusal", stmt, err)
		}
	}
	sets, _ := s.ListSets(context.Background(), knowledge.LedgerFilter{})
	evs, _ := s.Events(context.Background(), set.SetID)
	if len(sets) != 1 || sets[0].Agent != "Sam" || len(evs) != 1 || evs[0].Type != knowledge.EventShown {
		t.Errorf("ledger changed: %+v %+v", sets, evs)
	}
}

func TestListSetsFilters(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(e knowledge.LedgerEntry, d time.Duration) knowledge.LedgerEntry { e.At = t0.Add(d); return e }
	a := mustRecordSet(t, s, at(sampleSet("req-1", "Sam"), 0))
	onlyVPN := sampleSet("req-2", "Kim")
	onlyVPN.Passages = onlyVPN.Passages[3:]
	onlyVPN.Options = []knowledge.LedgerOption{{Index: 0, Title: "VPN", Reply: "Restart the client.", Kind: "extractive", Citations: []string{"vpn#0"}}}
	b := mustRecordSet(t, s, at(onlyVPN, time.Hour))
	c := mustRecordSet(t, s, at(sampleSet("req-2", "Sam"), 2*time.Hour))

	check := func(name string, f knowledge.LedgerFilter, want ...knowledge.LedgerEntry) {
		t.Helper()
		got, err := s.ListSets(ctx, f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var g, w []string
		for _, e := range got {
			g = append(g, e.SetID)
		}
		for _, e := range want {
			w = append(w, e.SetID)
		}
		if strings.Join(g, ",") != strings.Join(w, ",") {
			t.Errorf("%s: got %v, want %v", name, g, w)
		}
	}
	check("all, newest first", knowledge.LedgerFilter{}, c, b, a)
	check("request", knowledge.LedgerFilter{RequestID: "req-2"}, c, b)
	check("agent", knowledge.LedgerFilter{Agent: "Sam"}, c, a)
	check("article retrieved", knowledge.LedgerFilter{ArticleID: "billing"}, c, a)
	check("article in every set", knowledge.LedgerFilter{ArticleID: "vpn"}, c, b, a)
	check("since is inclusive", knowledge.LedgerFilter{Since: t0.Add(time.Hour)}, c, b)
	check("until is exclusive", knowledge.LedgerFilter{Until: t0.Add(time.Hour)}, a)
	check("combined", knowledge.LedgerFilter{Agent: "Sam", RequestID: "req-2", ArticleID: "refunds"}, c)
	check("limit", knowledge.LedgerFilter{Limit: 1}, c)
	check("nothing", knowledge.LedgerFilter{ArticleID: "parking"})
}

func TestSuggestionSummary(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	old := sampleSet("req-0", "Sam")
	old.At = t0.Add(-24 * time.Hour)
	oldSet := mustRecordSet(t, s, old)
	mustEvent(t, s, knowledge.LedgerEvent{SetID: oldSet.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})

	cur := sampleSet("req-1", "Sam")
	cur.At = t0
	set := mustRecordSet(t, s, cur)
	ev := func(typ knowledge.EventType, opt int, reason knowledge.DiscardReason) {
		mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: typ, OptionIndex: opt, Reason: reason})
	}
	ev(knowledge.EventShown, knowledge.WholeSet, "")                        // refunds, billing, vpn
	ev(knowledge.EventInserted, 0, "")                                      // refunds (cited twice, counted once)
	ev(knowledge.EventEdited, 0, "")                                        // refunds
	ev(knowledge.EventSent, 0, "")                                          // refunds
	ev(knowledge.EventDiscarded, 1, knowledge.ReasonWrongFacts)             // refunds, billing
	ev(knowledge.EventDiscarded, 2, knowledge.ReasonNotRelevant)            // cites nothing: no article
	ev(knowledge.EventDiscarded, knowledge.WholeSet, knowledge.ReasonOther) // refunds, billing, vpn

	got, err := s.SuggestionSummary(ctx, t0, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []knowledge.ArticleSuggestionStats{
		{ArticleID: "billing", Shown: 1, Discarded: 2},
		{ArticleID: "refunds", Shown: 1, Inserted: 1, Edited: 1, Discarded: 2, Sent: 1},
		{ArticleID: "vpn", Shown: 1, Discarded: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("summary = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("summary[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	all, _ := s.SuggestionSummary(ctx, time.Time{}, time.Time{})
	for _, st := range all {
		if st.ArticleID == "refunds" && st.Shown != 2 {
			t.Errorf("unbounded summary: refunds shown %d, want 2", st.Shown)
		}
	}
	before, _ := s.SuggestionSummary(ctx, time.Time{}, t0)
	if len(before) != 3 || before[0].Shown != 1 || before[0].Discarded != 0 {
		t.Errorf("summary before t0 = %+v", before)
	}
}
