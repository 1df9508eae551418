package core

import (
	"strings"
	"sync"
	"time"

	"concierge/knowledge"
)

// settler logs search-as-you-type queries only once the user stops typing:
// "r", "re", "ref", "refund" become one entry, "refund". A query is written
// when no newer query arrived within the quiet period, or at once when the
// next query is not a continuation of it (the user started over).
type settler struct {
	mu      sync.Mutex
	quiet   time.Duration
	pending *knowledge.QueryLogEntry
	timer   *time.Timer
	write   func(knowledge.QueryLogEntry)
}

func newSettler(quiet time.Duration, write func(knowledge.QueryLogEntry)) *settler {
	return &settler{quiet: quiet, write: write}
}

// add records e as the latest query of a typing burst.
func (s *settler) add(e knowledge.QueryLogEntry) {
	s.mu.Lock()
	var flush *knowledge.QueryLogEntry
	if s.pending != nil && !isContinuation(s.pending.Query, e.Query) {
		flush = s.pending
	}
	s.pending = &e
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(s.quiet, s.fire)
	s.mu.Unlock()
	if flush != nil {
		s.write(*flush)
	}
}

func (s *settler) fire() {
	s.mu.Lock()
	p := s.pending
	s.pending = nil
	s.mu.Unlock()
	if p != nil {
		s.write(*p)
	}
}

// flush writes any pending query now (on close).
func (s *settler) flush() {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
	s.fire()
}

// isContinuation reports whether next extends or corrects prev while typing:
// one is a prefix of the other (typing on, or backspacing).
func isContinuation(prev, next string) bool {
	p, n := strings.ToLower(prev), strings.ToLower(next)
	return strings.HasPrefix(n, p) || strings.HasPrefix(p, n)
}
