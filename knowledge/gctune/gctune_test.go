package gctune

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		live, headroom uint64
		want           int
	}{
		{0, 192 << 20, 100},
		{20 << 20, 192 << 20, 100},  // the sample knowledge base
		{80 << 20, 192 << 20, 100},  // 10k articles
		{192 << 20, 192 << 20, 100}, // the boundary
		{384 << 20, 192 << 20, 50},
		{740 << 20, 192 << 20, 25}, // 100k articles
		{4 << 30, 192 << 20, 25},   // bounded below
	} {
		if got := Percent(c.live, c.headroom, MinPercent); got != c.want {
			t.Errorf("Percent(%d MB live, %d MB room) = %d, want %d", c.live>>20, c.headroom>>20, got, c.want)
		}
	}
}

func TestReturnMemoryOnlyOnLargeDrops(t *testing.T) {
	for _, c := range []struct {
		last, p int
		want    bool
	}{
		{-1, 25, false}, // the first setting
		{100, 25, true}, // the indexes loaded
		{100, 75, true},
		{100, 76, false},
		{26, 25, false}, // a large heap's drift
		{25, 26, false},
		{50, 25, true},
	} {
		if got := returnMemory(c.last, c.p); got != c.want {
			t.Errorf("returnMemory(%d → %d) = %v, want %v", c.last, c.p, got, c.want)
		}
	}
}

// Keep lowers GOGC when the live heap is large against the headroom (here
// a 1-byte headroom, so any heap is), and leaves a GOGC from the
// environment alone.
func TestKeepTunesTheCollector(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	runtime.GC() // the live heap is measured by a collection
	ctx, cancel := context.WithCancel(context.Background())
	Keep(ctx, time.Millisecond, 1)
	deadline := time.Now().Add(5 * time.Second)
	for {
		p := debug.SetGCPercent(100)
		if p == MinPercent {
			break
		}
		debug.SetGCPercent(p)
		if time.Now().After(deadline) {
			t.Fatalf("GOGC stayed %d", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	time.Sleep(20 * time.Millisecond) // the ticker goroutine has seen ctx end

	t.Setenv("GOGC", "100")
	debug.SetGCPercent(100)
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	Keep(ctx2, time.Millisecond, 1)
	time.Sleep(50 * time.Millisecond)
	if p := debug.SetGCPercent(100); p != 100 {
		t.Fatalf("GOGC from the environment was overridden: %d", p)
	}
}
