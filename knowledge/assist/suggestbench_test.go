package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/passage"
	"concierge/knowledge/sample"
)

// The suggestion benchmark: 48 requests against the sample knowledge base
// (testdata/bench/requests.json: single questions, several questions in one
// request, questions spanning departments, paraphrases, Russian, Thai and
// off-topic), each with the articles that answer each of its questions,
// drafted the default way (no model, retrieval per question with the real
// search engine and built-in embedder) and scored.

type benchRequest struct {
	Name     string     `json:"name"`
	Kind     string     `json:"kind"`
	Subject  string     `json:"subject"`
	Messages []string   `json:"messages"`
	Answers  [][]string `json:"answers"` // per question: the articles that answer it
}

// benchScore is the benchmark's result.
type benchScore struct {
	inKB, answered         int // requests the KB answers; of those, not "not in KB"
	covered                int // of inKB, the first option cites an answering article for every question
	offTopic, honest       int // off-topic requests; of those, not-in-KB with nothing verified
	options, verified      int // options of answered requests; of those, verified
	internalInReply        int // options whose reply holds a sentence of an internal article
	placeholders, unmarked int // options whose reply holds a placeholder; of those, not listed as gaps
	misses                 []string
}

func loadBench(t testing.TB) []benchRequest {
	t.Helper()
	b, err := os.ReadFile("testdata/bench/requests.json")
	if err != nil {
		t.Fatal(err)
	}
	var rs []benchRequest
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatal(err)
	}
	if len(rs) < 40 {
		t.Fatalf("%d benchmark requests, want at least 40", len(rs))
	}
	return rs
}

// internalSentences are the sentences (25 runes or more) of the sample's
// internal articles, as passages hold them.
func internalSentences(t testing.TB) map[string]bool {
	t.Helper()
	arts, err := loadArticles(sample.FS())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range arts {
		if a.Audience == knowledge.AudienceCustomer {
			continue
		}
		for _, p := range passage.Split(a, 0) {
			for _, s := range splitSentences(p.Text) {
				if len([]rune(s)) >= 25 {
					out[normSpace(s)] = true
				}
			}
		}
	}
	return out
}

func runSuggestionBench(t testing.TB, e *Engine, r Retriever, reqs []benchRequest, internal map[string]bool) benchScore {
	var sc benchScore
	for _, br := range reqs {
		req := Request{Subject: br.Subject, Customer: Customer{Name: "<b>Sam</b> Lee"}}
		for _, m := range br.Messages {
			req.Messages = append(req.Messages, Message{Author: AuthorCustomer, Text: m})
		}
		sug, err := e.SuggestFor(context.Background(), req, r, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if br.Kind == "offtopic" {
			sc.offTopic++
			ok := sug.NotInKB
			for _, o := range sug.Options {
				ok = ok && !o.Verified()
			}
			if ok {
				sc.honest++
			} else {
				sc.misses = append(sc.misses, fmt.Sprintf("%s: answered off-topic request with %q", br.Name, sug.Options[0].Title))
			}
			continue
		}
		sc.inKB++
		if sug.NotInKB {
			sc.misses = append(sc.misses, fmt.Sprintf("%s: not in KB (questions %+v)", br.Name, sug.Questions))
			continue
		}
		sc.answered++
		cited := map[string]bool{}
		for _, c := range sug.Options[0].Citations {
			cited[c.ArticleID] = true
		}
		all := true
		for qi, arts := range br.Answers {
			hit := false
			for _, a := range arts {
				hit = hit || cited[a]
			}
			if !hit {
				all = false
				sc.misses = append(sc.misses, fmt.Sprintf("%s: question %d not covered (cited %v)", br.Name, qi+1, keys(cited)))
			}
		}
		if all {
			sc.covered++
		}
		for _, o := range sug.Options {
			sc.options++
			if o.Verified() {
				sc.verified++
			} else {
				var why []string
				for _, l := range [][]SentenceCheck{o.Sentences, o.TitleChecks, o.StepChecks} {
					for _, s := range l {
						if !s.Supported {
							why = append(why, s.Text)
						}
					}
				}
				sc.misses = append(sc.misses, fmt.Sprintf("%s: option %s not verified: %v %q", br.Name, o.Label, o.Flags, why))
			}
			for _, s := range splitSentences(o.Reply) {
				if internal[normSpace(s)] {
					sc.internalInReply++
					sc.misses = append(sc.misses, fmt.Sprintf("%s: staff text in reply: %q", br.Name, s))
					break
				}
			}
			if phs := FindPlaceholders(o.Reply); len(phs) > 0 {
				sc.placeholders++
				for _, ph := range phs {
					listed := false
					for _, g := range o.Gaps {
						listed = listed || g.Placeholder == ph
					}
					if !listed {
						sc.unmarked++
						break
					}
				}
			}
			if strings.Contains(o.Reply, "<b>") {
				sc.misses = append(sc.misses, br.Name+": greeting echoes markup")
			}
		}
	}
	return sc
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func pct(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// TestSuggestionBenchmark runs the benchmark once, logs every miss and
// holds the invariants — no staff text and no unmarked placeholder in any
// reply — and, as a regression guard, the figures measured when it was
// written (2026-11-30: answered 34/41, all questions covered 31/41,
// off-topic honest 6/7, verified options 102/102).
func TestSuggestionBenchmark(t *testing.T) {
	e := newEngine(t, Config{})
	sc := runSuggestionBench(t, e, engineRetriever{sampleEngine(t)}, loadBench(t), internalSentences(t))
	for _, m := range sc.misses {
		t.Log(m)
	}
	t.Logf("answered %d/%d (%.0f%%), all questions covered %d/%d (%.0f%%), off-topic honest %d/%d, verified options %d/%d, internal text in replies %d, placeholders %d (unmarked %d)",
		sc.answered, sc.inKB, pct(sc.answered, sc.inKB), sc.covered, sc.inKB, pct(sc.covered, sc.inKB), sc.honest, sc.offTopic,
		sc.verified, sc.options, sc.internalInReply, sc.placeholders, sc.unmarked)
	if sc.internalInReply != 0 || sc.unmarked != 0 {
		t.Errorf("internal text in %d replies, %d replies with unmarked placeholders", sc.internalInReply, sc.unmarked)
	}
	if sc.honest < 6 || sc.answered < 34 || sc.covered < 31 {
		t.Errorf("below the recorded figures: off-topic honest %d (6), answered %d (34), covered %d (31)", sc.honest, sc.answered, sc.covered)
	}
}

// BenchmarkSuggestionQuality reports the benchmark's figures (percentages
// and counts per run) and the time to draft all 48 requests.
func BenchmarkSuggestionQuality(b *testing.B) {
	e, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	r := engineRetriever{sampleEngine(b)}
	reqs, internal := loadBench(b), internalSentences(b)
	var sc benchScore
	for b.Loop() {
		sc = runSuggestionBench(b, e, r, reqs, internal)
	}
	b.ReportMetric(pct(sc.answered, sc.inKB), "answered-%")
	b.ReportMetric(pct(sc.covered, sc.inKB), "all-questions-covered-%")
	b.ReportMetric(pct(sc.honest, sc.offTopic), "off-topic-honest-%")
	b.ReportMetric(pct(sc.verified, sc.options), "verified-options-%")
	b.ReportMetric(float64(sc.internalInReply), "internal-in-reply")
	b.ReportMetric(float64(sc.unmarked), "unmarked-placeholders")
}
