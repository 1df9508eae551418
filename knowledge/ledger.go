package knowledge

import (
	"context"
	"strings"
	"time"
)

// LedgerPassage is one passage that was retrieved and put in the prompt for
// a suggestion set, with the article version it was cut from.
type LedgerPassage struct {
	PassageID      string `json:"passageId"`
	ArticleID      string `json:"articleId"`
	ArticleVersion int    `json:"articleVersion"`
}

// LedgerOption is one option shown to the agent. Citations are passage ids
// of the set's Passages; Flags record what grounding found (for example
// "dropped-citation" or "unverified").
type LedgerOption struct {
	Index     int      `json:"index"`
	Title     string   `json:"title"`
	Reply     string   `json:"reply"`
	Kind      string   `json:"kind"` // e.g. "llm", "extractive", "not-in-kb"
	Citations []string `json:"citations"`
	Flags     []string `json:"flags,omitempty"`
}

// LedgerEntry records one suggestion set: what was asked, of which model,
// with which passages, and which options were shown.
type LedgerEntry struct {
	SetID      string          `json:"setId"` // empty on record: the ledger assigns "sug-…"
	RequestID  string          `json:"requestId,omitempty"`
	Agent      string          `json:"agent"`
	At         time.Time       `json:"at"` // zero on record: now
	Provider   string          `json:"provider"`
	Model      string          `json:"model,omitempty"`
	PromptHash string          `json:"promptHash,omitempty"`
	Passages   []LedgerPassage `json:"passages"`
	Options    []LedgerOption  `json:"options"`
}

// EventType is what happened to a suggestion set or one of its options.
type EventType string

const (
	EventShown     EventType = "shown"
	EventInserted  EventType = "inserted"
	EventEdited    EventType = "edited"
	EventDiscarded EventType = "discarded"
	EventSent      EventType = "sent"
)

// EventTypes lists the event types in the order they usually happen.
var EventTypes = []EventType{EventShown, EventInserted, EventEdited, EventDiscarded, EventSent}

// Valid reports whether t is a known event type.
func (t EventType) Valid() bool {
	for _, k := range EventTypes {
		if t == k {
			return true
		}
	}
	return false
}

// DiscardReason is the pick-list reason for a discarded suggestion.
type DiscardReason string

const (
	ReasonNotRelevant DiscardReason = "not-relevant"
	ReasonWrongFacts  DiscardReason = "wrong-facts"
	ReasonOutdated    DiscardReason = "outdated"
	ReasonTone        DiscardReason = "tone"
	ReasonIncomplete  DiscardReason = "incomplete"
	ReasonOther       DiscardReason = "other"
)

// DiscardReasons lists the pick list in display order.
var DiscardReasons = []DiscardReason{ReasonNotRelevant, ReasonWrongFacts, ReasonOutdated, ReasonTone, ReasonIncomplete, ReasonOther}

// Valid reports whether r is on the pick list.
func (r DiscardReason) Valid() bool {
	for _, k := range DiscardReasons {
		if r == k {
			return true
		}
	}
	return false
}

// WholeSet is the OptionIndex of an event about the whole suggestion set
// rather than one option (a set shown, or discarded altogether).
const WholeSet = -1

// LedgerEvent is one thing that happened to a recorded suggestion set.
//
// OptionIndex names a LedgerOption.Index of the set; inserted and edited
// events need one, the others may use WholeSet. FinalText is the reply as
// the agent left it (edited, sent). EditDistance is the Levenshtein distance
// from the option's reply to FinalText; when it is 0 and both FinalText and
// an option are given, the ledger computes it. Reason is required for
// discarded events and not allowed on others; Comment is free text.
type LedgerEvent struct {
	ID           int64         `json:"id,omitempty"` // assigned by the ledger, increasing
	SetID        string        `json:"setId"`
	At           time.Time     `json:"at,omitempty"` // zero on record: now
	Agent        string        `json:"agent,omitempty"`
	Type         EventType     `json:"type"`
	OptionIndex  int           `json:"optionIndex"`
	FinalText    string        `json:"finalText,omitempty"`
	EditDistance int           `json:"editDistance,omitempty"`
	Reason       DiscardReason `json:"reason,omitempty"`
	Comment      string        `json:"comment,omitempty"`
}

