package knowledge

import "time"

// Change topics: what kind of data changed.
const (
	TopicArticles = "articles" // kinds: created, saved, published, archived, status, imported, restored
	TopicRequests = "requests" // kinds: created, updated, message
	TopicLedger   = "ledger"   // kinds: set, event, rating
	TopicIndex    = "index"    // kind: the new index state (ready, importing, indexing, repairing, error)
)

// Change kinds.
const (
	KindCreated   = "created"
	KindSaved     = "saved"
	KindPublished = "published"
	KindArchived  = "archived"
	KindStatus    = "status"
	KindImported  = "imported"
	KindRestored  = "restored"
	KindUpdated   = "updated"
	KindMessage   = "message"
	KindSet       = "set"
	KindEvent     = "event"
	KindRating    = "rating"
	// KindRevision: a revision of a published article was saved, sent back,
	// approved or withdrawn (topic articles).
	KindRevision = "revision"
)

// Change reports that data changed, so that every view showing something
// derived from it can refresh. IDs name what changed (article, request or
// suggestion-set ids; empty when unknown or many).
type Change struct {
	Topic string    `json:"topic"`
	Kind  string    `json:"kind"`
	IDs   []string  `json:"ids"`
	At    time.Time `json:"at"`
}
