package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

func TestChangesRecordEveryWrite(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	a := knowledge.Article{ID: "fees", Title: "Fees", Body: "5", Status: knowledge.StatusDraft}
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil { // unchanged: no change
		t.Fatal(err)
	}
	a.Status = knowledge.StatusPublished
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	a.Body = "6"
	if _, err := s.Put(ctx, a, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	r, err := s.CreateRequest(ctx, knowledge.SupportRequest{Subject: "s", Channel: knowledge.ChannelChat})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	set, err := s.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: "a", Provider: "none",
		Options: []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "r", Citations: []string{}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordEvent(ctx, knowledge.LedgerEvent{SetID: set.SetID, Agent: "a", Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "fees", Agent: "a", Verdict: knowledge.VerdictHelpful}); err != nil {
		t.Fatal(err)
	}
	cs, err := s.Changes(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, c := range cs {
		got = append(got, c.Topic+"/"+c.Kind+"/"+strings.Join(c.IDs, ","))
		if c.Seq != int64(i+1) || c.At.IsZero() {
			t.Errorf("change %d: seq %d at %v", i, c.Seq, c.At)
		}
	}
	want := []string{"articles/created/fees", "articles/published/fees", "articles/saved/fees",
		"requests/created/" + r.ID, "requests/message/" + r.ID, "ledger/set/" + set.SetID, "ledger/event/" + set.SetID, "ledger/rating/fees"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("changes:\n got %v\nwant %v", got, want)
	}
	if last, _ := s.LatestChange(ctx); last != int64(len(want)) {
		t.Errorf("LatestChange = %d", last)
	}
	if tail, _ := s.Changes(ctx, 6, 1); len(tail) != 1 || tail[0].Seq != 7 {
		t.Errorf("Changes(6, 1) = %+v", tail)
	}
}

// TestChangesNeverSkipARunningTransaction: a transaction that took a seq
// but has not committed holds back the changes after it (a follower that
// passed it would never see it); once it commits both arrive in seq order,
// and a rolled-back one leaves a gap that is passed.
func TestChangesNeverSkipARunningTransaction(t *testing.T) {
	s, url := openTest(t)
	ctx := context.Background()
	open := func() pgx.Tx {
		t.Helper()
		c, err := pgx.Connect(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(ctx) })
		tx, err := c.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	insert := func(tx pgx.Tx, id string) {
		t.Helper()
		if _, err := tx.Exec(ctx, `INSERT INTO requests (id, subject, channel, status, created_at, updated_at, version)
			VALUES ($1, 's', 'chat', 'open', now(), now(), 1)`, id); err != nil {
			t.Fatal(err)
		}
	}
	early := open()
	insert(early, "req-early")                                                                                   // takes seq 1
	late, err := s.CreateRequest(ctx, knowledge.SupportRequest{Subject: "late", Channel: knowledge.ChannelChat}) // seq 2, committed
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Changes(ctx, 0, 0); len(cs) != 0 {
		t.Fatalf("while seq 1 may still commit, Changes returned %+v", cs)
	}
	if err := early.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	cs, _ := s.Changes(ctx, 0, 0)
	if len(cs) != 2 || cs[0].IDs[0] != "req-early" || cs[0].Seq != 1 || cs[1].IDs[0] != late.ID || cs[1].Seq != 2 {
		t.Fatalf("after the commit: %+v", cs)
	}
	doomed := open()
	insert(doomed, "req-doomed")                                                                                   // seq 3
	after, err := s.CreateRequest(ctx, knowledge.SupportRequest{Subject: "after", Channel: knowledge.ChannelChat}) // seq 4
	if err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Changes(ctx, 2, 0); len(cs) != 0 {
		t.Fatalf("while seq 3 may still commit: %+v", cs)
	}
	if err := doomed.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.Changes(ctx, 2, 0); len(cs) != 1 || cs[0].Seq != 4 || cs[0].IDs[0] != after.ID {
		t.Errorf("after the rollback: %+v, want seq 4 past the gap", cs)
	}
}

// collector is a Follow handler that records what it was given.
type collector struct {
	mu      sync.Mutex
	changes []Change
	at      map[string]time.Time // first id → when it arrived
	notify  chan struct{}
}

func newCollector() *collector {
	return &collector{at: map[string]time.Time{}, notify: make(chan struct{}, 1)}
}

func (c *collector) handle(_ context.Context, cs []Change) error {
	c.mu.Lock()
	now := time.Now()
	for _, ch := range cs {
		c.changes = append(c.changes, ch)
		if _, ok := c.at[ch.IDs[0]]; !ok {
			c.at[ch.IDs[0]] = now
		}
	}
	c.mu.Unlock()
	select {
	case c.notify <- struct{}{}:
	default:
	}
	return nil
}

// waitFor waits until id arrived (or fails after timeout) and returns when.
func (c *collector) waitFor(t *testing.T, timeout time.Duration, ids ...string) time.Time {
	t.Helper()
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		var last time.Time
		missing := 0
		for _, id := range ids {
			at, ok := c.at[id]
			if !ok {
				missing++
			} else if at.After(last) {
				last = at
			}
		}
		c.mu.Unlock()
		if missing == 0 {
			return last
		}
		select {
		case <-c.notify:
		case <-deadline:
			t.Fatalf("%d of %d changes did not arrive within %v", missing, len(ids), timeout)
		}
	}
}

func (c *collector) snapshot() []Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Change(nil), c.changes...)
}

