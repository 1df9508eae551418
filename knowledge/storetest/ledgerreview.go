package storetest

import (
	"reflect"
	"testing"
	"time"

	"concierge/knowledge"
)

var ledgerReviewTests = map[string]func(*testing.T, knowledge.Stores){
	"Outcomes":      testReviewOutcomes,
	"FiltersPaging": testReviewFiltersPaging,
	"Export":        testReviewExport,
	"Aggregates":    testReviewAggregates,
}

// reviewFixture records four sets an hour apart: used as is (Sam), edited
// (Sam), discarded for wrong facts (Kim), only shown (Kim, another model).
func reviewFixture(t *testing.T, s knowledge.Stores) []knowledge.LedgerEntry {
	mustPut(t, s, article("refunds", "Refunds take five days."))
	var sets []knowledge.LedgerEntry
	for i, agent := range []string{"Sam", "Sam", "Kim", "Kim"} {
		e := sampleSet("req-"+string(rune('a'+i)), agent)
		e.At = base.Add(time.Duration(i) * time.Hour)
		if i == 3 {
			e.Model = "other-model"
		}
		sets = append(sets, mustRecordSet(t, s, e))
	}
	ev := func(i int, typ knowledge.EventType, opt int, text string, reason knowledge.DiscardReason) {
		mustEvent(t, s, knowledge.LedgerEvent{SetID: sets[i].SetID, Agent: sets[i].Agent, Type: typ, OptionIndex: opt, FinalText: text, Reason: reason})
	}
	for i := range sets {
		ev(i, knowledge.EventShown, knowledge.WholeSet, "", "")
	}
	ev(0, knowledge.EventInserted, 0, "", "")
	ev(0, knowledge.EventSent, 0, "Your refund is on its way.", "")
	ev(1, knowledge.EventInserted, 1, "", "")
	ev(1, knowledge.EventEdited, 1, "We refunded you.", "")
	ev(1, knowledge.EventSent, 1, "We refunded you.", "")
	ev(2, knowledge.EventDiscarded, knowledge.WholeSet, "", knowledge.ReasonWrongFacts)
	return sets
}

func review(t *testing.T, s knowledge.Stores, f knowledge.ReviewFilter) knowledge.ReviewPage {
	t.Helper()
	p, err := s.ReviewSets(ctx(t), f)
	if err != nil {
		t.Fatalf("ReviewSets(%+v): %v", f, err)
	}
	return p
}

func testReviewOutcomes(t *testing.T, s knowledge.Stores) {
	sets := reviewFixture(t, s)
	p := review(t, s, knowledge.ReviewFilter{Asc: true})
	if p.Total != 4 || len(p.Rows) != 4 {
		t.Fatalf("review list: %d rows of %d, want 4", len(p.Rows), p.Total)
	}
	want := []knowledge.Outcome{knowledge.OutcomeUsed, knowledge.OutcomeEdited, knowledge.OutcomeDiscarded, knowledge.OutcomeShown}
	for i, r := range p.Rows {
		if r.SetID != sets[i].SetID || r.Outcome != want[i] {
			t.Errorf("row %d = %s %s, want %s %s", i, r.SetID, r.Outcome, sets[i].SetID, want[i])
		}
	}
	used, edited, discarded := p.Rows[0], p.Rows[1], p.Rows[2]
	if used.OptionIndex != 0 || used.EditDistance != 0 || used.Unverified || len(used.Articles) != 1 || used.Articles[0] != "refunds" || used.Department != "Billing" {
		t.Errorf("used row: %+v", used)
	}
	if edited.OptionIndex != 1 || edited.EditDistance != knowledge.EditDistance("We refunded and sent an invoice.", "We refunded you.") ||
		!edited.Unverified || !edited.Heavy || len(edited.Articles) != 2 {
		t.Errorf("edited row: %+v", edited)
	}
	if discarded.Reason != knowledge.ReasonWrongFacts || discarded.Events != 2 || len(discarded.Articles) != 3 {
		t.Errorf("discarded row: %+v", discarded)
	}
}

func testReviewFiltersPaging(t *testing.T, s knowledge.Stores) {
	sets := reviewFixture(t, s)
	for name, c := range map[string]struct {
		f    knowledge.ReviewFilter
		want []int
	}{
		"agent":      {knowledge.ReviewFilter{Agent: "Kim"}, []int{3, 2}},
		"outcome":    {knowledge.ReviewFilter{Outcome: knowledge.OutcomeEdited}, []int{1}},
		"model":      {knowledge.ReviewFilter{Model: "other-model"}, []int{3}},
		"provider":   {knowledge.ReviewFilter{Provider: "nobody"}, nil},
		"department": {knowledge.ReviewFilter{Department: "Billing"}, []int{3, 2, 1, 0}},
		"article":    {knowledge.ReviewFilter{ArticleID: "vpn"}, []int{3, 2, 1, 0}},
		"unverified": {knowledge.ReviewFilter{Unverified: true}, []int{3, 2, 1}},
		"period":     {knowledge.ReviewFilter{Since: base.Add(time.Hour), Until: base.Add(3 * time.Hour)}, []int{2, 1}},
		"page":       {knowledge.ReviewFilter{Offset: 1, Limit: 2}, []int{2, 1}},
		"sort":       {knowledge.ReviewFilter{Sort: knowledge.SortEditDistance}, []int{1, 3, 2, 0}},
	} {
		p := review(t, s, c.f)
		var got []int
		for _, r := range p.Rows {
			for i, set := range sets {
				if set.SetID == r.SetID {
					got = append(got, i)
				}
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: sets %v, want %v", name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: sets %v, want %v", name, got, c.want)
				break
			}
		}
	}
	if _, err := s.ReviewSets(ctx(t), knowledge.ReviewFilter{Sort: "nonsense"}); err == nil {
		t.Error("an unknown sort column was accepted")
	}
}

func testReviewExport(t *testing.T, s knowledge.Stores) {
	reviewFixture(t, s)
	var rows []knowledge.ExportRow
	err := s.EachLedgerEvent(ctx(t), knowledge.ReviewFilter{Agent: "Sam"}, func(r knowledge.ExportRow) error {
		rows = append(rows, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 {
		t.Fatalf("Sam's events: %d, want 7", len(rows))
	}
	for i, r := range rows {
		if i > 0 && r.EventID <= rows[i-1].EventID || len(r.ChainHash) != 64 || r.Agent != "Sam" {
			t.Errorf("export row %d: %+v", i, r)
		}
	}
}

// testReviewAggregates: the store's SQL counts equal the reference
// computation over the same rows, with and without a filter.
func testReviewAggregates(t *testing.T, s knowledge.Stores) {
	reviewFixture(t, s)
	for _, f := range []knowledge.ReviewFilter{{}, {Agent: "Sam"}, {Unverified: true}, {Agent: "nobody"}} {
		var rows []knowledge.ReviewRow
		if err := s.EachReviewRow(ctx(t), f, func(r knowledge.ReviewRow) error { rows = append(rows, r); return nil }); err != nil {
			t.Fatal(err)
		}
		want := knowledge.AggregateRows(rows)
		got, err := s.ReviewAggregates(ctx(t), f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("aggregates for %+v:\n got %+v\nwant %+v", f, got, want)
		}
	}
	all, _ := s.ReviewAggregates(ctx(t), knowledge.ReviewFilter{})
	if len(all.Days) != 4 || all.SentUnverified != 1 || len(all.Articles) != 3 {
		t.Errorf("aggregates of the fixture: %+v", all)
	}
}
