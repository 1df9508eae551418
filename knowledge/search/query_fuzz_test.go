package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"concierge/knowledge"
	"concierge/knowledge/analysis"
	"concierge/knowledge/embed"
)

// fuzzArticles cover every field group: English (plain and stemmed),
// Russian, Thai and a generic language.
func fuzzArticles() []knowledge.Article {
	pub := func(id, lang, title, body string) knowledge.Article {
		return knowledge.Article{ID: id, Title: title, Body: body, Language: lang, Department: "billing",
			Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished, Version: 1}
	}
	return []knowledge.Article{
		pub("refunds", "en", "Refund policy", "## Eligibility\n\nCustomers can request a refund within 30 days.\n\n## How\n\nClick **Refund** in the admin panel."),
		pub("password", "en", "Resetting a password", "Send the reset link. It expires after 24 hours. Codes look like `<b>&x</b>`."),
		pub("vozvrat", "ru", "Возврат денег", "Клиенты могут вернуть деньги в течение 30 дней после покупки."),
		pub("khuen-ngoen", "th", "การคืนเงิน", "ลูกค้าสามารถขอคืนเงินได้ภายใน 30 วัน โดยกรอกแบบฟอร์ม OTP ที่ส่งทาง SMS"),
		pub("rueckerstattung", "de", "Rückerstattung", "Kunden können innerhalb von 30 Tagen eine Rückerstattung beantragen."),
	}
}

// hostileQueries are what users type and paste: Bleve query-string syntax
// (which Concierge does not interpret), operators, quotes, wildcards,
// lone punctuation, control and invisible characters, mixed scripts, and
// long pastes.
var hostileQueries = []string{
	"-refund", "+refund -password", "title:refund", "refund~2", "re*", "ref?nd", "\"unclosed phrase",
	"(((", ")", "[[x]]", "{a:b}", "\\", "/regex/", "a AND b OR NOT c", "^2", "refund^100",
	"???", "...", "!!!", "-", "--", "—", "…", "¿¡", "#", "@", "%%%", "***", "   ", "\t\n",
	"\x00", "ref\x00und", "\u200b", "\u200dre\u200cfund", "\u202eدنفير", "refund\ufeff", "🙂", "💳 refund",
	"возв", "возврат денег", "คืนเงิน", "คื", "ก", "ๆ", "ฯ", "refund คืน возврат", "Rückerst",
	"ＲＥＦＵＮＤ", "ﷺ", "Ⅻ", "x²", "refundrefundrefundrefundrefundrefundrefundrefundrefundrefund",
	strings.Repeat("refund ", 400), strings.Repeat("คืนเงิน", 300), strings.Repeat("a", 5000),
	strings.Repeat("passwrod ", 30) + "ref", "\xff\xfe", "refund\xc3",
}

func addQuerySeeds(f *testing.F) {
	f.Helper()
	b, err := os.ReadFile(filepath.Join("..", "sample", "testdata", "queries.json"))
	if err != nil {
		f.Fatal(err)
	}
	var golden []struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(b, &golden); err != nil || len(golden) == 0 {
		f.Fatalf("golden queries: %v", err)
	}
	for i, g := range golden {
		f.Add(g.Query, i%2 == 0, uint8(i))
		// As typed: every prefix of the first few.
		if i < 3 {
			for n := 1; n < len(g.Query); n += 7 {
				f.Add(g.Query[:n], true, uint8(0))
			}
		}
	}
	for i, q := range hostileQueries {
		f.Add(q, true, uint8(i))
		f.Add(q, false, uint8(i+1))
	}
}

// queryCost counts what a Bleve query will do: the analysed terms of each
// match query, and the prefix and fuzzy clauses.
type queryCost struct {
	clauses    int // leaf queries
	matchTerms int // the largest number of terms in one match query
	typo       int // prefix and fuzzy clauses
	longFuzzy  string
}

func measure(t *testing.T, q query.Query, c *queryCost) {
	switch x := q.(type) {
	case *query.DisjunctionQuery:
		if isPrefixExpansion(x) { // prefix.go: one typo clause of at most maxPrefixTerms terms
			c.clauses++
			c.typo++
			if len(x.Disjuncts) > maxPrefixTerms {
				t.Fatalf("a prefix expanded to %d terms, more than %d", len(x.Disjuncts), maxPrefixTerms)
			}
			return
		}
		for _, d := range x.Disjuncts {
			measure(t, d, c)
		}
	case *query.MatchNoneQuery: // a prefix with no completion
		c.clauses++
		c.typo++
	case *query.MatchQuery:
		c.clauses++
		terms, err := analysis.Terms(x.Analyzer, x.Match)
		if err != nil {
			t.Fatal(err)
		}
		c.matchTerms = max(c.matchTerms, len(terms))
	case *query.PrefixQuery:
		c.clauses++
		c.typo++
	case *query.FuzzyQuery:
		c.clauses++
		c.typo++
		if utf8.RuneCountInString(x.Term) > maxTypoRunes {
			c.longFuzzy = x.Term
		}
	default:
		t.Fatalf("unexpected query type %T", q)
	}
}

