package knowledge

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Outcome is what finally became of a suggestion set, as a supervisor
// reviews it.
type Outcome string

const (
	OutcomeShown     Outcome = "shown"     // shown, nothing done with it (yet)
	OutcomeInserted  Outcome = "inserted"  // an option was put in the draft, not sent (yet)
	OutcomeUsed      Outcome = "used"      // an option was sent as it was
	OutcomeEdited    Outcome = "edited"    // an option was sent after editing
	OutcomeDiscarded Outcome = "discarded" // discarded, nothing sent
)

// Outcomes lists the outcomes in display order.
var Outcomes = []Outcome{OutcomeUsed, OutcomeEdited, OutcomeDiscarded, OutcomeInserted, OutcomeShown}

// Valid reports whether o is a known outcome.
func (o Outcome) Valid() bool { return slices.Contains(Outcomes, o) }

// HeavyEditRatio: an edit counts as heavy when its edit distance is at least
// this share of the option's reply length (in runes).
const HeavyEditRatio = 0.5

// ReviewRow is one suggestion set as the supervisor review lists it: what
// the set was and what became of it. Stores keep one per set, updated in
// the transaction of every event (it is derived from the chained ledger,
// not part of it).
type ReviewRow struct {
	SetID        string        `json:"setId"`
	RequestID    string        `json:"requestId"`
	Subject      string        `json:"subject"` // the request's subject, filled by the core
	At           time.Time     `json:"at"`
	Agent        string        `json:"agent"`
	Department   string        `json:"department"` // of the set's first (best) passage's article
	Provider     string        `json:"provider"`
	Model        string        `json:"model"`
	Outcome      Outcome       `json:"outcome"`
	OptionIndex  int           `json:"optionIndex"` // the option used, inserted or discarded; WholeSet when none
	EditDistance int           `json:"editDistance"`
	ReplyLen     int           `json:"replyLen"` // runes of the option used
	Heavy        bool          `json:"heavy"`    // edit distance ≥ HeavyEditRatio × ReplyLen
	Unverified   bool          `json:"unverified"`
	Reason       DiscardReason `json:"reason,omitempty"`
	Events       int           `json:"events"`
	// Articles are the articles the option used cites, or, when none was
	// used, every article the set retrieved, in order, without repeats.
	Articles []string `json:"articles"`
}

// NewReviewRow is the row of a freshly recorded set; department is the
// department of its first passage's article ("" when unknown).
func NewReviewRow(e LedgerEntry, department string) ReviewRow {
	r := ReviewRow{SetID: e.SetID, RequestID: e.RequestID, At: e.At, Agent: e.Agent, Department: department,
		Provider: e.Provider, Model: e.Model, Outcome: OutcomeShown, OptionIndex: WholeSet}
	for _, o := range e.Options {
		if slices.Contains(o.Flags, "unverified") {
			r.Unverified = true
		}
	}
	r.Articles = setArticles(e, WholeSet)
	return r
}

// setArticles returns the articles option i cites, or all retrieved ones
// for WholeSet.
func setArticles(e LedgerEntry, option int) []string {
	out := []string{}
	for _, l := range e.Links() {
		if l.Option == option && !slices.Contains(out, l.ArticleID) {
			out = append(out, l.ArticleID)
		}
	}
	return out
}

// Apply returns the row after event ev of set e.
func (r ReviewRow) Apply(e LedgerEntry, ev LedgerEvent) ReviewRow {
	r.Events++
	settled := r.Outcome == OutcomeUsed || r.Outcome == OutcomeEdited
	useOption := func(i int) {
		r.OptionIndex = i
		if o, ok := e.Option(i); ok {
			r.ReplyLen = len([]rune(o.Reply))
			r.Unverified = slices.Contains(o.Flags, "unverified")
			r.Articles = setArticles(e, i)
		}
	}
	switch ev.Type {
	case EventInserted:
		if !settled && ev.OptionIndex != WholeSet {
			r.Outcome = OutcomeInserted
			useOption(ev.OptionIndex)
		}
	case EventEdited:
		if ev.OptionIndex != WholeSet {
			useOption(ev.OptionIndex)
			r.EditDistance = ev.EditDistance
			if !settled {
				r.Outcome = OutcomeInserted
			}
		}
	case EventDiscarded:
		if !settled {
			r.Outcome, r.Reason = OutcomeDiscarded, ev.Reason
			if ev.OptionIndex != WholeSet {
				r.OptionIndex = ev.OptionIndex
			}
		}
	case EventSent:
		if ev.OptionIndex == WholeSet {
			break
		}
		if r.OptionIndex != ev.OptionIndex {
			r.EditDistance = 0
		}
		useOption(ev.OptionIndex)
		if o, ok := e.Option(ev.OptionIndex); ok && ev.FinalText != "" && r.EditDistance == 0 && ev.FinalText != o.Reply {
			r.EditDistance = EditDistance(o.Reply, ev.FinalText)
		}
		r.Reason = ""
		if r.EditDistance > 0 {
			r.Outcome = OutcomeEdited
		} else {
			r.Outcome = OutcomeUsed
		}
	}
	r.Heavy = r.EditDistance > 0 && float64(r.EditDistance) >= HeavyEditRatio*float64(max(r.ReplyLen, 1))
	return r
}

