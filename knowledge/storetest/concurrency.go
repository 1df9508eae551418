package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"concierge/knowledge"
)

var concurrencyTests = map[string]func(*testing.T, knowledge.Stores){
	"WritersRetryingOnConflictLoseNothing": testConcurrentWritersLoseNothing,
	"LedgerWithConcurrentWriters":          testConcurrentLedger,
	"RequestUpdatesConflict":               testConcurrentRequestUpdates,
}

// testConcurrentWritersLoseNothing: writers that read, change and save
// with ExpectedVersion, retrying on ErrConflict, all land: every line each
// writer added is in the final article and there is one version per save.
func testConcurrentWritersLoseNothing(t *testing.T, s knowledge.Stores) {
	mustPut(t, s, article("shared", "start"))
	const writers, saves = 8, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < saves; i++ {
				for {
					a, err := s.Get(ctx(t), "shared")
					if err != nil {
						errs <- err
						return
					}
					a.Body += fmt.Sprintf("\nw%d-%d", w, i)
					_, err = s.Put(ctx(t), a, knowledge.PutOptions{ExpectedVersion: a.Version})
					if errors.Is(err, knowledge.ErrConflict) {
						continue
					}
					if err != nil {
						errs <- err
						return
					}
					break
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	a, _ := s.Get(ctx(t), "shared")
	if a.Version != 1+writers*saves {
		t.Errorf("version %d after %d saves, want %d", a.Version, writers*saves, 1+writers*saves)
	}
	for w := 0; w < writers; w++ {
		for i := 0; i < saves; i++ {
			if !strings.Contains(a.Body, fmt.Sprintf("\nw%d-%d", w, i)) {
				t.Errorf("lost update: w%d-%d is missing", w, i)
			}
		}
	}
	if vs, _ := s.Versions(ctx(t), "shared"); len(vs) != 1+writers*saves {
		t.Errorf("%d versions in the history, want %d", len(vs), 1+writers*saves)
	}
}

// testConcurrentLedger: many writers recording sets and events at once;
// every record is kept once, event ids are distinct, counts add up.
func testConcurrentLedger(t *testing.T, s knowledge.Stores) {
	const writers, each = 20, 3
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				set, err := s.RecordSuggestionSet(ctx(t), sampleSet(fmt.Sprintf("req-%d", w), fmt.Sprintf("agent%d", w)))
				if err != nil {
					errs <- err
					return
				}
				for _, ev := range []knowledge.LedgerEvent{
					{SetID: set.SetID, Agent: set.Agent, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
					{SetID: set.SetID, Agent: set.Agent, Type: knowledge.EventSent, OptionIndex: 0},
				} {
					if _, err := s.RecordEvent(ctx(t), ev); err != nil {
						errs <- err
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sets, err := s.ListSets(ctx(t), knowledge.LedgerFilter{})
	if err != nil || len(sets) != writers*each {
		t.Fatalf("%d sets (%v), want %d", len(sets), err, writers*each)
	}
	ids := map[int64]bool{}
	for _, set := range sets {
		evs, err := s.Events(ctx(t), set.SetID)
		if err != nil || len(evs) != 2 {
			t.Fatalf("set %s has %d events (%v), want 2", set.SetID, len(evs), err)
		}
		for _, e := range evs {
			if ids[e.ID] {
				t.Errorf("event id %d given twice", e.ID)
			}
			ids[e.ID] = true
		}
	}
	sum, _ := s.SuggestionSummary(ctx(t), base.AddDate(-1, 0, 0), base.AddDate(100, 0, 0))
	for _, st := range sum {
		if st.Shown != writers*each {
			t.Errorf("article %s shown %d times, want %d", st.ArticleID, st.Shown, writers*each)
		}
	}
	if len(sum) != 3 {
		t.Errorf("summary covers %d articles, want 3", len(sum))
	}
}

// testConcurrentRequestUpdates: of several updates of the same version of
// a request, exactly one wins; the others get ErrConflict.
func testConcurrentRequestUpdates(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Race", "race@example.org", "hello"))
	const n = 8
	var wg sync.WaitGroup
	results := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := r
			c.Subject = fmt.Sprintf("edit %d", i)
			_, err := s.UpdateRequest(ctx(t), c)
			results <- err
		}(i)
	}
	wg.Wait()
	close(results)
	won := 0
	for err := range results {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, knowledge.ErrConflict):
			t.Errorf("update: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d updates of one version won, want exactly 1", won)
	}
	if got, _ := s.GetRequest(ctx(t), r.ID); got.Version != 2 {
		t.Errorf("version %d after one winning update", got.Version)
	}
}
