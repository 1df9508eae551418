package search_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
	"concierge/knowledge/search/internal/synth"
)

var benchSizes = []int{1000, 10000}

// BenchmarkIndex measures indexing throughput into a fresh persistent
// engine with the built-in embedder. Run with -benchtime=1x.
func BenchmarkIndex(b *testing.B) {
	for _, n := range benchSizes {
		as := synthArticles(n)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			ctx := context.Background()
			var total time.Duration
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				e, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if err := e.Upsert(ctx, as); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				e.Close()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "articles/s")
		})
	}
}

var benchEngines = map[int]*search.Engine{}

// benchEngine returns a persistent engine holding n synthetic articles,
// built once per process and reopened, as the app does, so queries run
// against the persisted state.
func benchEngine(b *testing.B, n int) *search.Engine {
	b.Helper()
	if e, ok := benchEngines[n]; ok {
		return e
	}
	dir := buildDir(b, n)
	e := openReady(b, dir)
	benchEngines[n] = e
	return e
}

func reportLatency(b *testing.B, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
}

// BenchmarkSearch reports per-query latency percentiles of each mode, and
// of as-you-type queries (hybrid, the last word cut to a prefix).
func BenchmarkSearch(b *testing.B) {
	queries := synthQueries(500)
	prefixes := synth.Prefixes(queries)
	type mode struct {
		name string
		req  func(i int) search.Request
	}
	modes := []mode{{"prefix", func(i int) search.Request {
		return search.Request{Query: prefixes[i%len(prefixes)], AsYouType: true, Limit: 20}
	}}}
	for _, m := range []search.Mode{search.ModeHybrid, search.ModeBM25, search.ModeVector} {
		modes = append(modes, mode{string(m), func(i int) search.Request {
			return search.Request{Query: queries[i%len(queries)], Mode: m, Limit: 20}
		}})
	}
	for _, n := range benchSizes {
		for _, m := range modes {
			b.Run(fmt.Sprintf("articles=%d/mode=%s", n, m.name), func(b *testing.B) {
				e := benchEngine(b, n)
				ctx := context.Background()
				ds := make([]time.Duration, 0, b.N)
				cpu0 := cpuTime()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					req := m.req(i)
					start := time.Now()
					r, err := e.Search(ctx, req)
					if err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(start))
					if len(r.Results) == 0 && m.name != "prefix" {
						b.Fatalf("no results for %q", req.Query)
					}
				}
				reportLatency(b, ds)
				// CPU time per query (all threads, GC included) does not
				// depend on how busy a shared machine is, as wall clock does.
				b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// BenchmarkMemory reports the Go heap and the process RSS with a 10k
// engine opened from disk, as the app holds it: built, closed, the
// build's garbage returned to the OS, then reopened and its vectors loaded.
func BenchmarkMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		dir := buildDir(b, 10000)
		debug.FreeOSMemory()
		e := openReady(b, dir)
		runtime.GC()
		debug.FreeOSMemory()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
		if rss := rssMB(); rss > 0 {
			b.ReportMetric(rss, "rss-MB")
		}
		e.Close()
	}
}

// BenchmarkOpen measures opening a persisted engine: the time until a
// first BM25 answer (what makes a window usable) and until the vectors are
// loaded (hybrid at full strength).
func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			dir := buildDir(b, n)
			ctx := context.Background()
			var first, ready time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				e, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.Search(ctx, search.Request{Query: "refund", Mode: search.ModeBM25}); err != nil {
					b.Fatal(err)
				}
				first += time.Since(start)
				<-e.Ready()
				ready += time.Since(start)
				e.Close()
			}
			b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-answer-ms")
			b.ReportMetric(float64(ready.Microseconds())/1000/float64(b.N), "ready-ms")
		})
	}
}

var builtDirs = map[int]string{}

// buildDir returns a folder holding a closed persistent engine with n
// synthetic articles, built once per process (an open benchEngine on it
// is closed: the folder's lock admits one engine).
func buildDir(b *testing.B, n int) string {
	b.Helper()
	if e, ok := benchEngines[n]; ok {
		e.Close()
		delete(benchEngines, n)
	}
	if d, ok := builtDirs[n]; ok {
		return d
	}
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "concierge-bench-")
	if err != nil {
		b.Fatal(err)
	}
	e, err := search.Open(ctx, dir, embed.NewBuiltin(), search.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := e.Upsert(ctx, synthArticles(n)); err != nil {
		b.Fatal(err)
	}
	if err := e.Close(); err != nil {
		b.Fatal(err)
	}
	builtDirs[n] = dir
	return dir
}

func openReady(b *testing.B, dir string) *search.Engine {
	b.Helper()
	e, err := search.Open(context.Background(), dir, embed.NewBuiltin(), search.Options{})
	if err != nil {
		b.Fatal(err)
	}
	<-e.Ready()
	return e
}

func rssMB() float64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkEditThenSearch measures "save one edited article, then find it
// by its new text" on the 10k engine.
func BenchmarkEditThenSearch(b *testing.B) {
	e := benchEngine(b, 10000)
	ctx := context.Background()
	base := synthArticles(50)
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a := base[i%len(base)]
		token := fmt.Sprintf("zq%dx", i)
		a.Body += "\n\nNew note " + token + "."
		start := time.Now()
		if err := e.Upsert(ctx, []knowledge.Article{a}); err != nil {
			b.Fatal(err)
		}
		r, err := e.Search(ctx, search.Request{Query: token, Mode: search.ModeBM25})
		ds = append(ds, time.Since(start))
		if err != nil || len(r.Results) == 0 || r.Results[0].ArticleID != a.ID {
			b.Fatalf("edited article not found: %v", err)
		}
	}
	reportLatency(b, ds)
}

// BenchmarkRelatedLongQuery measures the workspace's related-knowledge
// lookup: a 2,000-character request (subject plus customer messages) turned
// into its keywords (as pipeline.RelatedQuery does), then a hybrid query
// over 10k articles, 12 results with 2 passages each.
func BenchmarkRelatedLongQuery(b *testing.B) {
	e := benchEngine(b, 10000)
	ctx := context.Background()
	words := synthQueries(400)
	var reqs []string
	for i := 0; i < 20; i++ {
		var sb strings.Builder
		for j := i; sb.Len() < 2000; j++ {
			sb.WriteString(words[j%len(words)])
			sb.WriteString(". ")
		}
		reqs = append(reqs, sb.String()[:2000])
	}
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		q := search.Keywords(reqs[i%len(reqs)], search.MaxKeywords)
		r, err := e.Search(ctx, search.Request{Query: q, Limit: 12, PassagesPerArticle: 2})
		ds = append(ds, time.Since(start))
		if err != nil || len(r.Results) == 0 {
			b.Fatalf("no related knowledge: %v", err)
		}
	}
	reportLatency(b, ds)
}

// TestMain removes the benchmarks' index folders when the process ends.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, e := range benchEngines {
		e.Close()
	}
	for _, d := range builtDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