// LedgerFilter narrows Ledger.ListSets. Zero values mean "any".
type LedgerFilter struct {
	RequestID string `json:"requestId,omitempty"`
	Agent     string `json:"agent,omitempty"`
	// ArticleID keeps sets that retrieved a passage of this article.
	ArticleID string `json:"articleId,omitempty"`
	// Since and Until bound the set's time: Since <= At < Until.
	Since time.Time `json:"since,omitempty"`
	Until time.Time `json:"until,omitempty"`
	// Limit caps the number of sets returned; 0 means no limit.
	Limit int `json:"limit,omitempty"`
}

// ArticleSuggestionStats counts, for one article, what happened to the
// suggestions it took part in. An event about one option counts for the
// articles that option cites; an event about the whole set (WholeSet) counts
// for every article whose passages the set retrieved. Each event counts at
// most once per article.
type ArticleSuggestionStats struct {
	ArticleID string `json:"articleId"`
	Shown     int    `json:"shown"`
	Inserted  int    `json:"inserted"`
	Edited    int    `json:"edited"`
	Discarded int    `json:"discarded"`
	Sent      int    `json:"sent"`
}

// Ledger is the append-only record of suggestions and what agents did with
// them. It has no update or delete: the SQLite implementation also refuses
// UPDATE and DELETE on its tables.
type Ledger interface {
	// RecordSuggestionSet validates and stores e, assigning SetID (when
	// empty) and At (when zero), and returns the stored entry.
	RecordSuggestionSet(ctx context.Context, e LedgerEntry) (LedgerEntry, error)
	// RecordEvent stores ev. The set must exist (ErrNotFound) and the event
	// must fit it (ErrInvalid): known type, option index, pick-list reason.
	RecordEvent(ctx context.Context, ev LedgerEvent) (LedgerEvent, error)
	// ListSets returns the sets matching f, newest first.
	ListSets(ctx context.Context, f LedgerFilter) ([]LedgerEntry, error)
	// Events returns the events of set setID in the order they were
	// recorded, or an error wrapping ErrNotFound when the set does not exist.
	Events(ctx context.Context, setID string) ([]LedgerEvent, error)
	// SuggestionSummary counts events per article for sets recorded in
	// [since, until) (zero bounds: open), most shown first.
	SuggestionSummary(ctx context.Context, since, until time.Time) ([]ArticleSuggestionStats, error)
}

// Size limits for ledger records, in characters (runes) unless noted.
const (
	MaxLedgerOptions    = 10
	MaxLedgerPassages   = 200
	MaxOptionTitleLen   = 300
	MaxOptionReplyLen   = 50000
	MaxCitations        = 50  // per option
	MaxFlags            = 20  // per option
	MaxLedgerShortLen   = 200 // provider, model, prompt hash, kind, flag, ids
	MaxFinalTextLen     = 100000
	MaxLedgerCommentLen = 2000
)

