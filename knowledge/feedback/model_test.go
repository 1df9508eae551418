package feedback

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

type logSource struct {
	evs []Event
	err error
}

func (s *logSource) Events(_ context.Context, since time.Time) ([]Event, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out []Event
	for _, e := range s.evs {
		if e.At.After(since) {
			out = append(out, e)
		}
	}
	return out, nil
}

func TestQuorumOfUsersBoostsLikeQueries(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	m := New(nil, Options{Now: c.now})
	m.Record(Event{Query: "jab side effects", ArticleID: "vaccine-reactions", User: "ana", Kind: Open, At: c.t})
	if b := m.Boosts(context.Background(), "side effects of the jab"); len(b) != 0 {
		t.Fatalf("one user boosted: %v", b)
	}
	m.Record(Event{Query: "Jab side-effects?", ArticleID: "vaccine-reactions", User: "ben", Kind: Cite, At: c.t})
	b := m.Boosts(context.Background(), "side effects of the jab")
	if b["vaccine-reactions"] <= 0 || b["vaccine-reactions"] > 1 {
		t.Fatalf("two users: boost %v", b)
	}
	if got := m.Boosts(context.Background(), "refund for a cancelled visit"); len(got) != 0 {
		t.Errorf("unrelated query boosted: %v", got)
	}
	// Decay: after two half-lives the boost is smaller.
	before := b["vaccine-reactions"]
	c.t = c.t.Add(60 * 24 * time.Hour)
	if after := m.Boosts(context.Background(), "jab side effects")["vaccine-reactions"]; after >= before {
		t.Errorf("boost did not decay: %v then %v", before, after)
	}
}

func TestBurstFromOneUserIsCapped(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	m := New(nil, Options{Now: c.now})
	for i := 0; i < 500; i++ {
		m.Record(Event{Query: "refund", ArticleID: "spam", User: "mallory", Kind: Insert, At: c.t.Add(-time.Duration(i) * time.Second)})
	}
	if b := m.Boosts(context.Background(), "refund"); len(b) != 0 {
		t.Fatalf("a burst from one user boosted: %v", b)
	}
	// A second user's single open activates it, but the burst counts as one use.
	m.Record(Event{Query: "refund", ArticleID: "spam", User: "eve", Kind: Open, At: c.t})
	burst := m.Boosts(context.Background(), "refund")["spam"]
	m2 := New(nil, Options{Now: c.now})
	m2.Record(Event{Query: "refund", ArticleID: "spam", User: "mallory", Kind: Open, At: c.t})
	m2.Record(Event{Query: "refund", ArticleID: "spam", User: "eve", Kind: Open, At: c.t})
	if once := m2.Boosts(context.Background(), "refund")["spam"]; burst > once+1e-9 {
		t.Errorf("burst boost %v exceeds single-use boost %v", burst, once)
	}
}

func TestListResetAndRefresh(t *testing.T) {
	c := &clock{time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	src := &logSource{}
	for i, u := range []string{"a", "b", "c"} {
		src.evs = append(src.evs, Event{Query: "printer offline", ArticleID: "printer", User: u, Kind: Open, At: c.t.Add(time.Duration(i) * time.Minute)})
	}
	src.evs = append(src.evs, Event{Query: "vpn drops", ArticleID: "vpn", User: "a", Kind: Open, At: c.t})
	c.t = c.t.Add(time.Hour)
	m := New(src, Options{Now: c.now})
	if err := m.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := m.Refresh(context.Background()); err != nil { // nothing new: no double counting
		t.Fatal(err)
	}
	l := m.List()
	if len(l) != 2 || l[0].ArticleID != "printer" || l[0].Users != 3 || !l[0].Active || l[1].Active {
		t.Fatalf("list: %+v", l)
	}
	m.Reset("printer")
	if b := m.Boosts(context.Background(), "printer offline"); len(b) != 0 {
		t.Errorf("boost after reset: %v", b)
	}
	// Evidence from before the reset is not learned again.
	m2src := &logSource{evs: src.evs}
	m.src = m2src
	m.since = time.Time{}
	if err := m.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b := m.Boosts(context.Background(), "printer offline"); len(b) != 0 {
		t.Errorf("old evidence relearned after reset: %v", b)
	}
	m.Reset()
	if len(m.List()) != 0 {
		t.Errorf("reset all left %v", m.List())
	}
	bad := New(&logSource{err: fmt.Errorf("disk")}, Options{})
	if err := bad.Refresh(context.Background()); !errors.Is(err, ErrSource) {
		t.Errorf("err = %v, want ErrSource", err)
	}
}
