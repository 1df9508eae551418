package storetest

import (
	"strconv"
	"strings"
	"sync"
	"testing"

	"concierge/knowledge"
)

// Tamper changes a store's ledger behind its back, the way someone with
// direct access to the database could: each store's tests implement it
// with raw SQL (working around the append-only triggers).
type Tamper interface {
	// AlterEvent changes the final text of event id.
	AlterEvent(t *testing.T, id int64, finalText string)
	// DeleteEvent removes event id (and, when withLink, its chain link).
	DeleteEvent(t *testing.T, id int64, withLink bool)
	// SwapEvents swaps the ids of events a and b, reordering them.
	SwapEvents(t *testing.T, a, b int64)
	// InsertEvent adds a copy of event id with a new id, without a link.
	InsertEvent(t *testing.T, id int64)
}

// OpenTamper returns a new, empty store and a Tamper on it.
type OpenTamper func(t *testing.T) (knowledge.Stores, Tamper)

// RunChain runs the ledger chain tests: an intact chain verifies, and
// every kind of tampering is detected at the first record it touched.
func RunChain(t *testing.T, open OpenTamper) {
	// chained records 3 sets with 3 events each and returns the event ids
	// in recording order.
	chained := func(t *testing.T, s knowledge.Stores) []int64 {
		var ids []int64
		for i := 0; i < 3; i++ {
			set := mustRecordSet(t, s, sampleSet("req-chain", "Sam"))
			for _, ev := range []knowledge.LedgerEvent{
				{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
				{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventEdited, OptionIndex: 0, FinalText: "Dear Ada, your refund is on its way."},
				{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventDiscarded, OptionIndex: 1, Reason: knowledge.ReasonWrongFacts},
			} {
				ids = append(ids, mustEvent(t, s, ev).ID)
			}
		}
		return ids
	}
	verify := func(t *testing.T, s knowledge.Stores) knowledge.ChainReport {
		t.Helper()
		r, err := knowledge.VerifyChain(ctx(t), s)
		if err != nil {
			t.Fatalf("VerifyChain: %v", err)
		}
		return r
	}
	wantBroken := func(t *testing.T, r knowledge.ChainReport, ref string) {
		t.Helper()
		if r.Intact || r.Broken == nil {
			t.Fatalf("tampered ledger verified as intact: %+v", r)
		}
		if r.Broken.Ref != ref {
			t.Errorf("first broken record = %s, want event %s", r.Broken, ref)
		}
	}
	ref := func(id int64) string { return strconv.FormatInt(id, 10) }

	t.Run("Intact", func(t *testing.T) {
		s, _ := open(t)
		if r := verify(t, s); !r.Intact || r.Checked != 0 {
			t.Fatalf("empty ledger: %+v", r)
		}
		chained(t, s)
		r := verify(t, s)
		if !r.Intact || r.Checked != 12 || len(r.Head) != 64 {
			t.Fatalf("intact ledger: %+v, want 12 links checked", r)
		}
	})
	t.Run("Altered", func(t *testing.T) {
		s, tm := open(t)
		ids := chained(t, s)
		tm.AlterEvent(t, ids[4], "Dear Ada, your refund was never sent.")
		wantBroken(t, verify(t, s), ref(ids[4]))
	})
	t.Run("Deleted", func(t *testing.T) {
		s, tm := open(t)
		ids := chained(t, s)
		tm.DeleteEvent(t, ids[2], false)
		wantBroken(t, verify(t, s), ref(ids[2]))
	})
	t.Run("DeletedWithLink", func(t *testing.T) {
		s, tm := open(t)
		ids := chained(t, s)
		tm.DeleteEvent(t, ids[2], true)
		// The next link (set 2) no longer follows from its predecessor.
		r := verify(t, s)
		if r.Intact || r.Broken == nil || r.Broken.Kind != knowledge.ChainSet || r.Checked != 3 {
			t.Fatalf("deleting event %d and its link: %+v, want the next set's link broken after 3", ids[2], r)
		}
	})
	t.Run("Reordered", func(t *testing.T) {
		s, tm := open(t)
		ids := chained(t, s)
		tm.SwapEvents(t, ids[4], ids[5])
		wantBroken(t, verify(t, s), ref(ids[4]))
	})
	t.Run("Unlinked", func(t *testing.T) {
		s, tm := open(t)
		ids := chained(t, s)
		tm.InsertEvent(t, ids[0])
		r := verify(t, s)
		if r.Intact || r.Broken == nil || r.Broken.Seq != 0 || !strings.Contains(r.Broken.Reason, "not in its chain") {
			t.Fatalf("an event added without a link: %+v", r)
		}
	})
	t.Run("ConcurrentWriters", func(t *testing.T) {
		s, _ := open(t)
		set := mustRecordSet(t, s, sampleSet("req-chain", "Sam"))
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					_, err := s.RecordEvent(ctx(t), knowledge.LedgerEvent{SetID: set.SetID, Agent: "Sam", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
					if err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("RecordEvent: %v", err)
		}
		if r := verify(t, s); !r.Intact || r.Checked != 41 {
			t.Fatalf("after 4 concurrent writers: %+v, want 41 links intact", r)
		}
	})
}
