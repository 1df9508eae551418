package core

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"concierge/knowledge"
)

// Curation loop: an article that suggestions were discarded against, or
// heavily edited against, CurationThreshold times or more within a window
// opens an item in the editors' attention list, with the diffs and the
// discard reasons. Resolving the item records what the editor changed (the
// versions saved since the suggestions cited it) and starts the count
// afresh.

// CurationThreshold is how many discards or heavy edits open an item.
const CurationThreshold = 3

// DefaultCurationWindowDays is the window when the caller gives none.
const DefaultCurationWindowDays = 30

// maxCurationEvidence bounds the sets shown per item.
const maxCurationEvidence = 10

// CurationEvidence is one discarded or heavily edited suggestion set.
type CurationEvidence struct {
	SetID   string                    `json:"setId"`
	At      time.Time                 `json:"at"`
	Agent   string                    `json:"agent"`
	Outcome knowledge.Outcome         `json:"outcome"`
	Reasons []knowledge.DiscardReason `json:"reasons"`
	Comment string                    `json:"comment"`
	Option  string                    `json:"option"`  // the option's reply
	Diff    []DiffOp                  `json:"diff"`    // option → text sent (heavy edits)
	Version int                       `json:"version"` // the article version the set cited
}

// CurationItem is one article needing an editor's look.
type CurationItem struct {
	ArticleID  string             `json:"articleId"`
	Title      string             `json:"title"`
	Version    int                `json:"version"` // current version
	Discards   int                `json:"discards"`
	HeavyEdits int                `json:"heavyEdits"`
	Since      time.Time          `json:"since"` // start of the counted period
	Evidence   []CurationEvidence `json:"evidence"`
}

// CurationResolution is what an editor recorded when resolving an item.
type CurationResolution struct {
	ArticleID   string        `json:"articleId"`
	At          time.Time     `json:"at"`
	Editor      string        `json:"editor"`
	Note        string        `json:"note"`
	FromVersion int           `json:"fromVersion"` // the oldest version the evidence cited
	ToVersion   int           `json:"toVersion"`   // the version when resolved
	Changes     []VersionNote `json:"changes"`     // the versions saved in between
	Discards    int           `json:"discards"`
	HeavyEdits  int           `json:"heavyEdits"`
}

// VersionNote is one saved version: who saved it, when, and their message.
type VersionNote struct {
	Version int       `json:"version"`
	Author  string    `json:"author"`
	Message string    `json:"message"`
	At      time.Time `json:"at"`
}

const metaCurationPrefix = "curation-resolved:"

