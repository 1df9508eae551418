package core

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/search"
	"concierge/knowledge/secrets"
)

// The soak: the core under a scripted mix of real use for CONCIERGE_SOAK
// (a duration, e.g. 30m; unset: skipped), sampled every
// CONCIERGE_SOAK_SAMPLE (default 1m): `make soak`. Not part of make test.
//
//   - an agent searching as they type (every prefix of a query, 60 ms
//     apart, a pause between queries);
//   - an editor saving one of 20 articles and publishing every other save;
//   - an agent running suggestions against a local fake OpenAI-compatible
//     model, and updating the request and its conversation;
//   - an import of a 30-file folder, with changed files, every
//     CONCIERGE_SOAK_IMPORT (default 3m).
//
// Each sample records RSS, live heap after a GC, goroutines and open files,
// and the p99 of each operation in the window. After the warm-up (the first
// fifth of the samples) the slope of each resource is fitted; the soak fails
// when goroutines or open files grow, when the heap or RSS grow by more
// than a quarter over the run, or when an operation's p99 at the end is
// above 1.2× its p99 at the start. Start and end are the first and last
// quarters of the run after the warm-up (at least two sample windows, and
// at least one import period each, so both hold as many imports and a p99
// is judged on a few hundred operations rather than on the slowest of
// thirty).
func BenchmarkSoak(b *testing.B) {
	total, err := time.ParseDuration(os.Getenv("CONCIERGE_SOAK"))
	if err != nil || total <= 0 {
		b.Skip("set CONCIERGE_SOAK=30m (make soak) to run the soak")
	}
	every := envDuration("CONCIERGE_SOAK_SAMPLE", time.Minute)
	importEvery := envDuration("CONCIERGE_SOAK_IMPORT", 3*time.Minute)
	for n := 0; n < b.N; n++ {
		runSoak(b, total, every, importEvery)
	}
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

// soakModel is a local OpenAI-compatible model answering with two options
// that cite the first passage of the prompt.
func soakModel() *httptest.Server {
	ids := regexp.MustCompile(`<passage id="([^"]+)"`)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		id := "none"
		if m := ids.FindSubmatch(raw); m != nil {
			id = string(m[1])
		}
		answer := fmt.Sprintf(`{"options":[{"title":"Refund the deposit","reply":"We are sorry. We will refund the deposit.","steps":["Check the cancellation time"],"citations":[%q]},{"title":"Ask for details","reply":"Could you tell us the date of the appointment?","steps":[],"citations":[%q]}],"not_in_kb":false,"clarifying_question":""}`, id, id)
		content, _ := json.Marshal(answer)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"fake","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`, content)
	}))
}

// soakOps collects latencies per operation for the current window.
type soakOps struct {
	mu     sync.Mutex
	window map[string][]time.Duration
	all    map[string]int
	errs   map[string]int
	first  map[string]error
}

func (o *soakOps) time(op string, f func() error) {
	start := time.Now()
	err := f()
	d := time.Since(start)
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.errs[op]++
		if o.first[op] == nil {
			o.first[op] = err
		}
		return
	}
	o.window[op] = append(o.window[op], d)
	o.all[op]++
}

func (o *soakOps) take() map[string][]time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	w := o.window
	o.window = map[string][]time.Duration{}
	return w
}

// soakSample is one row of the table.
type soakSample struct {
	at         time.Duration
	rssMB      float64
	heapMB     float64
	goroutines int
	files      int
	count      map[string]int
	p99        map[string]time.Duration
	raw        map[string][]time.Duration
}

func soakP99(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[min(len(ds)-1, int(float64(len(ds))*0.99))]
}

func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

func openFiles() int {
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(es)
}

// slope fits y = a + b·x by least squares and returns b.
func slope(xs, ys []float64) float64 {
	n := float64(len(xs))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i := range xs {
		sx, sy, sxx, sxy = sx+xs[i], sy+ys[i], sxx+xs[i]*xs[i], sxy+xs[i]*ys[i]
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}

func writeImportFolder(b *testing.B, dir string, round int) {
	b.Helper()
	for i := range 30 {
		body := fmt.Sprintf("---\nid: soak-import-%02d\ntitle: Imported note %d\ndepartment: Billing\nstatus: published\n---\n\n# Imported note %d\n\nInvoices for visit type %d are sent by e-mail within two days. Round %d.\n", i, i, i, i, round/3)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("note-%02d.md", i)), []byte(body), 0o600); err != nil {
			b.Fatal(err)
		}
	}
}

