package pgstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
)

// envInt reads a positive integer from the environment, with a default.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// latencies collects per-operation durations and errors.
type latencies struct {
	mu     sync.Mutex
	byOp   map[string][]time.Duration
	errors map[string]int
	first  map[string]error
}

// recorder times operations into l, or only counts their errors.
type recorder struct {
	l      *latencies
	record bool
}

func (l *latencies) recording(record bool) recorder { return recorder{l, record} }

func (r recorder) time(op string, f func() error) { r.l.timeIf(r.record, op, f) }

func newLatencies() *latencies {
	return &latencies{byOp: map[string][]time.Duration{}, errors: map[string]int{}, first: map[string]error{}}
}

func (l *latencies) time(op string, f func() error) { l.timeIf(true, op, f) }

// timeIf records the operation's latency only when record is set (warm-up
// rounds are not recorded), its error always.
func (l *latencies) timeIf(record bool, op string, f func() error) {
	start := time.Now()
	err := f()
	d := time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err == nil && !record {
		return
	}
	if err != nil {
		l.errors[op]++
		if l.first[op] == nil {
			l.first[op] = err
		}
		return
	}
	l.byOp[op] = append(l.byOp[op], d)
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[min(len(ds)-1, int(float64(len(ds))*p))]
}

// BenchmarkTeamLoad: CONCIERGE_LOAD_AGENTS (default 50) simulated agents,
// each with its own connection, for CONCIERGE_LOAD_SECONDS (default 5; 60
// for the figures in the README) against one server: each round records a
// suggestion set and its shown/inserted/sent events, creates a request,
// appends a message, updates its status and lists the open requests, with
// CONCIERGE_LOAD_THINK_MS (default 100) of think time between operations.
// Each agent's first round (its connection preparing statements) is not
// timed; errors are always counted.
// Meanwhile an editor publishes an article every 250 ms and a desktop
// follows the change feed. Reports throughput, p50/p99 per operation, the
// error count and the publish → follower lag.
func BenchmarkTeamLoad(b *testing.B) {
	agents := envInt("CONCIERGE_LOAD_AGENTS", 50)
	dur := time.Duration(envInt("CONCIERGE_LOAD_SECONDS", 5)) * time.Second
	think := time.Duration(envInt("CONCIERGE_LOAD_THINK_MS", 100)) * time.Millisecond
	url := pgtest.NewDatabase(b)
	ctx := context.Background()
	owner, err := Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer owner.Close()
	var seed []knowledge.Article
	for i := 0; i < 200; i++ {
		seed = append(seed, knowledge.Article{ID: fmt.Sprintf("article-%03d", i), Title: fmt.Sprintf("Article %d", i),
			Body: "Body text of a knowledge article.", Status: knowledge.StatusPublished})
	}
	if _, err := owner.PutBatch(ctx, seed, knowledge.PutOptions{Author: "seed"}); err != nil {
		b.Fatal(err)
	}
	stores := make([]*Store, agents)
	for i := range stores {
		if stores[i], err = Open(ctx, url, WithMaxConns(1)); err != nil {
			b.Fatal(err)
		}
		defer stores[i].Close()
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		lat := newLatencies()
		runCtx, cancel := context.WithTimeout(ctx, dur)
		// The follower and the publishing editor.
		received := map[string]time.Time{}
		var rmu sync.Mutex
		follower, err := Open(ctx, url, WithMaxConns(1))
		if err != nil {
			b.Fatal(err)
		}
		start, _ := owner.LatestChange(ctx)
		followDone := make(chan struct{})
		followCtx, stopFollow := context.WithCancel(ctx)
		go func() {
			defer close(followDone)
			follower.Follow(followCtx, start, func(_ context.Context, cs []Change) error {
				now := time.Now()
				rmu.Lock()
				for _, c := range cs {
					if c.Topic == knowledge.TopicArticles {
						received[c.IDs[0]] = now
					}
				}
				rmu.Unlock()
				return nil
			}, FollowOptions{})
		}()
		published := map[string]time.Time{}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; runCtx.Err() == nil; i++ {
				id := fmt.Sprintf("published-%d-%d", n, i)
				t0 := time.Now()
				lat.time("publish", func() error {
					_, err := owner.Put(ctx, knowledge.Article{ID: id, Title: "News", Body: "b", Status: knowledge.StatusPublished}, knowledge.PutOptions{})
					return err
				})
				rmu.Lock()
				published[id] = t0
				rmu.Unlock()
				sleepCtx(runCtx, 250*time.Millisecond)
			}
		}()
		// WAL flushes (fsyncs) per write show how well commits are grouped,
		// whatever the machine's load does to the latencies.
		owner.pool.Exec(ctx, `SELECT pg_stat_reset_shared('wal')`)
		began := time.Now()
		for a := 0; a < agents; a++ {
			wg.Add(1)
			go func(a int) {
				defer wg.Done()
				s := stores[a]
				agent := fmt.Sprintf("agent-%d", a)
				for round := 0; runCtx.Err() == nil; round++ {
					// The first round of each agent is its warm-up: the
					// connection prepares its statements.
					lat := lat.recording(round > 0)
					art := fmt.Sprintf("article-%03d", rand.IntN(len(seed)))
					var set knowledge.LedgerEntry
					lat.time("record suggestion set", func() error {
						var err error
						set, err = s.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: agent, Provider: "none",
							Passages: []knowledge.LedgerPassage{{PassageID: art + "#0", ArticleID: art, ArticleVersion: 1}},
							Options:  []knowledge.LedgerOption{{Index: 0, Title: "t", Reply: "Dear customer, …", Kind: "extractive", Citations: []string{art + "#0"}}}})
						return err
					})
					sleepCtx(runCtx, think)
					for _, ev := range []knowledge.LedgerEvent{
						{SetID: set.SetID, Agent: agent, Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet},
						{SetID: set.SetID, Agent: agent, Type: knowledge.EventInserted, OptionIndex: 0},
						{SetID: set.SetID, Agent: agent, Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Dear Ada, …"},
					} {
						if set.SetID == "" {
							break
						}
						lat.time("record event", func() error { _, err := s.RecordEvent(ctx, ev); return err })
						sleepCtx(runCtx, think)
					}
					var req knowledge.SupportRequest
					lat.time("create request", func() error {
						var err error
						req, err = s.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Billing question", Channel: knowledge.ChannelEmail,
							Customer: knowledge.Customer{Name: "Customer", Contact: fmt.Sprintf("c%d@example.org", rand.IntN(1000))},
							Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "I was charged twice for my visit."}}})
						return err
					})
					sleepCtx(runCtx, think)
					if req.ID == "" {
						continue
					}
					lat.time("append message", func() error {
						var err error
						req, err = s.AppendMessage(ctx, req.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: agent, Text: "We refunded it."})
						return err
					})
					sleepCtx(runCtx, think)
					req.Status = knowledge.RequestResolved
					lat.time("update request", func() error { _, err := s.UpdateRequest(ctx, req); return err })
					sleepCtx(runCtx, think)
					lat.time("list requests", func() error {
						_, err := s.ListRequests(ctx, knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{knowledge.RequestOpen}, Limit: 50})
						return err
					})
					sleepCtx(runCtx, think)
				}
			}(a)
		}
		wg.Wait()
		elapsed := time.Since(began)
		cancel()
		time.Sleep(500 * time.Millisecond) // let the last notifications arrive
		stopFollow()
		<-followDone
		follower.Close()

		total, errs := 0, 0
		ops := make([]string, 0, len(lat.byOp))
		for op, ds := range lat.byOp {
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			total += len(ds)
			ops = append(ops, op)
		}
		sort.Strings(ops)
		for op, e := range lat.errors {
			errs += e
			b.Logf("%s: %d errors, first: %v", op, e, lat.first[op])
		}
		var writes []time.Duration
		for _, op := range ops {
			ds := lat.byOp[op]
			b.Logf("%-22s %6d ops  p50 %7.2f ms  p99 %7.2f ms", op, len(ds), ms(percentile(ds, 0.5)), ms(percentile(ds, 0.99)))
			if op != "list requests" {
				writes = append(writes, ds...)
			}
		}
		sort.Slice(writes, func(i, j int) bool { return writes[i] < writes[j] })
		var lags []time.Duration
		missed := 0
		rmu.Lock()
		for id, t0 := range published {
			if t1, ok := received[id]; ok {
				lags = append(lags, t1.Sub(t0))
			} else {
				missed++
			}
		}
		rmu.Unlock()
		sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
		var walSyncs int64
		var commitDelay, syncCommit, fsync string
		if err := owner.pool.QueryRow(ctx, `SELECT wal_sync, current_setting('commit_delay'), current_setting('synchronous_commit'),
			current_setting('fsync') FROM pg_stat_wal`).Scan(&walSyncs, &commitDelay, &syncCommit, &fsync); err != nil {
			b.Logf("server settings: %v", err)
		}
		load, _ := os.ReadFile("/proc/loadavg")
		b.Logf("server: fsync=%s synchronous_commit=%s commit_delay=%sµs; %d WAL flushes for %d writes (%.2f per write); machine load %s",
			fsync, syncCommit, commitDelay, walSyncs, len(writes), float64(walSyncs)/float64(max(1, len(writes))), strings.TrimSpace(string(load)))
		b.ReportMetric(float64(walSyncs)/float64(max(1, len(writes))), "wal-flushes/write")
		b.Logf("%d agents for %v (think %v): %d ops, %.0f ops/s, %d errors; writes p50 %.2f ms p99 %.2f ms; publish→follower lag p50 %.1f ms p99 %.1f ms over %d publishes, %d not received",
			agents, elapsed.Round(time.Millisecond), think, total, float64(total)/elapsed.Seconds(), errs,
			ms(percentile(writes, 0.5)), ms(percentile(writes, 0.99)), ms(percentile(lags, 0.5)), ms(percentile(lags, 0.99)), len(lags), missed)
		b.ReportMetric(float64(total)/elapsed.Seconds(), "ops/s")
		b.ReportMetric(float64(errs), "errors")
		b.ReportMetric(ms(percentile(writes, 0.5)), "write-p50-ms")
		b.ReportMetric(ms(percentile(writes, 0.99)), "write-p99-ms")
		b.ReportMetric(ms(percentile(lat.byOp["list requests"], 0.99)), "read-p99-ms")
		b.ReportMetric(ms(percentile(lags, 0.99)), "sync-lag-p99-ms")
		b.ReportMetric(float64(missed), "sync-missed")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func sleepCtx(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}
