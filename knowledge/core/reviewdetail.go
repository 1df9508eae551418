package core

import (
	"context"
	"fmt"

	"concierge/knowledge"
)

// CitedPassage is a passage a suggestion set retrieved, as it read in the
// article version the set cited (not the current one).
type CitedPassage struct {
	PassageID      string   `json:"passageId"`
	ArticleID      string   `json:"articleId"`
	ArticleTitle   string   `json:"articleTitle"`
	ArticleVersion int      `json:"articleVersion"`
	Headings       []string `json:"headings"`
	Text           string   `json:"text"`
	// Current is false when the article has changed since that version.
	Current bool `json:"current"`
	// Missing says why the passage cannot be shown ("" when it can).
	Missing string `json:"missing,omitempty"`
}

// ReviewDetail is everything a supervisor sees about one suggestion set.
type ReviewDetail struct {
	Row      knowledge.ReviewRow       `json:"row"`
	Set      knowledge.LedgerEntry     `json:"set"`
	Events   []knowledge.LedgerEvent   `json:"events"`
	Subject  string                    `json:"subject"`
	Excerpt  string                    `json:"excerpt"` // the customer's first message, shortened
	Used     int                       `json:"used"`    // index of the option used; -1: none
	Sent     string                    `json:"sent"`    // the text the agent sent ("" when nothing was sent)
	Diff     []DiffOp                  `json:"diff"`    // from the option used to the text sent
	Passages []CitedPassage            `json:"passages"`
	Reasons  []knowledge.DiscardReason `json:"reasons"`
}

const maxExcerptRunes = 600

// ReviewDetail returns one suggestion set with its events, the diff between
// the option used and the text sent, and its passages replayed from the
// article versions it cited. Agents may open only their own sets.
func (c *Core) ReviewDetail(ctx context.Context, setID string) (ReviewDetail, error) {
	set, row, err := c.store.ReviewSet(ctx, setID)
	if err != nil {
		return ReviewDetail{}, err
	}
	if c.supervisor() != nil && set.Agent != c.profile().Name {
		return ReviewDetail{}, c.roleError(ErrNeedsSupervisor, RoleSupervisor)
	}
	evs, err := c.store.Events(ctx, setID)
	if err != nil {
		return ReviewDetail{}, err
	}
	d := ReviewDetail{Set: set, Events: nonNil(evs), Used: knowledge.WholeSet, Diff: []DiffOp{}, Reasons: []knowledge.DiscardReason{}}
	for _, ev := range evs {
		if ev.Type == knowledge.EventSent && ev.OptionIndex != knowledge.WholeSet {
			d.Used, d.Sent = ev.OptionIndex, ev.FinalText
		}
		if ev.Type == knowledge.EventDiscarded {
			d.Reasons = append(d.Reasons, ev.Reason)
		}
	}
	d.Row = row
	d.Row.Articles = nonNil(d.Row.Articles)
	if d.Used != knowledge.WholeSet {
		if o, ok := set.Option(d.Used); ok {
			d.Diff = WordDiff(o.Reply, d.Sent)
		}
	}
	if set.RequestID != "" {
		if req, err := c.store.GetRequest(ctx, set.RequestID); err == nil {
			d.Subject = req.Subject
			for _, m := range req.Messages {
				if m.Author == knowledge.AuthorCustomer {
					d.Excerpt = shorten(m.Text, maxExcerptRunes)
					break
				}
			}
		}
	}
	d.Row.Subject = d.Subject
	titles := map[string]string{}
	for _, p := range set.Passages {
		c.title(ctx, titles, p.ArticleID)
		cp := CitedPassage{PassageID: p.PassageID, ArticleID: p.ArticleID, ArticleTitle: titles[p.ArticleID], ArticleVersion: p.ArticleVersion, Headings: []string{}}
		pv, err := c.PassageAt(ctx, p.PassageID, p.ArticleVersion)
		if err != nil {
			cp.Missing = fmt.Sprintf("version %d of this article cannot be read: %v", p.ArticleVersion, err)
		} else {
			cp.Headings, cp.Text, cp.Current = nonNil(pv.Headings), pv.Text, pv.Current
		}
		d.Passages = append(d.Passages, cp)
	}
	d.Passages = nonNil(d.Passages)
	fillEmpty(&d)
	return d, nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
