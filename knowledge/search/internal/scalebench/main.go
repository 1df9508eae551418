// Command scalebench is the helper of build/scripts/bench_scale.sh, the
// scale benchmark: it writes the synthetic knowledge base as a Markdown
// folder, builds the Bleve-alone baseline on that folder, and measures
// query latency and memory on an imported data folder and on the baseline.
//
//	scalebench gen N DIR            write N articles as Markdown files
//	scalebench bleve DIR INDEX      Bleve alone: index DIR's articles into INDEX
//	scalebench query DATADIR        open Concierge's indexes, report open time,
//	                                latency percentiles and resident memory
//	scalebench bleve-query INDEX    the same queries on the Bleve-alone index
//
// Output lines are "key value" pairs the script turns into a table.
package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"concierge/knowledge/embed"
	"concierge/knowledge/frontmatter"
	"concierge/knowledge/gctune"
	"concierge/knowledge/search"
	"concierge/knowledge/search/internal/synth"
)

// queryCount is the number of queries per mode.
const queryCount = 500

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: scalebench gen N DIR | bleve DIR INDEX | query DATADIR | bleve-query INDEX")
	}
	switch args[0] {
	case "gen":
		n, err := strconv.Atoi(args[1])
		if err != nil || len(args) != 3 {
			return fmt.Errorf("gen N DIR")
		}
		return gen(n, args[2])
	case "bleve":
		if len(args) != 3 {
			return fmt.Errorf("bleve DIR INDEX")
		}
		return bleveAlone(args[1], args[2])
	case "query":
		return queryConcierge(args[1])
	case "bleve-query":
		return queryBleve(args[1])
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func gen(n int, dir string) error {
	g := synth.New(42)
	for i := 0; i < n; i++ {
		a := g.Article(i)
		p := filepath.Join(dir, fmt.Sprintf("d%03d", i/1000), a.ID+".md")
		if i%1000 == 0 {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(p, []byte(synth.Markdown(a)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// bleveAlone indexes every article of dir as one Bleve document (title,
// body, department, tags) with Bleve's default mapping, 256 per batch.
func bleveAlone(dir, index string) error {
	start := time.Now()
	idx, err := bleve.New(index, bleve.NewIndexMapping())
	if err != nil {
		return err
	}
	b := idx.NewBatch()
	n := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := frontmatter.ParseFile(filepath.Base(p), raw)
		if err != nil {
			return err
		}
		a := doc.Article
		if err := b.Index(a.ID, map[string]any{"title": a.Title, "body": a.Body, "department": a.Department, "tags": a.Tags}); err != nil {
			return err
		}
		n++
		if b.Size() >= 256 {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
		return nil
	})
	if err == nil && b.Size() > 0 {
		err = idx.Batch(b)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Printf("articles %d\nbuild-s %.2f\n", n, time.Since(start).Seconds())
	return nil
}

// cpuTime is the process's user + system CPU time so far. On a machine
// shared with other work, CPU time per query is steadier than wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func percentiles(name string, ds []time.Duration, cpu time.Duration) {
	fmt.Printf("%s-cpu-ms %.2f\n", name, float64(cpu.Microseconds())/1000/float64(len(ds)))
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	q := func(p float64) float64 {
		return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds()) / 1000
	}
	fmt.Printf("%s-p50-ms %.2f\n%s-p99-ms %.2f\n", name, q(0.50), name, q(0.99))
}

func queryConcierge(dataDir string) error {
	ctx := context.Background()
	start := time.Now()
	// The desktop app's collector policy (main.go), so that the memory
	// figures are the app's.
	gctune.Keep(ctx, time.Second, gctune.Headroom)
	// The embedder the import indexed with: the built-in one over the term
	// space it learned from the articles (as the app opens it). Opening
	// with the bare built-in embedder finds no vectors of its own, and
	// hybrid search would silently be BM25 alone.
	emb := embed.NewBuiltin()
	if sp, err := embed.LoadTermSpace(filepath.Join(dataDir, "termspace.gob")); err == nil {
		emb = embed.NewBuiltin(embed.WithTermSpace(sp))
	} else if !errors.Is(err, embed.ErrNoTermSpace) {
		return err
	}
	e, err := search.Open(ctx, filepath.Join(dataDir, "index"), emb, search.Options{})
	if err != nil {
		return err
	}
	defer e.Close()
	qs := synth.Queries(queryCount)
	if _, err := e.Search(ctx, search.Request{Query: qs[0], Mode: search.ModeBM25}); err != nil {
		return err
	}
	fmt.Printf("first-answer-ms %.0f\n", float64(time.Since(start).Microseconds())/1000)
	<-e.Ready()
	fmt.Printf("ready-ms %.0f\n", float64(time.Since(start).Microseconds())/1000)
	st := e.Stats()
	fmt.Printf("articles %d\npassages %d\nvectors %d\n", st.Articles, st.Passages, st.Vectors)
	if st.Vectors == 0 {
		return fmt.Errorf("no vectors loaded for embedder %s: hybrid would be BM25 alone", emb.ID())
	}
	type mode struct {
		name string
		req  func(q string) search.Request
		qs   []string
	}
	for _, m := range []mode{
		{"hybrid", func(q string) search.Request { return search.Request{Query: q} }, qs},
		{"bm25", func(q string) search.Request { return search.Request{Query: q, Mode: search.ModeBM25} }, qs},
		{"prefix", func(q string) search.Request { return search.Request{Query: q, AsYouType: true} }, synth.Prefixes(qs)},
	} {
		if only := os.Getenv("CONCIERGE_MODES"); only != "" && !slices.Contains(strings.Split(only, ","), m.name) {
			continue // e.g. CONCIERGE_MODES=prefix while working on one mode
		}
		if path := os.Getenv("CONCIERGE_CPUPROFILE"); path != "" { // one profile per mode
			if f, err := os.Create(path + "." + m.name); err == nil {
				_ = pprof.StartCPUProfile(f)
				defer f.Close()
			}
		}
		ds := make([]time.Duration, 0, len(m.qs))
		c0 := cpuTime()
		for _, q := range m.qs {
			t := time.Now()
			if _, err := e.Search(ctx, m.req(q)); err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
		}
		percentiles(m.name, slices.Clone(ds), cpuTime()-c0) // sorts what it is given
		pprof.StopCPUProfile()
		if n, _ := strconv.Atoi(os.Getenv("CONCIERGE_SLOWEST")); n > 0 { // which queries make the tail
			idx := make([]int, len(ds))
			for i := range idx {
				idx[i] = i
			}
			sort.Slice(idx, func(a, b int) bool { return ds[idx[a]] > ds[idx[b]] })
			for _, i := range idx[:min(n, len(idx))] {
				fmt.Printf("slowest-%s %.1f ms %q\n", m.name, float64(ds[i].Microseconds())/1000, m.qs[i])
			}
		}
	}
	runtime.GC()
	if path := os.Getenv("CONCIERGE_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("heap-mb %.0f\nrss-mb %.0f\n", float64(ms.HeapAlloc)/(1<<20), rssMB())
	return nil
}

func queryBleve(index string) error {
	idx, err := bleve.Open(index)
	if err != nil {
		return err
	}
	defer idx.Close()
	qs := synth.Queries(queryCount)
	run := func(name string, mk func(q string) query.Query, qs []string) error {
		ds := make([]time.Duration, 0, len(qs))
		c0 := cpuTime()
		for _, q := range qs {
			t := time.Now()
			if _, err := idx.Search(bleve.NewSearchRequestOptions(mk(q), 20, 0, false)); err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
		}
		percentiles(name, ds, cpuTime()-c0)
		return nil
	}
	if err := run("bm25", func(q string) query.Query { return bleve.NewMatchQuery(q) }, qs); err != nil {
		return err
	}
	return run("prefix", func(q string) query.Query {
		f := strings.Fields(q)
		dq := bleve.NewDisjunctionQuery()
		if len(f) > 1 {
			dq.AddQuery(bleve.NewMatchQuery(strings.Join(f[:len(f)-1], " ")))
		}
		dq.AddQuery(bleve.NewPrefixQuery(strings.ToLower(f[len(f)-1])))
		return dq
	}, synth.Prefixes(qs))
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
