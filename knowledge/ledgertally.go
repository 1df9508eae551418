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
