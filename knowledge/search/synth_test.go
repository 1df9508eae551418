package search_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"concierge/knowledge"
)

// Deterministic synthetic knowledge base for benchmarks. The vocabulary is
// English function words first, then a few hundred support-desk words,
// then ~6,000 generated pseudo-words, Zipf-distributed (s = 1.07) like real
// text; articles have three sections of two paragraphs each.
var synthWords = append(strings.Fields(`the a to of and in for is on with you your can be if not this that it
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

type synth struct {
	r    *rand.Rand
	zipf *rand.Zipf
}

func newSynth(seed uint64) *synth {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &synth{r: r, zipf: rand.NewZipf(r, 1.07, 2, uint64(len(synthWords)-1))}
}

func (s *synth) word() string { return synthWords[s.zipf.Uint64()] }

func (s *synth) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = s.word()
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func (s *synth) article(i int) knowledge.Article {
	var b strings.Builder
	for sec := 0; sec < 3; sec++ {
		fmt.Fprintf(&b, "## %s\n\n", s.sentence(2+s.r.IntN(3)))
		for p := 0; p < 2; p++ {
			for k := 0; k < 3+s.r.IntN(3); k++ {
				b.WriteString(s.sentence(6 + s.r.IntN(10)))
				b.WriteByte(' ')
			}
			b.WriteString("\n\n")
		}
	}
	depts := []string{"billing", "accounts", "logistics", "tech", "sales"}
	return knowledge.Article{
		ID: fmt.Sprintf("kb-%05d", i), Title: s.sentence(3 + s.r.IntN(4)), Body: b.String(),
		Department: depts[s.r.IntN(len(depts))], Tags: []string{s.word(), s.word()},
		Language: "en", Audience: knowledge.AudienceCustomer, Status: knowledge.StatusPublished, Version: 1,
	}
}

func synthArticles(n int) []knowledge.Article {
	s := newSynth(42)
	out := make([]knowledge.Article, n)
	for i := range out {
		out[i] = s.article(i)
	}
	return out
}

func synthQueries(n int) []string {
	s := newSynth(7)
	out := make([]string, n)
	for i := range out {
		// Queries are mostly content words: ranks 25–3000, occasionally a
		// function word.
		w := make([]string, 2+s.r.IntN(4))
		for j := range w {
			if s.r.IntN(5) == 0 {
				w[j] = synthWords[s.r.IntN(25)]
			} else {
				w[j] = synthWords[25+s.r.IntN(3000)]
			}
		}
		out[i] = strings.Join(w, " ")
	}
	return out
}
