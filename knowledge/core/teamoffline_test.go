package core

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
	"concierge/knowledge/pgstore/pgtest"
)

// cutProxy forwards TCP connections to the team database until cut, like a
// network outage between a desktop and the server.
type cutProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
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
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestTeamStatsWhileOffline: with the team database unreachable the status
// bar's state still comes (offline, with the counts last read) — before,
// Stats failed and the window never heard that it was offline — and a write
// is refused as unavailable.
func TestTeamStatsWhileOffline(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	p := newCutProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	d := openDesk(t, u.String(), t.TempDir())
	defer d.close(t)
	publish(t, d.core, "Visitor parking", "Reception validates parking tickets for visitors.")
	ctx := context.Background()
	before, err := d.core.Stats(ctx)
	if err != nil || !before.Team.Team || !before.Team.Online || before.Articles == 0 {
		t.Fatalf("online: %+v, %v; want a connected team database with a published article", before, err)
	}

	p.cut()
	for deadline := time.Now().Add(30 * time.Second); d.core.TeamStatus().Online; {
		if time.Now().After(deadline) {
			t.Fatal("the desktop did not notice that the team database is unreachable")
		}
		time.Sleep(20 * time.Millisecond)
	}
	st, err := d.core.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats while offline: %v; want the state with the last counts", err)
	}
	if !st.Team.Team || st.Team.Online || st.Articles != before.Articles || st.Total != before.Total {
		t.Errorf("offline: %+v; want offline with %d of %d articles", st, before.Articles, before.Total)
	}
	if _, err := d.core.CreateArticle(ctx, ArticleInput{Title: "Lost?", Body: "b", Department: "billing", Audience: "internal", Language: "en"}); !errors.Is(err, knowledge.ErrUnavailable) {
		t.Errorf("a write while offline: %v; want ErrUnavailable", err)
	}
}
