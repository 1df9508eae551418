package editorial

import (
	"sort"
	"strings"

	"concierge/knowledge"
)

// Matches reports whether the article's id, title or a tag contains q
// (lower case).
func Matches(a knowledge.Article, q string) bool {
	if strings.Contains(a.ID, q) || strings.Contains(strings.ToLower(a.Title), q) {
		return true
	}
	for _, t := range a.Tags {
		if strings.Contains(strings.ToLower(t), q) {
			return true
		}
	}
	return false
}

// DiffArticles compares two versions of an article: changed title and
// metadata first, as delete/insert pairs, then the body lines. It never
// returns nil.
func DiffArticles(a, b knowledge.Article) []DiffLine {
	var out []DiffLine
	meta := func(name, x, y string) {
		if x == y {
			return
		}
		if x != "" {
			out = append(out, DiffLine{Op: OpDelete, Text: name + ": " + x})
		}
		if y != "" {
			out = append(out, DiffLine{Op: OpInsert, Text: name + ": " + y})
		}
	}
	date := func(a knowledge.Article) string {
		if a.ReviewBy.IsZero() {
			return ""
		}
		return a.ReviewBy.UTC().Format("2006-01-02")
	}
	meta("title", a.Title, b.Title)
	meta("department", a.Department, b.Department)
	meta("tags", strings.Join(a.Tags, ", "), strings.Join(b.Tags, ", "))
	meta("language", a.Language, b.Language)
	meta("audience", string(a.Audience), string(b.Audience))
	meta("status", string(a.Status), string(b.Status))
	meta("owner", a.Owner, b.Owner)
	meta("review by", date(a), date(b))
	out = append(out, Lines(a.Body, b.Body)...)
	if out == nil {
		out = []DiffLine{}
	}
	return out
}

// LinkCandidates returns up to limit articles whose id or title (or a word
// of the title) starts with prefix, id matches first, then title starts,
// then word starts, each in the input order.
func LinkCandidates(list []knowledge.Article, prefix string, limit int) []knowledge.Article {
	p := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(prefix), "[[")))
	type scored struct {
		a    knowledge.Article
		rank int
	}
	var hits []scored
	for _, a := range list {
		title := strings.ToLower(a.Title)
		rank := -1
		switch {
		case strings.HasPrefix(a.ID, p):
			rank = 0
		case strings.HasPrefix(title, p):
			rank = 1
		default:
			for _, w := range strings.Fields(title) {
				if strings.HasPrefix(w, p) {
					rank = 2
					break
				}
			}
		}
		if rank >= 0 {
			hits = append(hits, scored{a, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	out := make([]knowledge.Article, 0, min(len(hits), limit))
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].a)
	}
	return out
}
