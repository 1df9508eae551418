package feedback

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"concierge/knowledge/analysis"

	blevean "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
)

// ErrSource wraps failures to read evidence.
var ErrSource = errors.New("feedback: reading evidence failed")

// Kind is what the user did with a result.
type Kind string

const (
	Open   Kind = "open"   // opened the article from the results
	Cite   Kind = "cite"   // cited it in a reply option
	Insert Kind = "insert" // inserted its text into a reply
)

// Event is one use of an article after a search.
type Event struct {
	Query     string
	ArticleID string
	User      string
	Kind      Kind
	At        time.Time
}

// Source yields the events recorded after a time, oldest first. The
// consumer implements it over its query log and ledger.
type Source interface {
	Events(ctx context.Context, since time.Time) ([]Event, error)
}

// Options tune a Model; the zero value means the defaults. The defaults are
// product choices, not fitted to any collection: a use counts for half as
// much after HalfLife; a user's evidence for one query and article is
// capped at one open-equivalent use per day of decay, so a burst counts
// once; and nothing is boosted until MinUsers different users agree.
type Options struct {
	// HalfLife of evidence (default 30 days).
	HalfLife time.Duration
	// UserCap bounds one user's decayed weight for one query and article
	// (default 1: one open).
	UserCap float64
	// MinUsers is the number of distinct users whose evidence an article
	// needs for a query before it is boosted (default 2).
	MinUsers int
	// MinSimilarity is the Jaccard similarity of content words from which
	// a logged query counts as "like" a new one (default 0.5).
	MinSimilarity float64
	// Saturation is the evidence (in capped user uses) that gives about
	// 63 % of the maximum boost of 1 (default 3).
	Saturation float64
	// Now returns the current time (default time.Now; tests set it).
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.HalfLife <= 0 {
		o.HalfLife = 30 * 24 * time.Hour
	}
	if o.UserCap <= 0 {
		o.UserCap = 1
	}
	if o.MinUsers <= 0 {
		o.MinUsers = 2
	}
	if o.MinSimilarity <= 0 {
		o.MinSimilarity = 0.5
	}
	if o.Saturation <= 0 {
		o.Saturation = 3
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// kindWeight: citing or inserting is stronger evidence than opening.
var kindWeight = map[Kind]float64{Open: 1, Cite: 2, Insert: 2}

// use is one user's evidence for a query and an article.
type use struct {
	weight float64   // decayed to at
	at     time.Time // last use
}

// entry is what is known about one normalised query.
type entry struct {
	query string                     // as first seen
	terms map[string]bool            // content stems
	uses  map[string]map[string]*use // article → user → use
}

// Model is the click model. It is safe for concurrent use.
type Model struct {
	src  Source
	opts Options

	mu       sync.RWMutex
	entries  map[string]*entry    // normalised query → entry
	resets   map[string]time.Time // article → evidence before this is ignored
	resetAll time.Time
	since    time.Time // events read up to here
	stop     blevean.TokenMap
}

// New returns a model fed by src (nil: only Record feeds it).
func New(src Source, opts Options) *Model {
	m := &Model{src: src, opts: opts.withDefaults(), entries: map[string]*entry{},
		resets: map[string]time.Time{}, stop: blevean.NewTokenMap()}
	_ = m.stop.LoadBytes(en.EnglishStopWords)
	_ = m.stop.LoadBytes(ru.RussianStopWords)
	return m
}

// Refresh reads the events recorded since the last refresh.
func (m *Model) Refresh(ctx context.Context) error {
	if m.src == nil {
		return nil
	}
	m.mu.RLock()
	since := m.since
	m.mu.RUnlock()
	evs, err := m.src.Events(ctx, since)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrSource, err)
	}
	for _, ev := range evs {
		m.Record(ev)
	}
	return nil
}

