package knowledge

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// The suggestion ledger is hash-chained: every record (a suggestion set or
// an event) gets, when it is appended, a link in one chain whose hash is
//
//	hash = hex(SHA-256(prev + "\n" + kind + "\n" + canonical(record)))
//
// where prev is the hash of the link before it ("" for the first) and
// canonical is ChainBytes below. Changing, removing or reordering a record
// (or a link) breaks every hash from there on, so VerifyChain names the
// first record that no longer matches. The chain is anchored in nothing
// outside the database: someone able to rewrite the whole table and every
// hash after a change goes undetected unless the head hash reported by
// VerifyChain was kept elsewhere (print it, export it, mail it).

// ChainKind says what a chain link covers.
type ChainKind string

const (
	ChainSet   ChainKind = "set"
	ChainEvent ChainKind = "event"
)

// ChainLink is one link of the ledger chain as a store reads it back: the
// link (Seq, Kind, Ref, Hash) and the record it covers as stored now. Set
// or Event is nil when the record is gone. A record that has no link is
// reported with Seq 0 and an empty Hash.
type ChainLink struct {
	Seq   int64        `json:"seq"`
	Kind  ChainKind    `json:"kind"`
	Ref   string       `json:"ref"` // set id, or event id in decimal
	Hash  string       `json:"hash"`
	Set   *LedgerEntry `json:"-"`
	Event *LedgerEvent `json:"-"`
}

// LedgerChain is implemented by stores that chain their ledger.
type LedgerChain interface {
	// WalkLedgerChain calls fn for every link in chain order, then for
	// every ledger record that has no link (Seq 0). It stops at the first
	// error fn returns and returns it. Only a person who may read every
	// ledger record (supervisor, admin) sees the whole chain.
	WalkLedgerChain(ctx context.Context, fn func(ChainLink) error) error
}

// ChainBreak names the first record where the chain no longer holds.
type ChainBreak struct {
	Seq    int64     `json:"seq"`
	Kind   ChainKind `json:"kind"`
	Ref    string    `json:"ref"`
	Reason string    `json:"reason"`
}

func (b ChainBreak) String() string {
	if b.Seq == 0 {
		return fmt.Sprintf("%s %s: %s", b.Kind, b.Ref, b.Reason)
	}
	return fmt.Sprintf("link %d (%s %s): %s", b.Seq, b.Kind, b.Ref, b.Reason)
}

// ChainReport is the result of verifying the ledger chain.
type ChainReport struct {
	Intact  bool        `json:"intact"`
	Checked int         `json:"checked"` // links verified before the break (all when intact)
	Head    string      `json:"head"`    // hash of the last verified link
	Broken  *ChainBreak `json:"broken,omitempty"`
}

// ChainVerifier checks links one at a time, in chain order; VerifyChain
// drives it over a store's walk. The zero value is ready to use.
type ChainVerifier struct {
	prev    string
	lastSeq int64
	checked int
	broken  *ChainBreak
}

// Add checks the next link and returns false once the chain is broken
// (at this link or before).
func (v *ChainVerifier) Add(l ChainLink) bool {
	if v.broken != nil {
		return false
	}
	fail := func(format string, args ...any) bool {
		v.broken = &ChainBreak{Seq: l.Seq, Kind: l.Kind, Ref: l.Ref, Reason: fmt.Sprintf(format, args...)}
		return false
	}
	if l.Seq == 0 {
		return fail("recorded in the ledger but not in its chain (added outside Concierge)")
	}
	if l.Seq <= v.lastSeq {
		return fail("link out of order (after link %d)", v.lastSeq)
	}
	var canon []byte
	switch {
	case l.Kind == ChainSet && l.Set != nil:
		if l.Set.SetID != l.Ref {
			return fail("the link names set %q but covers set %q", l.Ref, l.Set.SetID)
		}
		canon = l.Set.ChainBytes()
	case l.Kind == ChainEvent && l.Event != nil:
		if strconv.FormatInt(l.Event.ID, 10) != l.Ref {
			return fail("the link names event %s but covers event %d", l.Ref, l.Event.ID)
		}
		canon = l.Event.ChainBytes()
	case l.Kind == ChainSet || l.Kind == ChainEvent:
		return fail("the %s was removed from the ledger", l.Kind)
	default:
		return fail("unknown link kind %q", l.Kind)
	}
	if got := ChainHash(v.prev, l.Kind, canon); got != l.Hash {
		return fail("the %s does not match its hash: it was changed, or a link before it was removed or moved", l.Kind)
	}
	v.prev, v.lastSeq = l.Hash, l.Seq
	v.checked++
	return true
}