// CurationItems lists the articles with CurationThreshold or more discards
// or heavy edits in the last windowDays days (0: DefaultCurationWindowDays)
// since their last resolution, most first. Editors and supervisors only.
func (c *Core) CurationItems(ctx context.Context, windowDays int) ([]CurationItem, error) {
	if err := c.reader(); err != nil {
		return nil, err
	}
	if windowDays <= 0 {
		windowDays = DefaultCurationWindowDays
	}
	since := c.clock().UTC().AddDate(0, 0, -windowDays)
	byArticle := map[string][]knowledge.ReviewRow{}
	err := c.store.EachReviewRow(ctx, knowledge.ReviewFilter{Since: since}, func(r knowledge.ReviewRow) error {
		if r.Outcome != knowledge.OutcomeDiscarded && !(r.Outcome == knowledge.OutcomeEdited && r.Heavy) {
			return nil
		}
		for _, a := range r.Articles {
			byArticle[a] = append(byArticle[a], r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []CurationItem{}
	for id, rows := range byArticle {
		start := since
		if res, ok, err := c.curationResolution(ctx, id); err != nil {
			return nil, err
		} else if ok && res.At.After(start) {
			start = res.At
		}
		var kept []knowledge.ReviewRow
		for _, r := range rows {
			if !r.At.Before(start) {
				kept = append(kept, r)
			}
		}
		if len(kept) < CurationThreshold {
			continue
		}
		item := CurationItem{ArticleID: id, Title: id, Since: start, Evidence: []CurationEvidence{}}
		if a, err := c.store.Get(ctx, id); err == nil {
			item.Title, item.Version = a.Title, a.Version
		}
		sort.Slice(kept, func(i, j int) bool { return kept[i].At.After(kept[j].At) })
		for _, r := range kept {
			if r.Outcome == knowledge.OutcomeDiscarded {
				item.Discards++
			} else {
				item.HeavyEdits++
			}
			if len(item.Evidence) < maxCurationEvidence {
				ev, err := c.curationEvidence(ctx, r, id)
				if err != nil {
					return nil, err
				}
				item.Evidence = append(item.Evidence, ev)
			}
		}
		out = append(out, item)
	}
	sort.Slice(out, func(i, j int) bool {
		ni, nj := out[i].Discards+out[i].HeavyEdits, out[j].Discards+out[j].HeavyEdits
		if ni != nj {
			return ni > nj
		}
		return out[i].ArticleID < out[j].ArticleID
	})
	return out, nil
}

func (c *Core) curationEvidence(ctx context.Context, r knowledge.ReviewRow, articleID string) (CurationEvidence, error) {
	ev := CurationEvidence{SetID: r.SetID, At: r.At, Agent: r.Agent, Outcome: r.Outcome, Reasons: []knowledge.DiscardReason{}, Diff: []DiffOp{}}
	set, _, err := c.store.ReviewSet(ctx, r.SetID)
	if err != nil {
		return ev, err
	}
	for _, p := range set.Passages {
		if p.ArticleID == articleID && (ev.Version == 0 || p.ArticleVersion < ev.Version) {
			ev.Version = p.ArticleVersion
		}
	}
	evs, err := c.store.Events(ctx, r.SetID)
	if err != nil {
		return ev, err
	}
	var comments []string
	for _, e := range evs {
		switch {
		case e.Type == knowledge.EventDiscarded:
			ev.Reasons = append(ev.Reasons, e.Reason)
			if e.Comment != "" {
				comments = append(comments, e.Comment)
			}
		case e.Type == knowledge.EventSent && e.OptionIndex != knowledge.WholeSet:
			if o, ok := set.Option(e.OptionIndex); ok {
				ev.Option, ev.Diff = o.Reply, WordDiff(o.Reply, e.FinalText)
			}
		}
	}
	if ev.Option == "" && r.OptionIndex != knowledge.WholeSet {
		if o, ok := set.Option(r.OptionIndex); ok {
			ev.Option = o.Reply
		}
	}
	ev.Comment = strings.Join(comments, "; ")
	return ev, nil
}

func (c *Core) curationResolution(ctx context.Context, articleID string) (CurationResolution, bool, error) {
	v, ok, err := c.store.Meta(ctx, metaCurationPrefix+articleID)
	if err != nil || !ok {
		return CurationResolution{}, false, err
	}
	var r CurationResolution
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return CurationResolution{}, false, nil // a damaged record counts as none
	}
	return r, true, nil
}

// ResolveCuration closes the item of articleID: it records who resolved it,
// their note and the versions saved since the evidence cited the article,
// and restarts the count. Editors only.
func (c *Core) ResolveCuration(ctx context.Context, articleID, note string, windowDays int) (CurationResolution, error) {
	editor, err := c.editor()
	if err != nil {
		return CurationResolution{}, err
	}
	items, err := c.CurationItems(ctx, windowDays)
	if err != nil {
		return CurationResolution{}, err
	}
	var item *CurationItem
	for i := range items {
		if items[i].ArticleID == articleID {
			item = &items[i]
		}
	}
	if item == nil {
		return CurationResolution{}, fmt.Errorf("article %q has no open curation item: %w", articleID, knowledge.ErrNotFound)
	}
	res := CurationResolution{ArticleID: articleID, At: time.Now().UTC(), Editor: editor, Note: strings.TrimSpace(note),
		ToVersion: item.Version, Discards: item.Discards, HeavyEdits: item.HeavyEdits, Changes: []VersionNote{}}
	for _, e := range item.Evidence {
		if e.Version > 0 && (res.FromVersion == 0 || e.Version < res.FromVersion) {
			res.FromVersion = e.Version
		}
	}
	if vs, err := c.store.Versions(ctx, articleID); err == nil {
		for _, v := range vs {
			if v.Version > res.FromVersion {
				res.Changes = append(res.Changes, VersionNote{Version: v.Version, Author: v.Author, Message: v.Message, At: v.At})
			}
		}
	}
	if len(res.Changes) == 0 && res.Note == "" {
		return CurationResolution{}, fmt.Errorf("the article has not changed since the suggestions cited it: edit it, or say in the note why no change is needed: %w", knowledge.ErrInvalid)
	}
	b, err := json.Marshal(res)
	if err != nil {
		return CurationResolution{}, err
	}
	if err := c.store.SetMeta(ctx, metaCurationPrefix+articleID, string(b)); err != nil {
		return CurationResolution{}, err
	}
	return res, nil
}

// CurationResolutionOf returns the last resolution recorded for an article
// (ok false when none).
func (c *Core) CurationResolutionOf(ctx context.Context, articleID string) (CurationResolution, bool, error) {
	if err := c.reader(); err != nil {
		return CurationResolution{}, false, err
	}
	return c.curationResolution(ctx, articleID)
}
