package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

var ledgerTests = map[string]func(*testing.T, knowledge.Stores){
	"RecordAndRead":     testLedgerRecordAndRead,
	"Rejects":           testLedgerRejects,
	"AppendOnly":        testLedgerAppendOnly,
	"ListSetsFilters":   testListSetsFilters,
	"SuggestionSummary": testSuggestionSummary,
}

func sampleSet(requestID, agent string) knowledge.LedgerEntry {
	return knowledge.LedgerEntry{
		RequestID: requestID, Agent: agent, Provider: "openai", Model: "gpt-test", PromptHash: "sha256:abc",
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

func mustRecordSet(t *testing.T, s knowledge.Stores, e knowledge.LedgerEntry) knowledge.LedgerEntry {
	t.Helper()
	got, err := s.RecordSuggestionSet(ctx(t), e)
	if err != nil {
		t.Fatalf("RecordSuggestionSet: %v", err)
	}
	return got
}

func mustEvent(t *testing.T, s knowledge.Stores, ev knowledge.LedgerEvent) knowledge.LedgerEvent {
	t.Helper()
	got, err := s.RecordEvent(ctx(t), ev)
	if err != nil {
		t.Fatalf("RecordEvent(%+v): %v", ev, err)
	}
	return got
}

func testLedgerRecordAndRead(t *testing.T, s knowledge.Stores) {
	set := mustRecordSet(t, s, sampleSet("req-1", "Sam"))
	if !strings.HasPrefix(set.SetID, "sug-") || set.At.IsZero() {
		t.Fatalf("recorded set: id %q at %v", set.SetID, set.At)
	}
	sets, err := s.ListSets(ctx(t), knowledge.LedgerFilter{})
	if err != nil || len(sets) != 1 {
		t.Fatalf("ListSets = %v, %v", sets, err)
	}
	got := sets[0]
	if got.SetID != set.SetID || !got.At.Equal(set.At) || got.Agent != "Sam" || got.Model != "gpt-test" || got.PromptHash != "sha256:abc" ||
		len(got.Passages) != 4 || got.Passages[2] != set.Passages[2] || len(got.Options) != 3 ||
		got.Options[1].Flags[0] != "unverified" || strings.Join(got.Options[1].Citations, ",") != "refunds#0,billing#0" {
		t.Errorf("ListSets returned %+v\nwant %+v", got, set)
	}
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventInserted, OptionIndex: 0})
	edited := mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventEdited, OptionIndex: 0,
		FinalText: "Dear Ada, your refund is on its way."})
	if edited.EditDistance == 0 || edited.EditDistance != knowledge.EditDistance("Your refund is on its way.", edited.FinalText) {
		t.Errorf("edit distance = %d", edited.EditDistance)
	}
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 1,
		Reason: knowledge.ReasonWrongFacts, Comment: "no invoice was sent"})
	sent := mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0,
		FinalText: edited.FinalText, At: base})
	evs, err := s.Events(ctx(t), set.SetID)
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
	if d := evs[3]; d.Reason != knowledge.ReasonWrongFacts || d.Comment != "no invoice was sent" || d.OptionIndex != 1 || d.At.IsZero() || d.Agent != "Sam" {
		t.Errorf("discarded event read back as %+v", d)
	}
	if e := evs[4]; e.ID != sent.ID || !e.At.Equal(base) || e.FinalText != edited.FinalText {
		t.Errorf("sent event read back as %+v, recorded %+v", e, sent)
	}
	if evs, err := s.Events(ctx(t), "sug-ghost"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Events of a missing set: %v, %v", evs, err)
	}
}