// Record adds one event.
func (m *Model) Record(ev Event) {
	key, terms := m.normalise(ev.Query)
	w := kindWeight[ev.Kind]
	if key == "" || ev.ArticleID == "" || w == 0 {
		return
	}
	if ev.At.IsZero() {
		ev.At = m.opts.Now()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if ev.At.After(m.since) {
		m.since = ev.At
	}
	if !ev.At.After(m.resetAll) || !ev.At.After(m.resets[ev.ArticleID]) {
		return
	}
	e := m.entries[key]
	if e == nil {
		e = &entry{query: ev.Query, terms: terms, uses: map[string]map[string]*use{}}
		m.entries[key] = e
	}
	byUser := e.uses[ev.ArticleID]
	if byUser == nil {
		byUser = map[string]*use{}
		e.uses[ev.ArticleID] = byUser
	}
	u := byUser[ev.User]
	if u == nil {
		byUser[ev.User] = &use{weight: min(w, m.opts.UserCap), at: ev.At}
		return
	}
	if ev.At.After(u.at) {
		u.weight = m.decay(u.weight, ev.At.Sub(u.at))
		u.at = ev.At
	}
	u.weight = min(u.weight+w, m.opts.UserCap)
}

func (m *Model) decay(w float64, age time.Duration) float64 {
	age = max(age, 0) // clocks differ: evidence from "the future" is fresh
	return w * math.Exp2(-float64(age)/float64(m.opts.HalfLife))
}

// normalise returns a query's key (its sorted content stems) and the stems.
// Stop words (Bleve's public English and Russian lists) are left out of
// the comparison so "how do I" does not make queries alike.
func (m *Model) normalise(q string) (string, map[string]bool) {
	an := analysis.ForLanguage(analysis.Detect(q))
	ts, err := analysis.Terms(an, q)
	if err != nil {
		return "", nil
	}
	raw, _ := analysis.Terms(analysis.Generic, q)
	stops := map[string]bool{}
	for _, w := range raw {
		if m.stop[w] {
			stops[analysis.StemWord(w)] = true
		}
	}
	set := map[string]bool{}
	for _, t := range ts {
		if !stops[t] {
			set[t] = true
		}
	}
	if len(set) == 0 {
		for _, t := range ts {
			set[t] = true
		}
	}
	keys := make([]string, 0, len(set))
	for t := range set {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	return strings.Join(keys, " "), set
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for t := range a {
		if b[t] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// Boosts returns, for a query, a boost in (0, 1] per article that users
// chose after like queries: Σ over like queries of similarity × the
// saturated, decayed, per-user-capped evidence, for articles with evidence
// from at least MinUsers users; the largest is 1 at most.
func (m *Model) Boosts(ctx context.Context, query string) map[string]float64 {
	_, terms := m.normalise(query)
	if len(terms) == 0 {
		return nil
	}
	now := m.opts.Now()
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := map[string]float64{}
	for _, e := range m.entries {
		sim := jaccard(terms, e.terms)
		if sim < m.opts.MinSimilarity {
			continue
		}
		for aid, byUser := range e.uses {
			if len(byUser) < m.opts.MinUsers {
				continue
			}
			var total float64
			for _, u := range byUser {
				total += m.decay(u.weight, now.Sub(u.at))
			}
			out[aid] = max(out[aid], sim*(1-math.Exp(-total/m.opts.Saturation)))
		}
	}
	return out
}

// Learned is one learned association, for editors.
type Learned struct {
	Query     string    `json:"query"`
	ArticleID string    `json:"articleId"`
	Users     int       `json:"users"`
	Weight    float64   `json:"weight"` // decayed, capped evidence
	Active    bool      `json:"active"` // enough users to boost
	LastUsed  time.Time `json:"lastUsed"`
}

// List returns what the model has learned, strongest first.
func (m *Model) List() []Learned {
	now := m.opts.Now()
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Learned
	for _, e := range m.entries {
		for aid, byUser := range e.uses {
			l := Learned{Query: e.query, ArticleID: aid, Users: len(byUser), Active: len(byUser) >= m.opts.MinUsers}
			for _, u := range byUser {
				l.Weight += m.decay(u.weight, now.Sub(u.at))
				if u.at.After(l.LastUsed) {
					l.LastUsed = u.at
				}
			}
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		if out[i].ArticleID != out[j].ArticleID {
			return out[i].ArticleID < out[j].ArticleID
		}
		return out[i].Query < out[j].Query
	})
	return out
}

// Reset forgets what was learned for the given articles (none: for every
// article). Evidence recorded before the reset is ignored if read again.
func (m *Model) Reset(articleIDs ...string) {
	now := m.opts.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(articleIDs) == 0 {
		m.entries = map[string]*entry{}
		m.resetAll = now
		return
	}
	for _, aid := range articleIDs {
		m.resets[aid] = now
		for k, e := range m.entries {
			delete(e.uses, aid)
			if len(e.uses) == 0 {
				delete(m.entries, k)
			}
		}
	}
}
