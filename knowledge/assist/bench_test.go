package assist

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSuggestFirstToken measures the overhead from calling Suggest to
// the first streamed token against a local fake OpenAI-compatible server
// (prompt building, redaction off, HTTP request, SSE parsing), reported as
// ns-to-first-token/op; ns/op is the whole Suggest call including parsing
// and grounding of a three-option answer.
func BenchmarkSuggestFirstToken(b *testing.B) {
	for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
		b.Run(kind, func(b *testing.B) {
			f := newFakeLLM(b, kind, fakeReply{chunks: chunk(goodAnswer, 16)})
			e, err := New(f.config())
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			var first time.Duration
			b.ReportAllocs()
			for b.Loop() {
				start := time.Now()
				got := false
				_, err := e.Suggest(ctx, testRequest, testPassages, Options{}, func(string) {
					if !got {
						got = true
						first += time.Since(start)
					}
				})
				if err != nil || !got {
					b.Fatal(err, got)
				}
			}
			b.ReportMetric(float64(first.Nanoseconds())/float64(b.N), "ns-to-first-token/op")
		})
	}
}

// BenchmarkParseAndGround measures parsing and grounding a typical
// three-option answer against three passages.
func BenchmarkParseAndGround(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		a, err := parseAnswer(goodAnswer)
		if err != nil {
			b.Fatal(err)
		}
		chk := newChecker(testRequest, testPassages)
		for _, ro := range a.Options {
			o := Option{Kind: KindLLM, Title: ro.Title, Reply: ro.Reply, Steps: ro.Steps}
			o.Citations, _ = chk.citations(ro.Citations)
			chk.check(&o)
			if !o.Verified() {
				b.Fatal("unverified")
			}
		}
	}
}

// BenchmarkBuildPrompt measures prompt building with eight passages.
func BenchmarkBuildPrompt(b *testing.B) {
	ps := append(append([]Passage(nil), testPassages...), multiDept...)
	usable := selectPassages(ps, Options{})
	b.ReportAllocs()
	for b.Loop() {
		_ = BuildPrompt(testRequest, usable)
	}
}
