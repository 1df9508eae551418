package core

import (
	"context"
	"fmt"
	"testing"
	"time"

	"concierge/knowledge"
)

// BenchmarkAlerts evaluates every alert rule over 300 active requests (each
// with a conversation of four messages, a next step, a citation and a
// 3-step plan) on the embedded store: the cost of one background check.
func BenchmarkAlerts(b *testing.B) {
	ctx := context.Background()
	clk := newFakeClock()
	c, err := testOpen(ctx, Options{DataDir: b.TempDir(), Clock: clk.Now, SkipSample: true})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Bootstrap(ctx); err != nil {
		b.Fatal(err)
	}
	const n = 300
	for i := 0; i < n; i++ {
		r, err := c.CreateRequest(ctx, knowledge.SupportRequest{Subject: fmt.Sprintf("Request %d", i), Channel: knowledge.ChannelEmail,
			Customer: knowledge.Customer{Name: "Ana", Contact: fmt.Sprintf("c%d@example.org", i)},
			Messages: []knowledge.RequestMessage{
				{Author: knowledge.AuthorCustomer, Text: "My card was charged twice."},
				{Author: knowledge.AuthorAgent, AgentName: "Robin", Text: "I will check with Billing tomorrow."},
				{Author: knowledge.AuthorCustomer, Text: "Any news?"},
				{Author: knowledge.AuthorCustomer, Text: "Hello?"},
			}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.changeStateOnly(ctx, r.ID, func(st *knowledge.RequestState) ([]knowledge.TimelineEvent, error) {
			st.NextStep, st.NextDue = "Call back", clk.Now().Add(time.Hour)
			st.Citations = append(st.Citations, knowledge.Citation{ArticleID: "missing-article", ArticleVersion: 1, At: clk.Now()})
			st.Plan = &knowledge.Plan{Title: "p", StartedAt: clk.Now(), Steps: []knowledge.PlanStep{
				{Title: "a", Minutes: 10, Due: clk.Now().Add(10 * time.Minute)},
				{Title: "b", Minutes: 10, Due: clk.Now().Add(20 * time.Minute)},
				{Title: "c", Minutes: 10, Due: clk.Now().Add(30 * time.Minute)}}}
			return []knowledge.TimelineEvent{{Kind: knowledge.EventNextStep, Text: "Call back"}}, nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	clk.Add(72 * time.Hour)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		alerts, err := c.Alerts(ctx, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		if len(alerts) != n*6 { // no-update, unanswered, article-changed and three step overruns each
			b.Fatalf("%d alerts, want %d", len(alerts), n*6)
		}
	}
	b.ReportMetric(float64(n), "requests")
}