// Report returns what has been verified so far.
func (v *ChainVerifier) Report() ChainReport {
	return ChainReport{Intact: v.broken == nil, Checked: v.checked, Head: v.prev, Broken: v.broken}
}

// errChainStop ends a walk early once the chain is broken.
var errChainStop = fmt.Errorf("chain broken")

// VerifyChain walks the store's chain and reports whether it is intact or
// names the first broken link. It keeps one link in memory at a time.
func VerifyChain(ctx context.Context, c LedgerChain) (ChainReport, error) {
	var v ChainVerifier
	err := c.WalkLedgerChain(ctx, func(l ChainLink) error {
		if !v.Add(l) {
			return errChainStop
		}
		return nil
	})
	if err != nil && err != errChainStop {
		return ChainReport{}, err
	}
	return v.Report(), nil
}

// ChainHash is the hash of a link: SHA-256 over the previous link's hash,
// the kind and the record's canonical bytes, in hex.
func ChainHash(prev string, kind ChainKind, canonical []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write([]byte(kind))
	h.Write([]byte{'\n'})
	h.Write(canonical)
	return hex.EncodeToString(h.Sum(nil))
}

// chainEnc builds a canonical encoding: every field is its length in
// bytes, a colon and the bytes, so no two records encode alike.
type chainEnc []byte

func (b *chainEnc) str(s string) {
	*b = strconv.AppendInt(*b, int64(len(s)), 10)
	*b = append(*b, ':')
	*b = append(*b, s...)
}

func (b *chainEnc) int(n int64) { b.str(strconv.FormatInt(n, 10)) }

// chainTime is the instant in UTC with microseconds: the precision every
// store keeps.
func chainTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
}

// ChainBytes is the canonical encoding of a suggestion set for the chain.
func (e LedgerEntry) ChainBytes() []byte {
	var b chainEnc
	b.str("set/1")
	for _, s := range []string{e.SetID, e.RequestID, e.Agent, chainTime(e.At), e.Provider, e.Model, e.PromptHash} {
		b.str(s)
	}
	b.int(int64(len(e.Passages)))
	for _, p := range e.Passages {
		b.str(p.PassageID)
		b.str(p.ArticleID)
		b.int(int64(p.ArticleVersion))
	}
	b.int(int64(len(e.Options)))
	for _, o := range e.Options {
		b.int(int64(o.Index))
		b.str(o.Title)
		b.str(o.Reply)
		b.str(o.Kind)
		b.int(int64(len(o.Citations)))
		for _, c := range o.Citations {
			b.str(c)
		}
		b.int(int64(len(o.Flags)))
		for _, f := range o.Flags {
			b.str(f)
		}
	}
	return b
}

// ChainBytes is the canonical encoding of a ledger event for the chain.
func (ev LedgerEvent) ChainBytes() []byte {
	var b chainEnc
	b.str("event/1")
	b.int(ev.ID)
	for _, s := range []string{ev.SetID, chainTime(ev.At), ev.Agent, string(ev.Type)} {
		b.str(s)
	}
	b.int(int64(ev.OptionIndex))
	b.str(ev.FinalText)
	b.int(int64(ev.EditDistance))
	b.str(string(ev.Reason))
	b.str(ev.Comment)
	return b
}
