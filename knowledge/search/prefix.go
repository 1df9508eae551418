package search

import (
	"context"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"concierge/knowledge/analysis"

	index "github.com/blevesearch/bleve_index_api"
)

// As you type, a query is scored by the same BM25F scan as a submitted
// one (lexical.go, lexscan.go), with two kinds of extra terms per language
// group, each read as one term over several dictionary terms (a lexCursor
// of several readers: frequencies add up, df counts passages holding any):
//
//   - the completions of the unfinished last word (weight 0.8), from the
//     field dictionaries of its typed form and, when different, its stem
//     ("cancell" → "cancel");
//   - the spelling variants of each of the last maxTypoTerms words of four
//     or more letters that the index does not hold (weight 0.5): dictionary
//     terms within edit distance 1, or 2 from eight letters, sharing the
//     first letter. A word the knowledge base itself uses is taken as
//     meant: "card" is not widened to "cart" and "care" (which cost
//     precision, and a Levenshtein walk of the dictionary per word and
//     keystroke); "refnud" still finds "refund". The unfinished last word
//     gets variants only when nothing begins with it ("refnu").
//
// Terms the query already holds are not repeated in either. Thai text is
// indexed as character n-grams and gets neither. The weights are the
// boosts the earlier Bleve prefix and fuzzy clauses had (set a priori; the
// retrieval suite has no as-you-type queries to choose them on).
const (
	prefixWeight = 0.8
	typoWeight   = 0.5
)

// maxPrefixTerms bounds how many dictionary terms the unfinished word of
// an as-you-type query expands to: the most frequent ones (document
// frequency, ties by term). A two- or three-letter prefix ("co", "pay")
// otherwise expands to hundreds of terms at 10k articles; the rare
// completions it drops are the least likely to be the word being typed,
// and the next keystroke narrows the prefix anyway. It bounds spelling
// variants too (closest first). 32 was set a priori (the retrieval suite
// has no as-you-type queries, so it cannot choose it).
const maxPrefixTerms = 32

// shortPrefixRunes: an unfinished word shorter than this ("pa", "ка") is
// completed against titles only, and its completions are read in titles
// only. Two letters begin too many body words to rank by ("pa": page,
// part, pay, past…): at 10k articles the union of their body postings is
// most passages, so reading it was the slowest as-you-type keystroke
// while its body matches ranked next to nothing; in titles the same
// letters name what is being looked for ("Password reset", "Parking").
// With no title completion, the bodies are read after all. 3 follows from
// that: from the third letter a prefix narrows like a word.
const shortPrefixRunes = 3

// typingTerms returns the as-you-type terms of group g for query q;
// typing is false when the query ends with a space (its last word is
// complete). have holds the group's query terms.
func typingTerms(r index.IndexReader, cache expansions, g langGroup, q string, typing bool, have []lexTerm) []lexTerm {
	if g.suffix == "th" {
		return nil
	}
	terms, err := analysis.Terms(g.analyzer, q)
	if err != nil || len(terms) == 0 {
		return nil
	}
	known := map[string]bool{}
	for _, t := range have {
		known[t.term] = true
	}
	fields := [2]string{"title_" + g.suffix, "body_" + g.suffix}
	var out []lexTerm
	last := terms[len(terms)-1]
	completed := false // the unfinished last word begins some indexed word
	if typing && utf8.RuneCountInString(last) >= 2 {
		prefixes := []string{last}
		if plain, _ := analysis.Terms(analysis.Generic, q); len(plain) > 0 && plain[len(plain)-1] != last {
			prefixes = append(prefixes, plain[len(plain)-1])
		}
		complete := func(fields []string) []string {
			key := "c\x00" + strings.Join(fields, "\x00") + "\x00" + strings.Join(prefixes, "\x00") + "\x00" + knownKey(known)
			alts, ok := cache.get(key)
			if !ok {
				alts = completions(r, fields, prefixes, known, stopTerms(g.analyzer))
				cache.put(key, alts)
			}
			return alts
		}
		var alts []string
		titleOnly := utf8.RuneCountInString(last) < shortPrefixRunes
		if titleOnly {
			alts = complete(fields[:1])
			titleOnly = len(alts) > 0
		}
		if !titleOnly {
			alts = complete(fields[:])
		}
		if len(alts) > 0 {
			out = append(out, lexTerm{term: "prefix " + last, qtf: prefixWeight, alts: alts, titleOnly: titleOnly})
			completed = true
		}
	}
	if len(terms) > maxTypoTerms {
		terms = terms[len(terms)-maxTypoTerms:] // the last ones, being typed
	}
	seen := map[string]bool{}
	for i, t := range terms {
		if completed && i == len(terms)-1 {
			// A fragment that begins indexed words is being typed, not
			// misspelt: its completions stand for it. (Looking for its
			// spelling variants built two Levenshtein automata per
			// keystroke, the slowest part of the slowest keystrokes.)
			continue
		}
		n := utf8.RuneCountInString(t)
		if n < 4 || n > maxTypoRunes || seen[t] {
			continue
		}
		seen[t] = true
		if inDictionary(r, fields, t) {
			continue // spelt as the knowledge base spells it
		}
		fuzz := 1
		if n >= 8 {
			fuzz = 2
		}
		key := "v\x00" + g.suffix + "\x00" + t + "\x00" + knownKey(known)
		alts, ok := cache.get(key)
		if !ok {
			alts = variants(r, fields, t, fuzz, known)
			cache.put(key, alts)
		}
		if len(alts) > 0 {
			out = append(out, lexTerm{term: "typo " + t, qtf: typoWeight, alts: alts})
		}
	}
	return out
}

