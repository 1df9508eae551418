package knowledge

import (
	"context"
	"time"
)

// FeedChange is one committed change of a shared (team) store, as its
// change feed records it: the Change (topic, kind, ids, time) plus Seq,
// which grows in commit order, so a desktop that has applied every change
// up to Seq N has missed nothing before it.
//
// Topics and kinds are those of Change: TopicArticles (created, saved,
// published, archived, status), TopicRequests (created, updated, message)
// and TopicLedger (set, event, rating — a rating's id is the article's).
// An agent gets no ids for other agents' ledger changes: agents do not see
// each other's suggestions.
type FeedChange struct {
	Seq int64 `json:"seq"`
	Change
}

// FollowOptions tunes ChangeFeed.Follow; zero values pick the defaults.
type FollowOptions struct {
	// Batch is the most changes handed to the handler at once (default 500).
	Batch int
	// MinBackoff and MaxBackoff bound the wait before reconnecting after the
	// server was lost; it doubles from MinBackoff (default 200 ms) up to
	// MaxBackoff (default 10 s).
	MinBackoff, MaxBackoff time.Duration
	// Poll re-reads the feed when no notification came for this long
	// (default 2 s): writes made outside Concierge notify nobody.
	Poll time.Duration
	// OnState, when set, is told whenever the follower connects (err nil)
	// or loses the server (err says why; it wraps ErrUnavailable when the
	// server cannot be reached): what the status bar shows as online or
	// "offline — showing knowledge as of HH:MM".
	OnState func(connected bool, err error)
}

// ChangeFeed is what a shared store offers desktops to keep their local
// indexes and views current. The embedded SQLite store has none: one
// desktop, no one else to follow.
type ChangeFeed interface {
	// LatestChange returns the newest Seq (0 when there is none). A desktop
	// that rebuilds its local indexes from a full read takes it first and
	// follows after it.
	LatestChange(ctx context.Context) (int64, error)
	// Changes returns up to limit changes after Seq after, oldest first.
	Changes(ctx context.Context, after int64, limit int) ([]FeedChange, error)
	// Follow hands every change after Seq after to handle, in order and
	// batch by batch, then waits for more (LISTEN/NOTIFY) and reconnects by
	// itself when the server is lost, always re-reading from the last batch
	// handle accepted. The caller persists that cursor (the last Seq of an
	// accepted batch) and passes it as after at the next start. Follow
	// returns when ctx ends, when the store is closed or when handle fails.
	Follow(ctx context.Context, after int64, handle func(ctx context.Context, batch []FeedChange) error, opts FollowOptions) error
}

// Person is someone signed in to a team database, as the server sees them.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role"` // agent, editor, supervisor or admin
}

// Team is what a shared (team) database offers a desktop beyond the store
// interfaces: its change feed, and who is signed in (the server, not the
// local profile, decides what that person may do).
type Team interface {
	ChangeFeed
	SignedIn(ctx context.Context) (Person, error)
}