// Normalized validates e: an agent, a provider, valid passages (ids and
// positive article versions), options with distinct indexes ≥ 0 and
// citations naming passages of the set, all within the size limits. It trims
// the agent, provider and model. SetID and At are left as they are. Errors
// wrap ErrInvalid.
func (e LedgerEntry) Normalized() (LedgerEntry, error) {
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"set id", e.SetID, MaxLedgerShortLen},
		{"request id", e.RequestID, MaxLedgerShortLen},
		{"agent", e.Agent, MaxAgentNameLen},
		{"provider", e.Provider, MaxLedgerShortLen},
		{"model", e.Model, MaxLedgerShortLen},
		{"prompt hash", e.PromptHash, MaxLedgerShortLen},
	} {
		if err := checkText("suggestion set", f.name, f.value, f.max); err != nil {
			return e, err
		}
	}
	if e.SetID != "" && !ValidRequestID(e.SetID) {
		return e, invalidf("suggestion set id %q is not valid: use letters, digits, '.', '_' and '-'", e.SetID)
	}
	e.Agent = strings.TrimSpace(e.Agent)
	if e.Agent == "" {
		return e, invalidf("the suggestion set has no agent; set your name in the profile")
	}
	e.Provider = strings.TrimSpace(e.Provider)
	if e.Provider == "" {
		return e, invalidf("the suggestion set has no provider (use \"none\" for extractive suggestions)")
	}
	e.Model = strings.TrimSpace(e.Model)
	if len(e.Passages) > MaxLedgerPassages {
		return e, invalidf("the suggestion set has %d passages, more than the %d allowed", len(e.Passages), MaxLedgerPassages)
	}
	passages := make(map[string]bool, len(e.Passages))
	for i, p := range e.Passages {
		if err := checkText("passage", "id", p.PassageID, MaxLedgerShortLen); err != nil {
			return e, err
		}
		if err := checkText("passage", "article id", p.ArticleID, MaxLedgerShortLen); err != nil {
			return e, err
		}
		if p.PassageID == "" || p.ArticleID == "" {
			return e, invalidf("passage %d of the suggestion set has no passage id or article id", i+1)
		}
		if p.ArticleVersion < 1 {
			return e, invalidf("passage %q has article version %d; record the version of the article it was cut from (1 or more)", p.PassageID, p.ArticleVersion)
		}
		if passages[p.PassageID] {
			return e, invalidf("passage %q is listed twice in the suggestion set", p.PassageID)
		}
		passages[p.PassageID] = true
	}
	if len(e.Options) == 0 {
		return e, invalidf("the suggestion set has no options; record a set only when options were produced")
	}
	if len(e.Options) > MaxLedgerOptions {
		return e, invalidf("the suggestion set has %d options, more than the %d allowed", len(e.Options), MaxLedgerOptions)
	}
	indexes := make(map[int]bool, len(e.Options))
	opts := make([]LedgerOption, len(e.Options))
	for i, o := range e.Options {
		if o.Index < 0 {
			return e, invalidf("option %d has index %d; indexes start at 0", i+1, o.Index)
		}
		if indexes[o.Index] {
			return e, invalidf("two options have index %d; give each option its own index", o.Index)
		}
		indexes[o.Index] = true
		for _, f := range []struct {
			name, value string
			max         int
		}{{"title", o.Title, MaxOptionTitleLen}, {"reply", o.Reply, MaxOptionReplyLen}, {"kind", o.Kind, MaxLedgerShortLen}} {
			if err := checkText("option", f.name, f.value, f.max); err != nil {
				return e, err
			}
		}
		if len(o.Citations) > MaxCitations {
			return e, invalidf("option %d has %d citations, more than the %d allowed", o.Index, len(o.Citations), MaxCitations)
		}
		for _, c := range o.Citations {
			if !passages[c] {
				return e, invalidf("option %d cites passage %q, which is not among the set's passages; drop unknown citations before recording", o.Index, c)
			}
		}
		if len(o.Flags) > MaxFlags {
			return e, invalidf("option %d has %d flags, more than the %d allowed", o.Index, len(o.Flags), MaxFlags)
		}
		for _, f := range o.Flags {
			if err := checkText("option", "flag", f, MaxLedgerShortLen); err != nil {
				return e, err
			}
		}
		o.Citations = append([]string{}, o.Citations...)
		if len(o.Flags) > 0 {
			o.Flags = append([]string(nil), o.Flags...)
		}
		opts[i] = o
	}
	e.Options = opts
	e.Passages = append([]LedgerPassage{}, e.Passages...)
	return e, nil
}

// Option returns the option with index i.
func (e LedgerEntry) Option(i int) (LedgerOption, bool) {
	for _, o := range e.Options {
		if o.Index == i {
			return o, true
		}
	}
	return LedgerOption{}, false
}

