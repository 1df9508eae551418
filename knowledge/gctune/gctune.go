// Package gctune keeps a long-running process's heap near its live data.
//
// Go collects garbage when the heap has grown by GOGC percent (100 by
// default) over what the last collection left alive. That doubles the
// resident size of a process whose live heap is large: at 100k articles
// the desktop app holds about 740 MB of indexes and vectors, and with
// GOGC 100 it grew to 1.3–1.7 GB resident. Most of that heap is
// pointer-free (vectors, postings, arrays of offsets), which a collection
// does not scan, so collecting more often costs little: the scale
// benchmark at 100k measured the same query CPU and latency with GOGC 25
// (hybrid 27 ms CPU per query against 30) and 1.16 GB resident instead of
// 1.71 GB. Keep therefore gives the heap a fixed amount of room to grow
// (Headroom) instead of a fixed fraction, within [MinPercent, 100].
package gctune

import (
	"context"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Headroom is how much the heap may grow over its live data before the
// next collection, for a heap large enough that GOGC 100 would allow more.
const Headroom = 192 << 20

// MinPercent bounds how often the collector runs: never more often than
// every quarter of the live heap allocated.
const MinPercent = 25

// Percent is the GOGC that lets a heap of live bytes grow by about
// headroom: Go's default 100 for heaps up to headroom, less for larger
// ones, never below lo.
func Percent(live, headroom uint64, lo int) int {
	if live == 0 {
		return 100
	}
	p := headroom * 100 / live
	if p >= 100 {
		return 100
	}
	return max(int(p), lo)
}

// Keep re-tunes the collector every interval from the live heap until ctx
// ends. A GOGC set in the environment is left alone.
func Keep(ctx context.Context, every time.Duration, headroom uint64) {
	if os.Getenv("GOGC") != "" {
		return
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		last := -1
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return // a runtime without the metric: keep Go's default
			}
			p := Percent(sample[0].Value.Uint64(), headroom, MinPercent)
			if p == last {
				continue
			}
			debug.SetGCPercent(p)
			if returnMemory(last, p) {
				debug.FreeOSMemory()
			}
			last = p
		}
	}()
}

// returnMemory reports whether lowering GOGC from last to p should give
// memory back to the system at once: when the heap grew well past the
// room the old setting left (the indexes loaded), rather than at the
// scavenger's pace. Not for the drift of a large live heap (740 → 750 MB
// moves the setting from 26 to 25): FreeOSMemory forces a collection, and
// at 100k articles one costs some 300 ms of CPU, which the scale benchmark
// saw every few seconds as the setting went back and forth.
func returnMemory(last, p int) bool {
	return last != -1 && p <= last*3/4
}
