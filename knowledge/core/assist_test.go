package core

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/secrets"
)

func refundRequest() knowledge.SupportRequest {
	return knowledge.SupportRequest{
		ID: "req-test", Subject: "Charged after cancelling my appointment",
		Channel: knowledge.ChannelEmail, Status: knowledge.RequestOpen,
		Customer: knowledge.Customer{Name: "Ana Lima", Contact: "ana@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, At: time.Now(),
			Text: "I cancelled my appointment two days ahead but I was still charged the deposit. Can I get a refund?"}},
	}
}

func TestRelatedGroupsByDepartment(t *testing.T) {
	svc := openTest(t, t.TempDir())
	defer svc.Close()
	groups, hits, err := svc.related(context.Background(), refundRequest(), 12)
	if err != nil || len(hits) == 0 {
		t.Fatalf("related: %v", err)
	}
	seen := map[string]bool{}
	total := 0
	for _, g := range groups {
		if seen[g.Department] {
			t.Fatalf("department %s appears twice", g.Department)
		}
		seen[g.Department] = true
		if g.Owner == "" {
			t.Errorf("department %s has no owner", g.Department)
		}
		total += len(g.Articles)
	}
	if total != len(hits) || !seen["Billing"] || !seen["Scheduling"] {
		t.Fatalf("a cancelled-visit refund spans Billing and Scheduling: %v", seen)
	}
}

func TestSuggestExtractiveIsRecorded(t *testing.T) {
	ctx := context.Background()
	svc := openTest(t, t.TempDir())
	defer svc.Close()
	res, err := svc.Suggest(ctx, SuggestInput{Request: refundRequest(), Agent: "Robin"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestion.Options) < 2 {
		t.Fatalf("want several options, got %d", len(res.Suggestion.Options))
	}
	for _, o := range res.Suggestion.Options {
		if o.Kind != "extractive" || len(o.Citations) == 0 {
			t.Fatalf("extractive options cite their passages: %+v", o)
		}
	}
	sets, err := svc.store.ListSets(ctx, knowledge.LedgerFilter{RequestID: "req-test"})
	if err != nil || len(sets) != 1 || sets[0].SetID != res.SetID || sets[0].Agent != "Robin" || len(sets[0].Passages) == 0 {
		t.Fatalf("ledger sets: %+v %v", sets, err)
	}
	events, err := svc.store.Events(ctx, res.SetID)
	if err != nil || len(events) != 1 || events[0].Type != knowledge.EventShown {
		t.Fatalf("ledger events: %+v %v", events, err)
	}
}

// fakeOpenAI answers chat completions (plain JSON) with options that cite
// the first passage of the prompt and one invented passage id.
func fakeOpenAI(t *testing.T) *httptest.Server {
	ids := regexp.MustCompile(`<passage id="([^"]+)"`)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.Unmarshal(raw, &body)
		var m []string
		for _, msg := range body.Messages {
			if m = ids.FindStringSubmatch(msg.Content); m != nil {
				break
			}
		}
		if m == nil {
			t.Errorf("prompt has no passages: %s", raw)
			http.Error(w, "no passages", 400)
			return
		}
		answer := fmt.Sprintf(`{"options":[{"title":"Refund the deposit","reply":"We are sorry. We will look at your refund.","steps":["Check the cancellation time"],"citations":[%q,"made-up#9"]},{"title":"Ask for details","reply":"Could you tell us the date of the appointment?","steps":[],"citations":[%q]}],"not_in_kb":false,"clarifying_question":""}`, m[1], m[1])
		content, _ := json.Marshal(answer)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":"c1","object":"chat.completion","created":1,"model":"fake","choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`, content)
	}))
}

func TestSuggestWithOpenAICompatibleEndpoint(t *testing.T) {
	ctx := context.Background()
	srv := fakeOpenAI(t)
	defer srv.Close()
	svc := openTestWith(t, Options{DataDir: t.TempDir(), Keychain: secrets.Memory{LLMKeychainAccount: "sk-test"}})
	defer svc.Close()
	llm := config.LLM{Provider: "openai", BaseURL: srv.URL + "/v1", Model: "fake", PIIMode: "auto"}
	res, err := svc.Suggest(ctx, SuggestInput{Request: refundRequest(), Agent: "Robin", LLM: &llm}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Suggestion.Options) != 2 || res.Suggestion.Provider == "" || res.Suggestion.PromptHash == "" {
		t.Fatalf("suggestion: %+v", res.Suggestion)
	}
	first := res.Suggestion.Options[0]
	if len(first.Citations) != 1 || !strings.Contains(strings.Join(first.Flags, ","), "dropped-unknown-citation") {
		t.Fatalf("the invented citation must be dropped and flagged: %+v", first)
	}
	sets, _ := svc.store.ListSets(ctx, knowledge.LedgerFilter{RequestID: "req-test"})
	if len(sets) != 1 || sets[0].PromptHash != res.Suggestion.PromptHash || sets[0].Model != "fake" {
		t.Fatalf("ledger: %+v", sets)
	}
}

func TestRelatedQueryUsesSubjectAndNewestCustomerMessages(t *testing.T) {
	r := knowledge.SupportRequest{Subject: "Parking validation", Messages: []knowledge.RequestMessage{
		{Author: knowledge.AuthorCustomer, Text: "older question about invoices"},
		{Author: knowledge.AuthorAgent, Text: "agent words never searched"},
		{Author: knowledge.AuthorCustomer, Text: "newest question about wheelchairs"},
	}}
	got := RelatedQuery(r)
	if got != "parking validation newest question about wheelchairs older invoices" {
		t.Fatalf("RelatedQuery = %q", got)
	}
}

// TestSuggestExcludedOnlyWhatTheStaleRuleLeftOut: two years on, every
// sample article is overdue for review. Without "allow stale" the options
// leave them out and say so; with it they may be used, and nothing is
// reported as left out for being stale.
func TestSuggestExcludedOnlyWhatTheStaleRuleLeftOut(t *testing.T) {
	ctx := context.Background()
	later := time.Now().AddDate(2, 0, 0)
	svc := openTestWith(t, Options{DataDir: t.TempDir(), Clock: func() time.Time { return later }})
	defer svc.Close()
	strict, err := svc.Suggest(ctx, SuggestInput{Request: refundRequest(), Agent: "Robin"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(strict.Excluded) == 0 {
		t.Fatalf("every article is overdue for review, yet nothing was reported left out: %+v", strict.Suggestion.Options)
	}
	loose, err := svc.Suggest(ctx, SuggestInput{Request: refundRequest(), Agent: "Robin", AllowStale: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(loose.Excluded) != 0 {
		t.Errorf("with stale articles allowed, %d passages are still reported as left out for being stale", len(loose.Excluded))
	}
	if len(loose.Suggestion.Options) == 0 {
		t.Error("with stale articles allowed there are no options")
	}
}
