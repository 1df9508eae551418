package core

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/wiring"
)

// The seeded folder is left in the temporary directory; set
// CONCIERGE_BENCH_LEDGER_DIR to it to skip seeding on the next run.

// benchLedgerEvents is the ledger size of the review benchmarks
// (CONCIERGE_BENCH_LEDGER_EVENTS overrides the 100k default).
func benchLedgerEvents() int {
	if n, err := strconv.Atoi(os.Getenv("CONCIERGE_BENCH_LEDGER_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var (
	benchLedgerOnce sync.Once
	benchLedgerDir  string
	benchLedgerErr  error
)

// seedBenchLedger records n events (four per suggestion set: shown; then
// inserted and sent, edited and sent, discarded, or inserted; shown again
// to make four) from 12 agents
// over 90 days, through the store's ordinary API, once per process.
func seedBenchLedger(b *testing.B, n int) string {
	benchLedgerOnce.Do(func() {
		if d := os.Getenv("CONCIERGE_BENCH_LEDGER_DIR"); d != "" { // a folder seeded by an earlier run
			benchLedgerDir = d
			return
		}
		ctx := context.Background()
		benchLedgerDir, benchLedgerErr = os.MkdirTemp("", "concierge-ledger-bench-")
		if benchLedgerErr != nil {
			return
		}
		st, err := wiring.OpenStores(ctx, benchLedgerDir, config.Default())
		if err != nil {
			benchLedgerErr = err
			return
		}
		defer st.Close()
		start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
		for i := 0; i*4 < n; i++ {
			at := start.Add(time.Duration(int64(90*24*time.Hour) / int64(n/4+1) * int64(i)))
			art := fmt.Sprintf("article-%03d", i%300)
			set, err := st.RecordSuggestionSet(ctx, knowledge.LedgerEntry{Agent: fmt.Sprintf("agent-%02d", i%12), Provider: "ollama", Model: "m", At: at,
				Passages: []knowledge.LedgerPassage{{PassageID: art + "#0", ArticleID: art, ArticleVersion: 1}},
				Options: []knowledge.LedgerOption{
					{Index: 0, Title: "A", Reply: "Your refund is on its way and should arrive within five days.", Kind: "llm", Citations: []string{art + "#0"}},
					{Index: 1, Title: "B", Reply: "Please send us the order number.", Kind: "llm", Citations: []string{}, Flags: []string{"unverified"}},
				}})
			if err != nil {
				benchLedgerErr = err
				return
			}
			evs := []knowledge.LedgerEvent{{Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet}}
			switch i % 4 {
			case 0:
				evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventInserted, OptionIndex: 0},
					knowledge.LedgerEvent{Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Your refund is on its way and should arrive within five days."})
			case 1:
				evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventEdited, OptionIndex: 0, FinalText: "Hello! Your refund is on its way."},
					knowledge.LedgerEvent{Type: knowledge.EventSent, OptionIndex: 0, FinalText: "Hello! Your refund is on its way."})
			case 2:
				evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventDiscarded, OptionIndex: knowledge.WholeSet, Reason: knowledge.ReasonWrongFacts})
			default:
				evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventInserted, OptionIndex: 1})
			}
			for len(evs) < 4 { // four events per set
				evs = append(evs, knowledge.LedgerEvent{Type: knowledge.EventShown, OptionIndex: knowledge.WholeSet})
			}
			for k, ev := range evs {
				ev.SetID, ev.Agent, ev.At = set.SetID, set.Agent, at.Add(time.Duration(k)*time.Second)
				if _, err := st.RecordEvent(ctx, ev); err != nil {
					benchLedgerErr = err
					return
				}
			}
		}
	})
	if benchLedgerErr != nil {
		b.Fatal(benchLedgerErr)
	}
	return benchLedgerDir
}

func openBenchCore(b *testing.B) *Core {
	dir := seedBenchLedger(b, benchLedgerEvents())
	ctx := context.Background()
	st, err := wiring.OpenStores(ctx, dir, config.Default())
	if err != nil {
		b.Fatal(err)
	}
	c, err := testOpen(ctx, Options{DataDir: dir, Stores: st, SkipSample: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	if _, err := c.SaveSettings(config.LLM{Provider: "none"}, config.Profile{Name: "Sue", Role: RoleSupervisor}); err != nil {
		b.Fatal(err)
	}
	return c
}

// p99 is the 99th percentile of ds in milliseconds (soak_test.go's soakP99).
func p99(ds []time.Duration) float64 {
	return float64(soakP99(ds)) / float64(time.Millisecond)
}

// BenchmarkDashboard aggregates the whole 100k-event ledger (and one
// agent's month) per iteration and reports the p99 latency in ms
// (target ≤ 200).
func BenchmarkDashboard(b *testing.B) {
	c := openBenchCore(b)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		f    knowledge.ReviewFilter
	}{
		{"all", knowledge.ReviewFilter{}},
		{"agent-month", knowledge.ReviewFilter{Agent: "agent-03", Since: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var ds []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				d, err := c.Dashboard(ctx, bc.f)
				if err != nil || d.Sets == 0 {
					b.Fatalf("Dashboard: %v (%d sets)", err, d.Sets)
				}
				ds = append(ds, time.Since(t0))
			}
			b.ReportMetric(p99(ds), "p99-ms")
		})
	}
}

// BenchmarkReviewList pages the review list (filtered and sorted) over the
// 100k-event ledger and reports the p99 latency in ms.
func BenchmarkReviewList(b *testing.B) {
	c := openBenchCore(b)
	ctx := context.Background()
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		p, err := c.ReviewList(ctx, knowledge.ReviewFilter{Outcome: knowledge.OutcomeEdited, Offset: (i % 10) * 50, Limit: 50})
		if err != nil || len(p.Rows) == 0 {
			b.Fatalf("ReviewList: %v", err)
		}
		ds = append(ds, time.Since(t0))
	}
	b.ReportMetric(p99(ds), "p99-ms")
}

// BenchmarkExportLedger exports every event of the 100k-event ledger as
// CSV and as JSON Lines and reports the peak heap in use during the
// export (sampled at every 64 KiB the export writes), which must stay bounded.
func BenchmarkExportLedger(b *testing.B) {
	c := openBenchCore(b)
	ctx := context.Background()
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				w := &heapWatch{every: 1}
				n, err := c.ExportLedger(ctx, w, format, knowledge.ReviewFilter{})
				if err != nil || n < benchLedgerEvents() {
					b.Fatalf("ExportLedger: %d events, %v", n, err)
				}
				peak = max(peak, w.peak)
				b.ReportMetric(float64(n), "events")
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// heapWatch discards what is written and samples HeapInuse every few
// writes.
type heapWatch struct {
	every, n int
	peak     uint64
}

func (w *heapWatch) Write(p []byte) (int, error) {
	w.n++
	if w.n%w.every == 0 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapInuse)
	}
	return len(p), nil
}

var _ io.Writer = (*heapWatch)(nil)
