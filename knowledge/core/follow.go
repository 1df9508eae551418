package core

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

// cursorFile keeps, in the local data folder, the last change of the team
// database this desktop has applied to its indexes. It is local on purpose:
// every desktop follows the shared feed at its own pace.
const cursorFile = "feed.cursor"

// team is the state of the connection to a shared (team) database.
type team struct {
	mu        sync.Mutex
	following bool
	online    bool
	asOf      time.Time // when this desktop last had the server's changes
	why       string    // why it is offline
	// counts are the article counts last read from the team database,
	// shown while it cannot be reached (see Stats).
	counts knowledge.Counts
}

// TeamStatus says whether a team database is in use and reachable.
type TeamStatus struct {
	Team   bool   `json:"team"`   // a shared database is configured
	Online bool   `json:"online"` // its change feed is connected
	AsOf   string `json:"asOf"`   // RFC 3339: knowledge is current as of then
	Reason string `json:"reason"` // why it is offline, when it is
}

// TeamStatus reports the team database connection (zero for SQLite).
func (c *Core) TeamStatus() TeamStatus {
	c.team.mu.Lock()
	defer c.team.mu.Unlock()
	if !c.team.following {
		return TeamStatus{}
	}
	st := TeamStatus{Team: true, Online: c.team.online, Reason: c.team.why}
	if !c.team.asOf.IsZero() {
		st.AsOf = c.team.asOf.UTC().Format(time.RFC3339)
	}
	return st
}

// follow applies the team database's changes to the local indexes until ctx
// ends. It starts from the cursor saved by the previous run, so changes made
// while this desktop was closed or offline are caught up.
func (c *Core) follow(ctx context.Context, feed knowledge.ChangeFeed) error {
	after, err := c.readCursor()
	if err != nil {
		return err
	}
	err = feed.Follow(ctx, after, c.applyFeed, knowledge.FollowOptions{OnState: c.feedState})
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return nil
	}
	return err
}

// applyFeed re-reads and re-indexes the articles a batch names, tells the
// views, and only then moves the cursor (so a crash replays, never skips).
func (c *Core) applyFeed(ctx context.Context, batch []knowledge.FeedChange) error {
	if len(batch) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, fc := range batch {
		if fc.Topic != knowledge.TopicArticles {
			continue
		}
		for _, id := range fc.IDs {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > 0 {
		if err := c.reindexIDs(ctx, ids); err != nil {
			return err
		}
	}
	for _, fc := range batch {
		if c.onChange != nil {
			ch := fc.Change
			if ch.IDs == nil {
				ch.IDs = []string{}
			}
			c.onChange(ch)
		}
	}
	if err := c.writeCursor(batch[len(batch)-1].Seq); err != nil {
		return err
	}
	c.team.mu.Lock()
	c.team.asOf = time.Now()
	c.team.mu.Unlock()
	return nil
}

// reindexIDs makes the local indexes hold the stored versions of ids: present
// articles are (re)indexed, missing ones removed.
func (c *Core) reindexIDs(ctx context.Context, ids []string) error {
	var present []knowledge.Article
	var gone []string
	for _, id := range ids {
		a, err := c.store.Get(ctx, id)
		switch {
		case errors.Is(err, knowledge.ErrNotFound):
			gone = append(gone, id)
		case err != nil:
			return fmt.Errorf("read a changed article from the team database: %w", err)
		default:
			present = append(present, a)
		}
	}
	eng := c.eng()
	if len(present) > 0 {
		if err := eng.Upsert(ctx, present); err != nil {
			return fmt.Errorf("index changed articles: %w", err)
		}
	}
	if len(gone) > 0 {
		if err := eng.Delete(ctx, gone...); err != nil {
			return fmt.Errorf("remove deleted articles from the index: %w", err)
		}
	}
	return nil
}

// feedState records whether the team database is reachable and puts it in
// the status bar once the start-up work is over.
func (c *Core) feedState(connected bool, err error) {
	c.team.mu.Lock()
	c.team.online = connected
	c.team.why = ""
	if err != nil {
		c.team.why = err.Error()
	}
	asOf := c.team.asOf
	c.team.mu.Unlock()
	select {
	case <-c.bootDone:
	default:
		return // bootstrap owns the status until it is done
	}
	if connected {
		c.track.set(State{State: StateReady, Message: c.readyMessage()})
		return
	}
	c.track.set(State{State: StateReady, Message: "Offline — showing knowledge as of " + asOf.Local().Format("15:04") +
		"; changes are refused until the team database is reachable again"})
}

func (c *Core) readCursor() (int64, error) {
	b, err := os.ReadFile(filepath.Join(c.dataDir, cursorFile))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the team change cursor: %w", err)
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n < 0 {
		// A damaged cursor costs a full re-read, never a missed change.
		c.log.Warn("team change cursor unreadable; following from the start", "err", err)
		return 0, nil
	}
	return n, nil
}

func (c *Core) writeCursor(seq int64) error {
	return config.WriteFileAtomic(filepath.Join(c.dataDir, cursorFile), []byte(strconv.FormatInt(seq, 10)+"\n"), 0o600)
}
