package core

import (
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
)

type sink struct {
	mu  sync.Mutex
	got []string
}

func (s *sink) write(e knowledge.QueryLogEntry) {
	s.mu.Lock()
	s.got = append(s.got, e.Query)
	s.mu.Unlock()
}

func (s *sink) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.got...)
}

func TestSettlerKeepsOnlyTheFinalQueryOfABurst(t *testing.T) {
	var out sink
	// A long quiet period: nothing fires on its own during the test; flush decides.
	s := newSettler(time.Hour, out.write)
	for _, q := range []string{"r", "re", "ref", "refu", "refund"} {
		s.add(knowledge.QueryLogEntry{Query: q})
	}
	if got := out.list(); len(got) != 0 {
		t.Fatalf("nothing should be written while typing, got %v", got)
	}
	s.add(knowledge.QueryLogEntry{Query: "parking"}) // started over
	if got := out.list(); len(got) != 1 || got[0] != "refund" {
		t.Fatalf("starting over should write the previous burst: %v", got)
	}
	s.flush()
	if got := out.list(); len(got) != 2 || got[1] != "parking" {
		t.Fatalf("flush should write the pending query: %v", got)
	}
}

func TestSettlerWritesAfterQuietPeriod(t *testing.T) {
	var out sink
	done := make(chan struct{})
	s := newSettler(time.Millisecond, func(e knowledge.QueryLogEntry) { out.write(e); close(done) })
	s.add(knowledge.QueryLogEntry{Query: "lab results"})
	<-done // the test fails by timeout if the timer never fires
	if got := out.list(); len(got) != 1 || got[0] != "lab results" {
		t.Fatalf("got %v", got)
	}
}