// completions returns the most frequent dictionary terms of the fields
// that start with one of the prefixes, except the known ones and the stop
// words: a stop word is never the word being looked for, while its
// postings hold nearly every passage ("fro" → "from" was the slowest
// keystroke at 100k articles). Typed in full and followed by a space it
// is a query term like any other (stopweight.go).
func completions(r index.IndexReader, fields []string, prefixes []string, known, stop map[string]bool) []string {
	count := map[string]uint64{}
	for _, f := range fields {
		for _, p := range prefixes {
			d, err := r.FieldDictPrefix(f, []byte(p))
			if err != nil {
				continue
			}
			eachTerm(d, func(e *index.DictEntry) {
				if !known[e.Term] && !stop[e.Term] {
					count[e.Term] += e.Count
				}
			})
		}
	}
	return bestTerms(count, func(a, b uint64) bool { return a > b })
}

// variants returns the dictionary terms of the fields within the edit
// distance of term that share its first letter, except the known ones,
// the closest first.
func variants(r index.IndexReader, fields [2]string, term string, fuzz int, known map[string]bool) []string {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(term)
	dist := map[string]uint8{}
	for _, f := range fields {
		d, err := fr.FieldDictFuzzy(f, term, fuzz, string(first))
		if err != nil {
			continue
		}
		eachTerm(d, func(e *index.DictEntry) {
			if known[e.Term] || e.Term == term {
				return
			}
			if old, ok := dist[e.Term]; !ok || e.EditDistance < old {
				dist[e.Term] = e.EditDistance
			}
		})
	}
	return bestTerms(dist, func(a, b uint8) bool { return a < b })
}

// eachTerm calls fn with every entry of a field dictionary (a read error
// ends it, as the end does: an expansion is a best effort) and closes it.
func eachTerm(d index.FieldDict, fn func(*index.DictEntry)) {
	defer d.Close()
	for {
		e, err := d.Next()
		if err != nil || e == nil {
			return
		}
		fn(e)
	}
}

// bestTerms returns the maxPrefixTerms terms of m whose values come first
// under better (ties by term), sorted by term so that the same set is
// always the same cursor (and expansion cache key).
func bestTerms[V any](m map[string]V, better func(a, b V) bool) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := m[out[i]], m[out[j]]
		if better(a, b) || better(b, a) {
			return better(a, b)
		}
		return out[i] < out[j]
	})
	if len(out) > maxPrefixTerms {
		out = out[:maxPrefixTerms]
	}
	sort.Strings(out)
	return out
}

// withTyping adds the as-you-type terms to each group. cache (zero: none)
// remembers expansions for the index generation of r.
func withTyping(r index.IndexReader, cache expansions, groups []lexGroup, q string, typing bool) []lexGroup {
	out := make([]lexGroup, len(groups))
	for i, lg := range groups {
		extra := typingTerms(r, cache, lg.g, q, typing, lg.terms)
		out[i] = lexGroup{g: lg.g, terms: append(append([]lexTerm(nil), lg.terms...), extra...)}
	}
	return out
}

// endsTyping reports whether the raw query ends in the middle of a word.
func endsTyping(raw string) bool {
	return strings.TrimRight(raw, " \t\r\n\u00a0\u3000") == raw
}

// knownKey is the part of an expansion's cache key that names the query
// terms it leaves out.
func knownKey(known map[string]bool) string {
	ks := make([]string, 0, len(known))
	for k := range known {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, "\x01")
}

// expansionCache remembers the dictionary expansions of as-you-type
// queries for one index generation: each keystroke asks again for the
// spelling variants of every earlier word, and their dictionary walks
// (a Levenshtein automaton per word and field) were the largest cost of
// an as-you-type query after the postings. Bounded by expansionCacheMax entries.
type expansionCache struct {
	mu  sync.Mutex
	gen uint64 // generation of m
	m   map[string][]string
}

// expansions is the cache as one query sees it: at the index generation
// its reader holds. The zero value caches nothing.
type expansions struct {
	c   *expansionCache
	gen uint64
}

func (x expansions) get(key string) ([]string, bool) {
	if x.c == nil {
		return nil, false
	}
	x.c.mu.Lock()
	defer x.c.mu.Unlock()
	if x.c.gen != x.gen {
		return nil, false
	}
	v, ok := x.c.m[key]
	return v, ok
}

func (x expansions) put(key string, v []string) {
	if x.c == nil {
		return
	}
	x.c.mu.Lock()
	defer x.c.mu.Unlock()
	if x.c.m == nil || x.c.gen != x.gen || len(x.c.m) >= expansionCacheMax {
		x.c.m, x.c.gen = map[string][]string{}, x.gen
	}
	x.c.m[key] = v
}

// inDictionary reports whether term occurs in either field.
func inDictionary(r index.IndexReader, fields [2]string, term string) bool {
	for _, f := range fields {
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), f, false, false, false)
		if err != nil {
			continue
		}
		n := tfr.Count()
		tfr.Close()
		if n > 0 {
			return true
		}
	}
	return false
}