// NormalizedFor validates ev against the set it belongs to and fills in
// EditDistance (see LedgerEvent). It does not check ev.SetID against
// set.SetID's existence; the caller has loaded set. Errors wrap ErrInvalid.
func (ev LedgerEvent) NormalizedFor(set LedgerEntry) (LedgerEvent, error) {
	if !ev.Type.Valid() {
		return ev, invalidf("event type %q is not one of %s", ev.Type, joinQuoted(EventTypes))
	}
	if err := checkText("event", "agent", ev.Agent, MaxAgentNameLen); err != nil {
		return ev, err
	}
	ev.Agent = strings.TrimSpace(ev.Agent)
	if ev.Agent == "" {
		return ev, invalidf("the %s event has no agent; set your name in the profile", ev.Type)
	}
	if err := checkText("event", "final text", ev.FinalText, MaxFinalTextLen); err != nil {
		return ev, err
	}
	if err := checkText("event", "comment", ev.Comment, MaxLedgerCommentLen); err != nil {
		return ev, err
	}
	var opt LedgerOption
	if ev.OptionIndex == WholeSet {
		if ev.Type == EventInserted || ev.Type == EventEdited {
			return ev, invalidf("an %s event must name the option (OptionIndex); %d means the whole set", ev.Type, WholeSet)
		}
	} else {
		o, ok := set.Option(ev.OptionIndex)
		if !ok {
			return ev, invalidf("suggestion set %q has no option %d", set.SetID, ev.OptionIndex)
		}
		opt = o
	}
	switch {
	case ev.Type == EventDiscarded && ev.Reason == "":
		return ev, invalidf("say why the suggestion was discarded: one of %s", joinQuoted(DiscardReasons))
	case ev.Type == EventDiscarded && !ev.Reason.Valid():
		return ev, invalidf("discard reason %q is not one of %s", ev.Reason, joinQuoted(DiscardReasons))
	case ev.Type != EventDiscarded && ev.Reason != "":
		return ev, invalidf("only discarded events take a reason; this is a %s event", ev.Type)
	}
	if ev.EditDistance < 0 {
		return ev, invalidf("edit distance %d is negative", ev.EditDistance)
	}
	if ev.EditDistance == 0 && ev.FinalText != "" && ev.OptionIndex != WholeSet {
		ev.EditDistance = EditDistance(opt.Reply, ev.FinalText)
	}
	if !ev.At.IsZero() {
		ev.At = ev.At.UTC().Round(0)
	}
	return ev, nil
}

// MaxEditDistanceRunes bounds the work EditDistance does: after the common
// prefix and suffix are removed, at most this many runes of each side are
// compared exactly.
const MaxEditDistanceRunes = 4000

// EditDistance returns the Levenshtein distance between a and b counted in
// runes (insertions, deletions and substitutions each cost 1). It strips the
// common prefix and suffix first, then uses two rows of O(min(n, m)) memory.
// When the differing middles are longer than MaxEditDistanceRunes, only
// their first MaxEditDistanceRunes runes are compared and the longer
// remainder is added: an upper bound, never less than the true distance.
// Invalid UTF-8 bytes count as one rune each (U+FFFD).
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	for len(ra) > 0 && len(rb) > 0 && ra[0] == rb[0] {
		ra, rb = ra[1:], rb[1:]
	}
	for len(ra) > 0 && len(rb) > 0 && ra[len(ra)-1] == rb[len(rb)-1] {
		ra, rb = ra[:len(ra)-1], rb[:len(rb)-1]
	}
	extra := 0
	if len(ra) > MaxEditDistanceRunes || len(rb) > MaxEditDistanceRunes {
		restA := max(len(ra)-MaxEditDistanceRunes, 0)
		restB := max(len(rb)-MaxEditDistanceRunes, 0)
		extra = max(restA, restB)
		ra, rb = ra[:min(len(ra), MaxEditDistanceRunes)], rb[:min(len(rb), MaxEditDistanceRunes)]
	}
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(rb) == 0 {
		return len(ra) + extra
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] + extra
}
