package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
)

// TestTwoDesktopsSavingOneArticle: two stores (two pools, as two desktops)
// save the same version of one article at the same moment: one wins, the
// other gets ErrConflict, and the stored article is the winner's — never a
// lost update. Repeated to give the race many chances.
func TestTwoDesktopsSavingOneArticle(t *testing.T) {
	a, url := openTest(t)
	b, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	if _, err := a.Put(ctx, knowledge.Article{ID: "shared", Title: "Shared", Body: "v1"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 25; round++ {
		cur, err := a.Get(ctx, "shared")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		bodies := []string{fmt.Sprintf("round %d by A", round), fmt.Sprintf("round %d by B", round)}
		for i, s := range []*Store{a, b} {
			wg.Add(1)
			go func(i int, s *Store) {
				defer wg.Done()
				edit := cur
				edit.Body = bodies[i]
				<-start
				_, errs[i] = s.Put(ctx, edit, knowledge.PutOptions{ExpectedVersion: cur.Version, Author: bodies[i]})
			}(i, s)
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Fatalf("round %d: both saves of version %d succeeded", round, cur.Version)
				}
				winner = i
			case !errors.Is(err, knowledge.ErrConflict):
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if winner < 0 {
			t.Fatalf("round %d: neither save succeeded: %v", round, errs)
		}
		got, _ := b.Get(ctx, "shared")
		if got.Version != cur.Version+1 || got.Body != bodies[winner] {
			t.Fatalf("round %d: stored %q at version %d, want the winner's %q at %d", round, got.Body, got.Version, bodies[winner], cur.Version+1)
		}
	}
	if vs, _ := a.Versions(ctx, "shared"); len(vs) != 26 {
		t.Errorf("%d versions, want 26", len(vs))
	}
}

// TestLedgerWithFiftyConcurrentWriters: 50 desktops (each its own pool and
// connection) record suggestion sets and events at once. Every record is
// kept exactly once, links and events belong to existing sets, event ids
// are distinct, the summary adds up and the change feed has one entry per
// record with no gap.
func TestLedgerWithFiftyConcurrentWriters(t *testing.T) {
	owner, url := openTest(t)
	ctx := context.Background()
	const writers, sets = 50, 6
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	start := make(chan struct{})
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s, err := Open(ctx, url, WithMaxConns(1))
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			<-start
			for i := 0; i < sets; i++ {
				set, err := s.RecordSuggestionSet(ctx, knowledge.LedgerEntry{
					RequestID: fmt.Sprintf("req-%d", w), Agent: fmt.Sprintf("agent-%d", w), Provider: "none",
					Passages: []knowledge.LedgerPassage{{PassageID: "fees#0", ArticleID: "fees", ArticleVersion: 1}},
					Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Kind: "extractive", Citations: []string{"fees#0"}}},
				})
				if err != nil {
					errs <- err
					return
				}
				for _, ev := range []knowledge.LedgerEvent{
					{SetID: set.SetID, Agent: set.Agent, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
					{SetID: set.SetID, Agent: set.Agent, Type: knowledge.EventSent, OptionIndex: 0, FinalText: "r!"},
				} {
					if _, err := s.RecordEvent(ctx, ev); err != nil {
						errs <- err
						return
					}
				}
			}
		}(w)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := writers * sets
	for sql, want := range map[string]int{
		`SELECT count(*) FROM ledger_sets`:             total,
		`SELECT count(DISTINCT id) FROM ledger_sets`:   total,
		`SELECT count(*) FROM ledger_events`:           2 * total,
		`SELECT count(DISTINCT id) FROM ledger_events`: 2 * total,
		`SELECT count(*) FROM ledger_links`:            2 * total,
		`SELECT count(*) FROM ledger_events e LEFT JOIN ledger_sets s ON s.id = e.set_id WHERE s.id IS NULL`: 0,
		`SELECT count(*) FROM (SELECT agent FROM ledger_sets GROUP BY agent HAVING count(*) = 6) t`:          writers,
		`SELECT count(*) FROM changes WHERE topic = 'ledger'`:                                                3 * total,
		`SELECT max(seq) - min(seq) + 1 FROM changes`:                                                        3 * total,
	} {
		if n := rawCount(t, url, sql); n != want {
			t.Errorf("%s = %d, want %d", sql, n, want)
		}
	}
	sum, err := owner.SuggestionSummary(ctx, time.Time{}, time.Time{})
	if err != nil || len(sum) != 1 || sum[0].Shown != total || sum[0].Sent != total {
		t.Errorf("SuggestionSummary = %+v, %v", sum, err)
	}
}
