// Package synth generates a deterministic synthetic knowledge base for the
// search benchmarks: the same articles for in-process benchmarks, for the
// Markdown folder imported by the scale benchmark and for the Bleve-alone
// baseline, so every figure is measured on the same text.
//
// The vocabulary is English function words first, then a few hundred
// support-desk words, then 6,000 generated pseudo-words, Zipf-distributed
// (s = 1.07) like real text. An article has a title and four sections of two
// paragraphs (about 4.5 KB of Markdown, four passages).
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"concierge/knowledge"
)

// FunctionWords is the number of function words at the head of Words.
const FunctionWords = 25

// Words is the vocabulary, most frequent first.
var Words = append(strings.Fields(`the a to of and in for is on with you your can be if not this that it
by from at or are as we will`), append(strings.Fields(`account access activate address admin agent alert allowance app
application approve archive attachment audit authentication auto backup balance bank basket batch
billing block browser bug bundle calendar call cancel card carrier cart charge chargeback chat check
checkout claim client code collect company complaint confirm connect contact contract cookie copy cost
country coupon courier credit currency customer dashboard data date deadline debit decline default
delay delete delivery department deposit device discount dispatch display document domain download
draft driver due edit email employee enable error escalate estimate exchange expire export fail fee
field file filter finance firmware form fraud free gateway gift guarantee guest hardware help history
holiday hours identity import inbox install insurance integration invoice issue item key label language
late laptop ledger license limit link list load locale lock login logout loyalty mail manager manual
market member merchant message method migrate mobile modem monthly network notification number offer
office online order outage owner package page parcel partner password pay payment payroll pending
permission phone pickup plan policy portal postage price printer priority privacy product profile promo
purchase queue quote rate receipt recover refund region register reject release remote renew repair
replace report request reset restore return review reward router safety sale schedule screen secure
seller server service session setting setup shipment shipping signature sms software spam staff status
stock storage store subscription supplier support survey sync system tablet tax team template terms
ticket timezone token tracking transfer trial troubleshoot unlock update upgrade upload user username
vendor verify voucher wallet warehouse warranty webhook website weekly wifi window wire workflow
zone`), pseudoWords(6000)...)...)

// pseudoWords makes n distinct pronounceable words from a fixed seed.
func pseudoWords(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	on := strings.Fields("b c d f g h k l m n p r s t v w z br cl dr fr gr pl pr st tr sh ch th")
	nu := strings.Fields("a e i o u ai ea io ou")
	co := strings.Fields("n r s t l m x nd rt st ng ck")
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var b strings.Builder
		for k := 0; k < 2+r.IntN(2); k++ {
			b.WriteString(on[r.IntN(len(on))])
			b.WriteString(nu[r.IntN(len(nu))])
		}
		if r.IntN(2) == 0 {
			b.WriteString(co[r.IntN(len(co))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Generator produces articles and queries from a seed.
type Generator struct {
	r    *rand.Rand
	zipf *rand.Zipf
}

// New returns a generator; the same seed gives the same sequence.
func New(seed uint64) *Generator {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &Generator{r: r, zipf: rand.NewZipf(r, 1.07, 2, uint64(len(Words)-1))}
}

func (g *Generator) word() string { return Words[g.zipf.Uint64()] }

func (g *Generator) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.word()
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

// Article returns the i-th article of the sequence.
func (g *Generator) Article(i int) knowledge.Article {
	var b strings.Builder
	for sec := 0; sec < 4; sec++ {
		fmt.Fprintf(&b, "## %s\n\n", g.sentence(2+g.r.IntN(3)))
		for p := 0; p < 2; p++ {
			for k := 0; k < 4+g.r.IntN(3); k++ {
				b.WriteString(g.sentence(6 + g.r.IntN(10)))
				b.WriteByte(' ')
			}
			b.WriteString("\n\n")
		}
	}
	depts := []string{"billing", "accounts", "logistics", "tech", "sales"}
	return knowledge.Article{
		ID: fmt.Sprintf("kb-%06d", i), Title: g.sentence(3 + g.r.IntN(4)), Body: b.String(),
		Department: depts[g.r.IntN(len(depts))], Tags: []string{g.word(), g.word()},
		Language: "en", Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished, Version: 1,
	}
}

// Articles returns the first n articles of seed 42.
func Articles(n int) []knowledge.Article {
	g := New(42)
	out := make([]knowledge.Article, n)
	for i := range out {
		out[i] = g.Article(i)
	}
	return out
}

// Queries returns n queries of two to five words: mostly content words
// (ranks 25–3000), occasionally a function word.
func Queries(n int) []string {
	g := New(7)
	out := make([]string, n)
	for i := range out {
		w := make([]string, 2+g.r.IntN(4))
		for j := range w {
			if g.r.IntN(5) == 0 {
				w[j] = Words[g.r.IntN(FunctionWords)]
			} else {
				w[j] = Words[FunctionWords+g.r.IntN(3000)]
			}
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}

// Prefixes turns queries into what a user has typed so far: every word but
// the last complete, the last one cut to two to four letters (as-you-type
// queries, answered with a prefix query on the last term).
func Prefixes(queries []string) []string {
	out := make([]string, len(queries))
	for i, q := range queries {
		f := strings.Fields(q)
		last := f[len(f)-1]
		n := min(len(last), 2+i%3)
		f[len(f)-1] = last[:n]
		out[i] = strings.Join(f, " ")
	}
	return out
}

// Markdown renders an article as a file with YAML front matter.
func Markdown(a knowledge.Article) string {
	return fmt.Sprintf("---\nid: %s\ntitle: %q\ndepartment: %s\ntags: [%s]\nlanguage: %s\naudience: %s\nstatus: %s\n---\n\n%s",
		a.ID, a.Title, a.Department, strings.Join(a.Tags, ", "), a.Language, a.Audience, a.Status, a.Body)
}
