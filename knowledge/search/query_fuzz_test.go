package search

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"concierge/knowledge"
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

// queryCost counts what a query's scan will read: the analysed terms of
// each language group and the as-you-type terms with their dictionary
// terms.
type queryCost struct {
	groups     int
	groupTerms int // the largest number of plain terms in one group
	typo       int // as-you-type terms (completions, spelling variants)
	maxAlts    int // the largest number of dictionary terms read as one
}

func (e *Engine) measureQuery(t *testing.T, q string, asYouType, typing bool) queryCost {
	t.Helper()
	groups := e.lexicalGroups(q)
	if asYouType {
		r := reader(t, e.idx)
		defer r.Close()
		groups = withTyping(r, expansions{}, groups, q, typing)
	}
	var c queryCost
	for _, lg := range groups {
		c.groups++
		plain := 0
		for _, lt := range lg.terms {
			if len(lt.alts) == 0 {
				plain++
				continue
			}
			c.typo++
			c.maxAlts = max(c.maxAlts, len(lt.alts))
		}
		c.groupTerms = max(c.groupTerms, plain)
	}
	return c
}

// FuzzQuery: any query text, as typed or submitted, in any mode, returns a
// response and never an error; text without a letter or digit returns the
// empty state; the scan built for it stays within fixed bounds (a property
// of the query, not a timer): per language group at most 2·maxQueryRunes
// terms (a Thai run of n characters yields 2n−3 bigrams and trigrams), and
// as you type at most maxTypoTerms+1 extra terms, each reading at most
// maxPrefixTerms dictionary terms.
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
		c := e.measureQuery(t, cq, asYouType, endsTyping(q))
		if c.groups > len(langGroups) || c.groupTerms > 2*maxQueryRunes || c.typo > len(langGroups)*(maxTypoTerms+1) || c.maxAlts > maxPrefixTerms {
			t.Fatalf("query for %q (%d runes) is too costly: %+v (bounds: %d terms per group, %d extra terms per group, %d dictionary terms each)",
				q, utf8.RuneCountInString(q), c, 2*maxQueryRunes, maxTypoTerms+1, maxPrefixTerms)
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
