package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// TestCompletionsBoundedToTheMostFrequent: a prefix with more completions
// than maxPrefixTerms expands to the most frequent ones only (the rare
// ones are dropped), never to a term the query already holds, and a
// prefix with no completion expands to nothing.
func TestCompletionsBoundedToTheMostFrequent(t *testing.T) {
	idx, err := bleve.NewMemOnly(bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	// Completion "payN" is in N+1 documents, so the 32 kept are
	// pay8..pay39 and pay0..pay7 are dropped.
	const total = maxPrefixTerms + 8
	b := idx.NewBatch()
	for n := 0; n < total; n++ {
		for k := 0; k <= n; k++ {
			id := fmt.Sprintf("d%02d-%02d", n, k)
			if err := b.Index(id, map[string]any{"body": fmt.Sprintf("pay%d %s", n, strings.Repeat("filler ", k%3))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	r := reader(t, idx)
	defer r.Close()
	got := completions(r, []string{"title", "body"}, []string{"pay"}, map[string]bool{"pay39": true}, nil)
	if len(got) != maxPrefixTerms {
		t.Fatalf("%d completions, want %d: %v", len(got), maxPrefixTerms, got)
	}
	for n := 0; n < total; n++ {
		term := fmt.Sprintf("pay%d", n)
		kept := slices.Contains(got, term)
		switch {
		case n == 39 && kept:
			t.Fatal("a term of the query was repeated as a completion")
		case n >= total-maxPrefixTerms-1 && n != 39 && !kept:
			t.Fatalf("%s (in %d documents) was dropped: %v", term, n+1, got)
		case n < total-maxPrefixTerms-1 && kept:
			t.Fatalf("%s (in %d documents) was kept over more frequent ones", term, n+1)
		}
	}
	if got := completions(r, []string{"title", "body"}, []string{"zzz"}, nil, nil); len(got) != 0 {
		t.Fatalf("a prefix with no completion expanded to %v", got)
	}
}

func reader(t *testing.T, idx bleve.Index) index.IndexReader {
	t.Helper()
	ix, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.Reader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSeveralTermsReadAsOne: the completions of a word being typed are
// scored as one term — a passage holding two of them is met once, its
// frequencies added up, and df is the largest of the terms' (Lucene's
// SynonymQuery) — and the unfinished word's completions are found.
func TestSeveralTermsReadAsOne(t *testing.T) {
	ctx := context.Background()
	e := newTypingEngine(t)
	r := reader(t, e.idx)
	defer r.Close()
	e.mu.RLock()
	defer e.mu.RUnlock()
	groups := withTyping(r, expansions{}, e.lexicalGroups("payo"), "payo", true)
	var alts []string
	for _, lg := range groups {
		for _, lt := range lg.terms {
			if strings.HasPrefix(lt.term, "prefix ") && lg.g.suffix == "en" {
				alts = lt.alts
			}
		}
	}
	if !slices.Equal(alts, []string{"payout", "payouts"}) && !slices.Equal(alts, []string{"payout"}) {
		t.Fatalf("completions of payo: %v", alts)
	}
	cs, err := e.openCursors(ctx, r, []lexGroup{{g: groups[0].g, terms: []lexTerm{{term: "x", qtf: 1, alts: []string{"payment", "payout"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	defer closeCursors(cs)
	if len(cs) != 1 {
		t.Fatalf("%d cursors", len(cs))
	}
	seen := map[string][2]float64{}
	acc := getAcc()
	defer putAcc(acc)
	df := 0
	err = cs[0].scanEach(nil, acc, true, func(s int32, x [2]float64) {
		ext, _ := r.ExternalID(acc.id(s))
		seen[ext] = x
		df++
	})
	if err != nil {
		t.Fatal(err)
	}
	// both#0 holds payment and payout, pay#0 payment twice, out#0 payout.
	if df != 3 || len(seen) != 3 {
		t.Fatalf("%d visits over %v, want the 3 passages once each", df, seen)
	}
	if cs[0].maxCount != 2 {
		t.Fatalf("df %d, want 2 (payment and payout are each in two passages)", cs[0].maxCount)
	}
	if seen["both#0"][1] <= seen["out#0"][1] {
		t.Fatalf("two of the terms in one passage must count more than one: %v", seen)
	}
}

// enTyping returns the as-you-type terms withTyping adds to the English
// group of q: the completions of its last word (zero when none) and the
// spelling variants. The caller holds e.mu.
func enTyping(e *Engine, r index.IndexReader, exp expansions, q string, typing bool) (prefix lexTerm, typos []lexTerm) {
	for _, lg := range withTyping(r, exp, e.lexicalGroups(q), q, typing) {
		for _, lt := range lg.terms {
			switch {
			case lg.g.suffix != "en":
			case strings.HasPrefix(lt.term, "prefix "):
				prefix = lt
			case strings.HasPrefix(lt.term, "typo "):
				typos = append(typos, lt)
			}
		}
	}
	return prefix, typos
}

func newTypingEngine(t *testing.T) *Engine {
	t.Helper()
	ctx := context.Background()
	e, err := Open(ctx, t.TempDir(), embed.NewBuiltin(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	art := func(id, title, body string) knowledge.Article {
		return knowledge.Article{ID: id, Title: title, Body: body, Language: "en", Status: knowledge.StatusPublished, Version: 1}
	}
	if err := e.Upsert(ctx, []knowledge.Article{
		art("both", "Money", "The payment and the payout are both late."),
		art("pay", "Card", "Your payment failed, so retry the payment."),
		art("out", "Partners", "A payout reaches partners weekly."),
		art("none", "Holidays", "The office closes on public holidays."),
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestExpansionsCachedPerGeneration: as-you-type expansions are reused
// while the index is unchanged and computed again after a write (a new
// article's words must become completions at once).
func TestExpansionsCachedPerGeneration(t *testing.T) {
	ctx := context.Background()
	e := newTypingEngine(t)
	expand := func() []string {
		r := reader(t, e.idx)
		defer r.Close()
		e.mu.RLock()
		defer e.mu.RUnlock()
		p, _ := enTyping(e, r, expansions{c: &e.lex.expand, gen: e.lex.gen.Load()}, "payo", true)
		return p.alts
	}
	first := expand()
	if len(e.lex.expand.m) == 0 {
		t.Fatal("nothing cached")
	}
	if again := expand(); !slices.Equal(first, again) {
		t.Fatalf("cached %v, first %v", again, first)
	}
	if err := e.Upsert(ctx, []knowledge.Article{{ID: "new", Title: "Payoff", Body: "The payoff letter.", Language: "en",
		Status: knowledge.StatusPublished, Version: 1}}); err != nil {
		t.Fatal(err)
	}
	if after := expand(); !slices.Contains(after, "payoff") {
		t.Fatalf("after a write the completions are %v: the new word is missing", after)
	}
}

// TestVariantsOnlyForWordsTheIndexLacks: a word the knowledge base uses is
// taken as meant (no spelling variants); a misspelt one gets them.
func TestVariantsOnlyForWordsTheIndexLacks(t *testing.T) {
	e := newTypingEngine(t)
	r := reader(t, e.idx)
	defer r.Close()
	e.mu.RLock()
	defer e.mu.RUnlock()
	typos := func(q string) map[string][]string {
		out := map[string][]string{}
		_, ts := enTyping(e, r, expansions{}, q, false)
		for _, lt := range ts {
			out[strings.TrimPrefix(lt.term, "typo ")] = lt.alts
		}
		return out
	}
	if got := typos("payment partners"); len(got) != 0 {
		t.Fatalf("words the index holds got variants: %v", got)
	}
	got := typos("paymnet partners")
	if len(got) != 1 || !slices.Contains(got["paymnet"], "payment") {
		t.Fatalf("variants of a misspelt word: %v", got)
	}
}

// TestShortFragmentsCompleteInTitles: an unfinished word of two letters
// is completed from titles and read in titles only ("pa" → "Partners"),
// unless no title has a completion ("re" → the bodies' "retry",
// "reaches"); from three letters the bodies count too. Stop words are
// never completions ("bot" is not "both"). A fragment that
// begins indexed words gets no spelling variants; one that begins none
// does ("paymant" → "payment").
func TestShortFragmentsCompleteInTitles(t *testing.T) {
	e := newTypingEngine(t)
	r := reader(t, e.idx)
	defer r.Close()
	e.mu.RLock()
	defer e.mu.RUnlock()
	typing := func(q string) (prefix lexTerm, typos []lexTerm) {
		return enTyping(e, r, expansions{}, q, true)
	}
	if p, _ := typing("pa"); !p.titleOnly || !slices.Equal(p.alts, []string{"partner"}) {
		t.Fatalf("pa: %+v, want the title word partner(s) only, read in titles", p)
	}
	if p, _ := typing("re"); p.titleOnly || !slices.Contains(p.alts, "retri") && !slices.Contains(p.alts, "retry") {
		t.Fatalf("re: %+v, want the body words (no title begins with re)", p)
	}
	if p, _ := typing("pay"); p.titleOnly || !slices.Contains(p.alts, "payment") {
		t.Fatalf("pay: %+v, want completions from bodies too", p)
	}
	if p, _ := typing("the bot"); len(p.alts) != 0 {
		t.Fatalf("bot: %v; the stop word both is no completion", p.alts)
	}
	if _, typos := typing("payou"); len(typos) != 0 {
		t.Fatalf("payou begins payout but got spelling variants %+v", typos)
	}
	if p, typos := typing("paymant"); len(p.alts) != 0 || len(typos) != 1 || !slices.Contains(typos[0].alts, "payment") {
		t.Fatalf("paymant: completions %v, variants %+v; want the variant payment", p.alts, typos)
	}
}
