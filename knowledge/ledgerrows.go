package knowledge

import "sort"

// SuggestionTally sums ledger event counts per article: what every store's
// SuggestionSummary builds from its (article, event type, count) rows.
type SuggestionTally map[string]*ArticleSuggestionStats

// Add counts n events of type typ for article.
func (t SuggestionTally) Add(article string, typ EventType, n int) {
	st := t[article]
	if st == nil {
		st = &ArticleSuggestionStats{ArticleID: article}
		t[article] = st
	}
	switch typ {
	case EventShown:
		st.Shown += n
	case EventInserted:
		st.Inserted += n
	case EventEdited:
		st.Edited += n
	case EventDiscarded:
		st.Discarded += n
	case EventSent:
		st.Sent += n
	}
}

// Stats returns the per-article counts, most shown first, then by id.
func (t SuggestionTally) Stats() []ArticleSuggestionStats {
	out := make([]ArticleSuggestionStats, 0, len(t))
	for _, st := range t {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Shown != out[j].Shown {
			return out[i].Shown > out[j].Shown
		}
		return out[i].ArticleID < out[j].ArticleID
	})
	return out
}

// LedgerLink ties a suggestion set to an article: Option is WholeSet for
// an article the set retrieved, or the index of an option citing it.
type LedgerLink struct {
	Option    int
	ArticleID string
}

// Links returns (WholeSet, article) for every retrieved article and
// (option index, article) for every article an option cites: the rows
// every store keeps so that ledger events can be counted per article.
func (e LedgerEntry) Links() []LedgerLink {
	articleOf := make(map[string]string, len(e.Passages))
	var out []LedgerLink
	for _, p := range e.Passages {
		articleOf[p.PassageID] = p.ArticleID
		out = append(out, LedgerLink{WholeSet, p.ArticleID})
	}
	for _, o := range e.Options {
		for _, c := range o.Citations {
			out = append(out, LedgerLink{o.Index, articleOf[c]})
		}
	}
	return out
}