// ReviewSort names a column the review list can be sorted by.
type ReviewSort string

const (
	SortAt           ReviewSort = "at"
	SortAgent        ReviewSort = "agent"
	SortEditDistance ReviewSort = "editDistance"
	SortOutcome      ReviewSort = "outcome"
)

// ReviewFilter narrows and orders the review list. Zero values mean "any".
type ReviewFilter struct {
	Since      time.Time  `json:"since,omitempty"` // Since <= At < Until
	Until      time.Time  `json:"until,omitempty"`
	Agent      string     `json:"agent,omitempty"`
	Department string     `json:"department,omitempty"`
	Outcome    Outcome    `json:"outcome,omitempty"`
	Provider   string     `json:"provider,omitempty"`
	Model      string     `json:"model,omitempty"`
	ArticleID  string     `json:"articleId,omitempty"` // sets that retrieved a passage of it
	Unverified bool       `json:"unverified,omitempty"`
	Sort       ReviewSort `json:"sort,omitempty"` // default SortAt
	Asc        bool       `json:"asc,omitempty"`  // default newest / largest first
	Offset     int        `json:"offset,omitempty"`
	Limit      int        `json:"limit,omitempty"` // default 50, at most MaxReviewPage
}

// MaxReviewPage caps one page of the review list.
const MaxReviewPage = 500

// Normalized checks f and fills the defaults. Errors wrap ErrInvalid.
func (f ReviewFilter) Normalized() (ReviewFilter, error) {
	switch f.Sort {
	case "":
		f.Sort = SortAt
	case SortAt, SortAgent, SortEditDistance, SortOutcome:
	default:
		return f, invalidf("the review list cannot be sorted by %q: use at, agent, editDistance or outcome", f.Sort)
	}
	if f.Outcome != "" && !f.Outcome.Valid() {
		return f, invalidf("outcome %q is not one of %s", f.Outcome, joinQuoted(Outcomes))
	}
	if f.Offset < 0 || f.Limit < 0 {
		return f, invalidf("the page offset and size cannot be negative")
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxReviewPage)
	f.Agent, f.Department = strings.TrimSpace(f.Agent), strings.TrimSpace(f.Department)
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		return f, invalidf("the period ends (%s) before it starts (%s)", f.Until.Format(time.DateOnly), f.Since.Format(time.DateOnly))
	}
	return f, nil
}

// ReviewPage is one page of the review list and the number of matching
// sets in all.
type ReviewPage struct {
	Rows  []ReviewRow `json:"rows"`
	Total int         `json:"total"`
}

// ExportRow is one ledger event with the set it belongs to, as exported.
type ExportRow struct {
	EventID      int64         `json:"eventId"`
	At           time.Time     `json:"at"`
	SetID        string        `json:"setId"`
	RequestID    string        `json:"requestId"`
	SetAt        time.Time     `json:"setAt"`
	Agent        string        `json:"agent"`
	Provider     string        `json:"provider"`
	Model        string        `json:"model"`
	Type         EventType     `json:"type"`
	OptionIndex  int           `json:"optionIndex"`
	EditDistance int           `json:"editDistance"`
	Reason       DiscardReason `json:"reason"`
	Comment      string        `json:"comment"`
	FinalText    string        `json:"finalText"`
	ChainHash    string        `json:"chainHash"`
}

// LedgerReview is what the supervisor review reads; every store keeps the
// review rows in step with the ledger.
type LedgerReview interface {
	// ReviewSets returns one page of the sets matching f (normalised).
	ReviewSets(ctx context.Context, f ReviewFilter) (ReviewPage, error)
	// ReviewSet returns one set and its review row, or ErrNotFound.
	ReviewSet(ctx context.Context, setID string) (LedgerEntry, ReviewRow, error)
	// ReviewAggregates counts the sets matching f's filters (paging
	// ignored) for the dashboard; the result equals AggregateRows over
	// the same rows.
	ReviewAggregates(ctx context.Context, f ReviewFilter) (ReviewAggregates, error)
	// EachReviewRow calls fn for every set matching f's filters (paging
	// ignored) in time order, without holding them all in memory.
	EachReviewRow(ctx context.Context, f ReviewFilter, fn func(ReviewRow) error) error
	// EachLedgerEvent calls fn for every event of the sets matching f's
	// filters, in event order, one at a time.
	EachLedgerEvent(ctx context.Context, f ReviewFilter, fn func(ExportRow) error) error
}
