package pgstore

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
)

// proxy forwards TCP connections to the test server and can be cut off and
// restored, like a network outage between a desktop and the team database.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *proxy) up() {
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may linger briefly after down
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// down closes the listener and every forwarded connection.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// viaProxy returns rawURL with its host replaced by the proxy's address.
func (p *proxy) viaProxy(t *testing.T, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	return u.String()
}

// TestServerLostAndBack: while the server is unreachable every call fails
// fast with ErrUnavailable and nothing is half-written; the follower says
// it is offline; when the server is back the same store works again and
// the follower catches up with what others wrote meanwhile.
func TestServerLostAndBack(t *testing.T) {
	direct, dbURL := openTest(t)
	u, _ := url.Parse(dbURL)
	p := newProxy(t, u.Host)
	ctx := context.Background()
	s, err := Open(ctx, p.viaProxy(t, dbURL))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var mu sync.Mutex
	var states []bool
	c := newCollector()
	startFollow(t, s, 0, c, FollowOptions{MinBackoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Poll: time.Second,
		OnState: func(connected bool, err error) {
			mu.Lock()
			states = append(states, connected)
			mu.Unlock()
		}})
	if _, err := s.Put(ctx, knowledge.Article{ID: "before", Title: "T"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	c.waitFor(t, 5*time.Second, "before")

	p.down()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := s.Put(tctx, knowledge.Article{ID: "offline", Title: "T"}, knowledge.PutOptions{}); !errors.Is(err, knowledge.ErrUnavailable) {
		t.Errorf("Put with the server unreachable: %v, want ErrUnavailable", err)
	}
	if _, err := s.Get(tctx, "before"); !errors.Is(err, knowledge.ErrUnavailable) {
		t.Errorf("Get with the server unreachable: %v, want ErrUnavailable", err)
	}
	// Someone else keeps working on the server meanwhile.
	if _, err := direct.Put(ctx, knowledge.Article{ID: "while-away", Title: "T"}, knowledge.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	p.up()
	c.waitFor(t, 10*time.Second, "while-away")
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := s.Put(ctx, knowledge.Article{ID: "after", Title: "T"}, knowledge.PutOptions{})
		if err == nil {
			break
		}
		if !errors.Is(err, knowledge.ErrUnavailable) || time.Now().After(deadline) {
			t.Fatalf("Put after the server came back: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := direct.Get(ctx, "offline"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("the refused write reached the server: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	sawOffline := false
	for _, st := range states {
		if !st {
			sawOffline = true
		}
	}
	if !sawOffline || !states[len(states)-1] {
		t.Errorf("OnState saw %v; want an offline report and online at the end", states)
	}
}