// startFollow runs Follow in the background until the test ends.
func startFollow(t *testing.T, s *Store, after int64, c *collector, opts FollowOptions) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Follow(ctx, after, c.handle, opts) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

// TestFollowAcrossInstances: a desktop following the feed learns of an
// article another desktop (its own pool) publishes well within 2 s.
func TestFollowAcrossInstances(t *testing.T) {
	a, url := openTest(t)
	b, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := newCollector()
	startFollow(t, a, 0, c, FollowOptions{})
	var lags []time.Duration
	for i := 0; i < 20; i++ {
		id := fmt.Sprintf("published-%d", i)
		start := time.Now()
		if _, err := b.Put(context.Background(), knowledge.Article{ID: id, Title: "T", Body: "b", Status: knowledge.StatusPublished}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
		lags = append(lags, c.waitFor(t, 2*time.Second, id).Sub(start))
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	t.Logf("publish → follower notified: p50 %v, max %v (20 saves)", lags[len(lags)/2], lags[len(lags)-1])
}

// TestFollowReconnectsAndCatchesUp: the follower's connection is killed;
// changes made meanwhile arrive after it reconnects, in order, once each.
func TestFollowReconnectsAndCatchesUp(t *testing.T) {
	a, url := openTest(t)
	ctx := context.Background()
	var mu sync.Mutex
	var states []bool
	c := newCollector()
	startFollow(t, a, 0, c, FollowOptions{MinBackoff: 50 * time.Millisecond, OnState: func(connected bool, err error) {
		mu.Lock()
		states = append(states, connected)
		mu.Unlock()
	}})
	put := func(id string) {
		t.Helper()
		if _, err := a.Put(ctx, knowledge.Article{ID: id, Title: "T"}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	put("before")
	c.waitFor(t, 5*time.Second, "before")
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var killed int
	if err := admin.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'concierge-follow' AND datname = current_database()`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminate the follower's connection: %d, %v", killed, err)
	}
	var ids []string
	for i := 0; i < 5; i++ {
		id := fmt.Sprintf("during-%d", i)
		put(id)
		ids = append(ids, id)
	}
	c.waitFor(t, 10*time.Second, ids...)
	seen := map[int64]bool{}
	var last int64
	for _, ch := range c.snapshot() {
		if seen[ch.Seq] || ch.Seq <= last {
			t.Errorf("change %d delivered twice or out of order", ch.Seq)
		}
		seen[ch.Seq], last = true, ch.Seq
	}
	if len(seen) != 6 {
		t.Errorf("%d changes delivered, want 6", len(seen))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(states) < 3 || !states[0] || states[1] || !states[len(states)-1] {
		t.Errorf("OnState saw %v; want connected, disconnected, …, connected", states)
	}
}

// TestFollowResumesFromCursor: what was written while no follower ran is
// delivered from the saved cursor, and nothing before it again.
func TestFollowResumesFromCursor(t *testing.T) {
	a, _ := openTest(t)
	ctx := context.Background()
	c := newCollector()
	stop := startFollow(t, a, 0, c, FollowOptions{})
	for _, id := range []string{"one", "two"} {
		if _, err := a.Put(ctx, knowledge.Article{ID: id, Title: "T"}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	c.waitFor(t, 5*time.Second, "one", "two")
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Follow after cancel: %v", err)
	}
	got := c.snapshot()
	cursor := got[len(got)-1].Seq
	for _, id := range []string{"three", "four"} { // the app is closed
		if _, err := a.Put(ctx, knowledge.Article{ID: id, Title: "T"}, knowledge.PutOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	again := newCollector()
	startFollow(t, a, cursor, again, FollowOptions{Batch: 1})
	again.waitFor(t, 5*time.Second, "three", "four")
	if cs := again.snapshot(); len(cs) != 2 || cs[0].IDs[0] != "three" || cs[1].IDs[0] != "four" {
		t.Errorf("after resuming from seq %d: %+v", cursor, cs)
	}
}

func TestFollowStopsWhenHandlerFails(t *testing.T) {
	a, _ := openTest(t)
	if _, err := a.Put(context.Background(), knowledge.Article{ID: "x", Title: "T"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("index is full")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := a.Follow(ctx, 0, func(context.Context, []Change) error { return boom }, FollowOptions{})
	if !errors.Is(err, boom) {
		t.Errorf("Follow with a failing handler: %v", err)
	}
}

// A handler that loses the server while applying a batch (it reads the
// changed articles back) is a disconnect, not a failure: Follow reports
// offline, reconnects and hands the same batch again.
func TestFollowRetriesWhenHandlerLosesTheServer(t *testing.T) {
	a, _ := openTest(t)
	if _, err := a.Put(context.Background(), knowledge.Article{ID: "x", Title: "T"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	calls, offline := 0, 0
	err := a.Follow(ctx, 0, func(_ context.Context, batch []Change) error {
		calls++
		if calls == 1 {
			return fmt.Errorf("read article %q: %w", batch[0].IDs[0], knowledge.ErrUnavailable)
		}
		cancel() // applied on the second delivery
		return nil
	}, FollowOptions{MinBackoff: 10 * time.Millisecond, OnState: func(connected bool, err error) {
		if !connected && errors.Is(err, knowledge.ErrUnavailable) {
			offline++
		}
	}})
	if !errors.Is(err, context.Canceled) || calls != 2 || offline == 0 {
		t.Errorf("Follow: %v after %d deliveries, offline reported %d times; want the batch again after an offline report", err, calls, offline)
	}
}

// TestFollowUnderConcurrentWriters: with many writers on other pools, the
// follower gets every change once, in seq order.
func TestFollowUnderConcurrentWriters(t *testing.T) {
	a, url := openTest(t)
	c := newCollector()
	startFollow(t, a, 0, c, FollowOptions{Batch: 7})
	const writers, each = 10, 10
	var wg sync.WaitGroup
	var ids []string
	for w := 0; w < writers; w++ {
		for i := 0; i < each; i++ {
			ids = append(ids, fmt.Sprintf("w%d-%d", w, i))
		}
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s, err := Open(context.Background(), url, WithMaxConns(2))
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			for i := 0; i < each; i++ {
				if _, err := s.Put(context.Background(), knowledge.Article{ID: fmt.Sprintf("w%d-%d", w, i), Title: "T"}, knowledge.PutOptions{}); err != nil {
					t.Error(err)
				}
			}
		}(w)
	}
	wg.Wait()
	c.waitFor(t, 10*time.Second, ids...)
	var last int64
	for _, ch := range c.snapshot() {
		if ch.Seq <= last {
			t.Fatalf("seq %d after %d: a change was repeated or out of order", ch.Seq, last)
		}
		last = ch.Seq
	}
	if n := len(c.snapshot()); n != writers*each {
		t.Errorf("%d changes delivered, want %d", n, writers*each)
	}
}