func runSoak(b *testing.B, total, every, importEvery time.Duration) {
	ctx := context.Background()
	model := soakModel()
	defer model.Close()
	dir := b.TempDir()
	c, err := testOpen(ctx, Options{DataDir: dir, Keychain: secrets.Memory{LLMKeychainAccount: "sk-soak"}})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Bootstrap(ctx); err != nil {
		b.Fatal(err)
	}
	llm := config.LLM{Provider: "openai", BaseURL: model.URL + "/v1", Model: "fake", PIIMode: "auto", TimeoutSeconds: 30}
	if _, err := c.SaveSettings(llm, config.Profile{Name: "Soak Editor", Role: RoleEditor}); err != nil {
		b.Fatal(err)
	}
	importDir := filepath.Join(b.TempDir(), "import")
	os.MkdirAll(importDir, 0o700)

	ops := &soakOps{window: map[string][]time.Duration{}, all: map[string]int{}, errs: map[string]int{}, first: map[string]error{}}
	runCtx, stop := context.WithTimeout(ctx, total)
	defer stop()
	pause := func(d time.Duration) bool {
		select {
		case <-runCtx.Done():
			return false
		case <-time.After(d):
			return true
		}
	}
	var wg sync.WaitGroup
	queries := []string{"refund after a cancelled visit", "reset my password", "parking at the clinic", "lab results online",
		"change my appointment", "insurance claim form", "wheelchair access", "medical records request", "charged twice", "prescription renewal"}
	wg.Add(4)
	go func() { // searches as you type
		defer wg.Done()
		for i := 0; runCtx.Err() == nil; i++ {
			q := queries[i%len(queries)]
			for n := 2; n <= len(q); n++ {
				ops.time("search (as you type)", func() error {
					_, err := c.Search(ctx, search.Request{Query: q[:n], AsYouType: true, Limit: 20}, SourceApp)
					return err
				})
				if !pause(60 * time.Millisecond) {
					return
				}
			}
			pause(time.Second)
		}
	}()
	go func() { // article edits and publishes
		defer wg.Done()
		ids := []string{}
		for i := 0; runCtx.Err() == nil; i++ {
			if len(ids) < 20 {
				ops.time("create article", func() error {
					ed, err := c.CreateArticle(ctx, ArticleInput{Title: fmt.Sprintf("Soak article %d", i), Body: "Deposits are refunded when a visit is cancelled a day ahead.",
						Department: "billing", Audience: "customer-facing", Language: "en"})
					if err == nil {
						ids = append(ids, ed.ID)
					}
					return err
				})
			} else {
				id := ids[rand.IntN(len(ids))]
				ops.time("save article", func() error {
					ed, err := c.LoadArticle(ctx, id)
					if err != nil {
						return err
					}
					res, err := c.SaveArticle(ctx, ArticleInput{ID: id, Title: ed.Title, Body: fmt.Sprintf("Deposits are refunded when a visit is cancelled %d hours ahead.", 12+i%48),
						Department: "billing", Audience: "customer-facing", Language: "en"}, ed.Version, "soak edit")
					if err == nil && i%2 == 0 {
						ops.time("publish", func() error {
							_, err := c.SetStatus(ctx, id, string(knowledge.StatusPublished), res.Article.Version, "soak")
							return err
						})
					}
					return err
				})
			}
			pause(500 * time.Millisecond)
		}
	}()
	go func() { // suggestions and request updates
		defer wg.Done()
		for i := 0; runCtx.Err() == nil; i++ {
			var req knowledge.SupportRequest
			ops.time("create request", func() error {
				var err error
				req, err = c.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Charged after cancelling my appointment", Channel: knowledge.ChannelEmail,
					Customer: knowledge.Customer{Name: "Ana Lima", Contact: fmt.Sprintf("ana%d@example.org", i%50)},
					Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "I cancelled two days ahead but was charged the deposit. Can I get a refund?"}}})
				return err
			})
			if req.ID == "" {
				pause(time.Second)
				continue
			}
			ops.time("suggest (fake model)", func() error {
				_, err := c.Suggest(ctx, SuggestInput{Request: req, Agent: "Soak Agent", LLM: &llm}, nil)
				return err
			})
			ops.time("update request", func() error {
				r, err := c.AppendMessage(ctx, req.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "Soak Agent", Text: "We refunded the deposit."})
				if err != nil {
					return err
				}
				r.Status = knowledge.RequestResolved
				_, err = c.UpdateRequest(ctx, r)
				return err
			})
			pause(2 * time.Second)
		}
	}()
	go func() { // an import every few minutes
		defer wg.Done()
		for round := 0; runCtx.Err() == nil; round++ {
			writeImportFolder(b, importDir, round)
			ops.time("import (30 files)", func() error {
				_, err := c.ImportDir(ctx, importDir, nil)
				return err
			})
			if !pause(importEvery) {
				return
			}
		}
	}()

	var samples []soakSample
	began := time.Now()
	sample := func() {
		w := ops.take()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		s := soakSample{at: time.Since(began), rssMB: rssMB(), heapMB: float64(ms.HeapAlloc) / (1 << 20), goroutines: runtime.NumGoroutine(),
			files: openFiles(), count: map[string]int{}, p99: map[string]time.Duration{}, raw: w}
		for op, ds := range w {
			s.count[op] = len(ds)
			s.p99[op] = soakP99(ds)
		}
		samples = append(samples, s)
	}
	tick := time.NewTicker(every)
	for done := false; !done; {
		select {
		case <-tick.C:
			sample()
		case <-runCtx.Done():
			done = true
		}
	}
	tick.Stop()
	wg.Wait()
	elapsed := time.Since(began)
	reportSoak(b, samples, ops, elapsed, every, importEvery)
}