func isPrefixExpansion(d *query.DisjunctionQuery) bool {
	for _, q := range d.Disjuncts {
		if _, ok := q.(*query.TermQuery); !ok {
			return false
		}
	}
	return len(d.Disjuncts) > 0
}

// FuzzQuery: any query text, as typed or submitted, in any mode, returns a
// response and never an error; text without a letter or digit returns the
// empty state; the Bleve query built for it stays within fixed bounds (a
// property of the query, not a timer): at most two match queries per field
// group, each of at most 2·maxQueryRunes terms (a Thai run of n
// characters yields 2n−3 bigrams and trigrams), and at most
// (maxTypoTerms+1)·2 typo clauses per group.
func FuzzQuery(f *testing.F) {
	addQuerySeeds(f)
	ctx := context.Background()
	e, err := OpenMemory(ctx, embed.NewBuiltin(), Options{StemWeight: 0.5})
	if err != nil {
		f.Fatal(err)
	}
	defer e.Close()
	if err := e.Upsert(ctx, fuzzArticles()); err != nil {
		f.Fatal(err)
	}
	known := map[string]bool{}
	for _, a := range fuzzArticles() {
		known[a.ID] = true
	}
	modes := []Mode{ModeHybrid, ModeBM25, ModeVector, ""}
	maxClauses := len(langGroups) * 2 * (1 + maxTypoTerms + 1)
	f.Fuzz(func(t *testing.T, q string, asYouType bool, m uint8) {
		mode := modes[int(m)%len(modes)]
		resp, err := e.Search(ctx, Request{Query: q, Mode: mode, AsYouType: asYouType})
		if err != nil {
			t.Fatalf("Search(%q, %s, asYouType=%v) = %v", q, mode, asYouType, err)
		}
		cq := normQuery(q)
		if !hasWord(cq) && (len(resp.Results) != 0 || resp.Total != 0) {
			t.Fatalf("%q has no word but returned %d results", q, len(resp.Results))
		}
		for _, h := range resp.Results {
			if !known[h.ArticleID] || len(h.Passages) == 0 {
				t.Fatalf("%q: hit %q with %d passages", q, h.ArticleID, len(h.Passages))
			}
		}

		if n := utf8.RuneCountInString(cq); n > maxQueryRunes {
			t.Fatalf("clipped query has %d runes", n)
		}
		tq := e.textQuery(cq, asYouType)
		if tq == nil {
			return
		}
		var c queryCost
		measure(t, tq, &c)
		if c.clauses > maxClauses || c.matchTerms > 2*maxQueryRunes || c.typo > len(langGroups)*2*(maxTypoTerms+1) || c.longFuzzy != "" {
			t.Fatalf("query for %q (%d runes) is too costly: %+v (bounds: %d clauses, %d terms per match)",
				q, utf8.RuneCountInString(q), c, maxClauses, 2*maxQueryRunes)
		}
	})
}

func TestClipQuery(t *testing.T) {
	long := strings.Repeat("word ", 1000)
	got := clipQuery(long)
	if n := utf8.RuneCountInString(got); n > maxQueryRunes || n < maxQueryRunes-5 || strings.HasSuffix(got, " ") || !strings.HasSuffix(got, "word") {
		t.Errorf("clipQuery cut %d runes ending %q", n, got[len(got)-10:])
	}
	if got := clipQuery(strings.Repeat("ก", 3000)); utf8.RuneCountInString(got) != maxQueryRunes {
		t.Errorf("unbroken text: %d runes", utf8.RuneCountInString(got))
	}
	if clipQuery("short query") != "short query" {
		t.Error("short query changed")
	}
}

// Punctuation-only queries return the empty state in every mode, where
// hybrid mode used to return weak vector neighbours.
func TestPunctuationOnlyQueryIsEmpty(t *testing.T) {
	ctx := context.Background()
	e, err := OpenMemory(ctx, embed.NewBuiltin(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.Upsert(ctx, fuzzArticles()); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"???", "...", "-", "!!!", "—", "…", "🙂", "*", "¿?", "ๆ"} {
		for _, m := range []Mode{ModeHybrid, ModeBM25, ModeVector} {
			r, err := e.Search(ctx, Request{Query: q, Mode: m, AsYouType: true})
			if err != nil || len(r.Results) != 0 || r.Total != 0 {
				t.Errorf("%q in %s: %d results, %v", q, m, len(r.Results), err)
			}
		}
	}
	if r, err := e.Search(ctx, Request{Query: "refund?", Mode: ModeHybrid}); err != nil || len(r.Results) == 0 || r.Results[0].ArticleID != "refunds" {
		t.Errorf("a word with punctuation must still match: %+v, %v", r.Results, err)
	}
}