func testLedgerRejects(t *testing.T, s knowledge.Stores) {
	set := mustRecordSet(t, s, sampleSet("req-1", "Sam"))
	for name, ev := range map[string]knowledge.LedgerEvent{
		"unknown option": {SetID: set.SetID, Agent: "Sam", Type: knowledge.EventInserted, OptionIndex: 9},
		"unknown type":   {SetID: set.SetID, Agent: "Sam", Type: "liked", OptionIndex: 0},
		"no reason":      {SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 0},
		"no agent":       {SetID: set.SetID, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
		"whole-set edit": {SetID: set.SetID, Agent: "Sam", Type: knowledge.EventEdited, OptionIndex: knowledge.WholeSet},
	} {
		if _, err := s.RecordEvent(ctx(t), ev); !errors.Is(err, knowledge.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := s.RecordEvent(ctx(t), knowledge.LedgerEvent{SetID: "sug-ghost", Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("event for a missing set: %v, want ErrNotFound", err)
	}
	bad := sampleSet("", "Sam")
	bad.Options[0].Citations = []string{"nowhere#0"}
	if _, err := s.RecordSuggestionSet(ctx(t), bad); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("citation of an unknown passage: %v", err)
	}
	if evs, _ := s.Events(ctx(t), set.SetID); len(evs) != 0 {
		t.Errorf("rejected events were recorded: %+v", evs)
	}
	if sets, _ := s.ListSets(ctx(t), knowledge.LedgerFilter{}); len(sets) != 1 {
		t.Errorf("a rejected set was recorded: %d sets", len(sets))
	}
}

// testLedgerAppendOnly: a recorded set cannot be replaced through the store.
func testLedgerAppendOnly(t *testing.T, s knowledge.Stores) {
	in := sampleSet("req-1", "Sam")
	in.SetID = "sug-fixed"
	mustRecordSet(t, s, in)
	in.Options = in.Options[:1]
	in.Agent = "Mallory"
	if _, err := s.RecordSuggestionSet(ctx(t), in); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("recording a set id twice: %v, want ErrConflict", err)
	}
	sets, _ := s.ListSets(ctx(t), knowledge.LedgerFilter{})
	if len(sets) != 1 || sets[0].Agent != "Sam" || len(sets[0].Options) != 3 {
		t.Errorf("the recorded set changed: %+v", sets)
	}
}

func testListSetsFilters(t *testing.T, s knowledge.Stores) {
	mk := func(req, agent string, at time.Time, articles ...string) knowledge.LedgerEntry {
		e := sampleSet(req, agent)
		e.At = at
		e.Passages = nil
		for _, a := range articles {
			e.Passages = append(e.Passages, knowledge.LedgerPassage{PassageID: a + "#0", ArticleID: a, ArticleVersion: 1})
		}
		e.Options = []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{articles[0] + "#0"}}}
		return mustRecordSet(t, s, e)
	}
	s1 := mk("req-1", "Sam", base, "refunds", "billing")
	s2 := mk("req-2", "Kim", base.Add(time.Hour), "vpn")
	s3 := mk("req-1", "Kim", base.Add(2*time.Hour), "billing")
	ids := func(f knowledge.LedgerFilter) string {
		t.Helper()
		sets, err := s.ListSets(ctx(t), f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range sets {
			out = append(out, e.SetID)
		}
		return strings.Join(out, ",")
	}
	for name, c := range map[string]struct {
		f    knowledge.LedgerFilter
		want []knowledge.LedgerEntry
	}{
		"all newest first": {knowledge.LedgerFilter{}, []knowledge.LedgerEntry{s3, s2, s1}},
		"request":          {knowledge.LedgerFilter{RequestID: "req-1"}, []knowledge.LedgerEntry{s3, s1}},
		"agent":            {knowledge.LedgerFilter{Agent: " Kim "}, []knowledge.LedgerEntry{s3, s2}},
		"article":          {knowledge.LedgerFilter{ArticleID: "billing"}, []knowledge.LedgerEntry{s3, s1}},
		"since until":      {knowledge.LedgerFilter{Since: base.Add(time.Hour), Until: base.Add(2 * time.Hour)}, []knowledge.LedgerEntry{s2}},
		"limit":            {knowledge.LedgerFilter{Limit: 1}, []knowledge.LedgerEntry{s3}},
	} {
		var w []string
		for _, e := range c.want {
			w = append(w, e.SetID)
		}
		if got := ids(c.f); got != strings.Join(w, ",") {
			t.Errorf("%s: got %s, want %s", name, got, strings.Join(w, ","))
		}
	}
}

func testSuggestionSummary(t *testing.T, s knowledge.Stores) {
	set := sampleSet("req-1", "Sam")
	set.At = base
	set = mustRecordSet(t, s, set)
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventInserted, OptionIndex: 1})
	mustEvent(t, s, knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventSent, OptionIndex: 0})
	late := sampleSet("req-2", "Sam")
	late.At = base.Add(48 * time.Hour)
	late = mustRecordSet(t, s, late)
	mustEvent(t, s, knowledge.LedgerEvent{SetID: late.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})

	got, err := s.SuggestionSummary(ctx(t), base, base.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []knowledge.ArticleSuggestionStats{
		{ArticleID: "billing", Shown: 1, Inserted: 1},
		{ArticleID: "refunds", Shown: 1, Inserted: 1, Sent: 1},
		{ArticleID: "vpn", Shown: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("SuggestionSummary = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("SuggestionSummary[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	all, _ := s.SuggestionSummary(ctx(t), time.Time{}, time.Time{})
	if len(all) != 3 || all[0].Shown != 2 {
		t.Errorf("SuggestionSummary without bounds = %+v", all)
	}
}