func reportSoak(b *testing.B, samples []soakSample, ops *soakOps, elapsed, every, importEvery time.Duration) {
	if len(samples) < 4 {
		b.Fatalf("only %d samples: run the soak for at least 4 sample periods (CONCIERGE_SOAK ≥ 4×CONCIERGE_SOAK_SAMPLE)", len(samples))
	}
	var names []string
	for op := range ops.all {
		names = append(names, op)
	}
	sort.Strings(names)
	var tb strings.Builder
	fmt.Fprintf(&tb, "\n%7s %8s %8s %6s %6s", "t", "RSS MB", "heap MB", "gorout", "files")
	for _, op := range names {
		fmt.Fprintf(&tb, " | %-26s", op+" n/p99")
	}
	tb.WriteString("\n")
	for _, s := range samples {
		fmt.Fprintf(&tb, "%7s %8.1f %8.1f %6d %6d", s.at.Round(time.Second), s.rssMB, s.heapMB, s.goroutines, s.files)
		for _, op := range names {
			fmt.Fprintf(&tb, " | %-26s", fmt.Sprintf("%d / %.1f ms", s.count[op], ms(s.p99[op])))
		}
		tb.WriteString("\n")
	}
	b.Log(tb.String())

	warm := max(1, len(samples)/5)
	post := samples[warm:]
	xs := make([]float64, len(post))
	series := map[string][]float64{}
	for i, s := range post {
		xs[i] = s.at.Minutes()
		series["RSS MB"] = append(series["RSS MB"], s.rssMB)
		series["heap MB"] = append(series["heap MB"], s.heapMB)
		series["goroutines"] = append(series["goroutines"], float64(s.goroutines))
		series["open files"] = append(series["open files"], float64(s.files))
	}
	span := post[len(post)-1].at.Minutes() - post[0].at.Minutes()
	// The windows compared for p99: a quarter of the run after warm-up, at
	// least two samples and one import period, at most half of it.
	k := max(2, len(post)/4, int(math.Ceil(float64(importEvery)/float64(every))))
	k = min(k, max(1, len(post)/2))
	b.Logf("p99 compared over the first and last %d sample windows after the warm-up", k)
	var failures []string
	for _, name := range []string{"RSS MB", "heap MB", "goroutines", "open files"} {
		ys := series[name]
		sl := slope(xs, ys)
		growth := sl * span
		b.Logf("%-10s after warm-up: %.2f → %.2f, slope %+.3f per minute (%+.1f over %.0f min)", name, ys[0], ys[len(ys)-1], sl, growth, span)
		switch name {
		case "goroutines", "open files":
			if growth > 3 && ys[len(ys)-1] > ys[0]+3 {
				failures = append(failures, fmt.Sprintf("%s grow: %+.3f per minute", name, sl))
			}
		default:
			if growth > 0.25*ys[0] {
				failures = append(failures, fmt.Sprintf("%s grows by %.0f%% over the run (slope %+.3f MB per minute)", name, 100*growth/ys[0], sl))
			}
		}
	}
	for _, op := range names {
		total := ops.all[op]
		b.Logf("%-24s %7d ops  %7.2f ops/s  %d errors", op, total, float64(total)/elapsed.Seconds(), ops.errs[op])
		if ops.errs[op] > 0 {
			failures = append(failures, fmt.Sprintf("%s: %d errors, first: %v", op, ops.errs[op], ops.first[op]))
		}
		start, end := windowP99(post[:k], op), windowP99(post[len(post)-k:], op)
		if start.n < 20 || end.n < 20 {
			b.Logf("%-24s p99 start %.1f ms, end %.1f ms (too few samples to judge)", op, ms(start.p99), ms(end.p99))
			continue
		}
		ratio := float64(end.p99) / math.Max(1, float64(start.p99))
		b.Logf("%-24s p99 start %.1f ms, end %.1f ms (×%.2f)", op, ms(start.p99), ms(end.p99), ratio)
		if ratio > 1.2 {
			failures = append(failures, fmt.Sprintf("%s p99 at the end is ×%.2f the start", op, ratio))
		}
		b.ReportMetric(float64(total)/elapsed.Seconds(), strings.Fields(op)[0]+"-ops/s")
	}
	if len(failures) > 0 {
		b.Errorf("soak failed:\n  %s", strings.Join(failures, "\n  "))
	}
}

// windowP99 is the p99 of an operation over several windows.
type wp struct {
	n   int
	p99 time.Duration
}

func windowP99(ss []soakSample, op string) wp {
	var all []time.Duration
	for _, s := range ss {
		all = append(all, s.raw[op]...)
	}
	return wp{n: len(all), p99: soakP99(all)}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
