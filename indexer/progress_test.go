package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"concierge/knowledge/core"
)

func TestEstimate(t *testing.T) {
	cases := []struct {
		elapsed     time.Duration
		done, total int
		want        time.Duration
		ok          bool
	}{
		{10 * time.Second, 250, 1000, 30 * time.Second, true},
		{10 * time.Second, 1000, 1000, 0, true},
		{10 * time.Second, 0, 1000, 0, false},
		{10 * time.Second, 5, 1000, 0, false},         // under 1 %: too early
		{500 * time.Millisecond, 500, 1000, 0, false}, // under a second
	}
	for _, c := range cases {
		got, ok := estimate(c.elapsed, c.done, c.total)
		if got != c.want || ok != c.ok {
			t.Errorf("estimate(%v, %d, %d) = %v %v, want %v %v", c.elapsed, c.done, c.total, got, ok, c.want, c.ok)
		}
	}
	for d, want := range map[time.Duration]string{42 * time.Second: "42s", 95 * time.Second: "1m35s", 3*time.Hour + 5*time.Minute: "3h05m"} {
		if got := formatLeft(d); got != want {
			t.Errorf("formatLeft(%v) = %q, want %q", d, got, want)
		}
	}
}

// A terminal sees each phase's step and, once there is enough to go on,
// the time left; phases replace each other on one bar.
func TestBarShowsStepAndTimeLeft(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &bar{w: &out, tty: true, now: func() time.Time { return clock }}
	b.update(core.Progress{Phase: core.PhaseImport, Done: 10, Total: 100})
	clock = clock.Add(2 * time.Second)
	b.update(core.Progress{Phase: core.PhaseImport, Done: 100, Total: 100})
	b.update(core.Progress{Phase: core.PhaseIndex, Done: 0, Total: 100})
	clock = clock.Add(10 * time.Second)
	b.update(core.Progress{Phase: core.PhaseIndex, Done: 40, Total: 100})
	s := out.String()
	for _, want := range []string{"reading files", "indexing · about 15s left", "40/100"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%q", want, s)
		}
	}
	b.finish()

	var quiet bytes.Buffer
	nb := newBar(&quiet) // not a terminal
	nb.update(core.Progress{Phase: core.PhaseIndex, Done: 1, Total: 2})
	nb.finish()
	if quiet.Len() != 0 {
		t.Errorf("wrote to a non-terminal: %q", quiet.String())
	}
}
