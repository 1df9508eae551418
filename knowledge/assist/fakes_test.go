package assist

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeReply scripts one answer of a fake LLM server.
type fakeReply struct {
	status int               // 0: 200
	header map[string]string // extra response headers
	body   string            // raw body for error statuses
	chunks []string          // content, streamed chunk by chunk or joined
	raw    string            // raw 200 body, sent as is (garbage tests)
	hang   bool              // never answer; wait for the client to give up
	// gate, if set, is waited for after the first chunk (cancel tests).
	gate <-chan struct{}
}

// fakeRequest is what the fake server received.
type fakeRequest struct {
	Path   string
	Header http.Header
	Body   map[string]any
	Raw    string
}

// fakeLLM is an httptest server speaking the OpenAI chat-completions (plain
// JSON and SSE) or Ollama /api/chat (JSON and NDJSON) wire format.
type fakeLLM struct {
	kind string // ProviderOpenAI or ProviderOllama
	srv  *httptest.Server

	mu       sync.Mutex
	replies  []fakeReply // consumed in order; the last one repeats
	requests []fakeRequest
}

func newFakeLLM(t testing.TB, kind string, replies ...fakeReply) *fakeLLM {
	t.Helper()
	f := &fakeLLM{kind: kind, replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// baseURL is what Config.BaseURL should be for this fake.
func (f *fakeLLM) baseURL() string {
	if f.kind == ProviderOpenAI {
		return f.srv.URL + "/v1"
	}
	return f.srv.URL
}

func (f *fakeLLM) config() Config {
	return Config{Provider: f.kind, BaseURL: f.baseURL(), Model: "test-model", APIKey: "sk-test-secret-key", Timeout: 10 * time.Second}
}

func (f *fakeLLM) received() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.requests...)
}

func (f *fakeLLM) next() fakeReply {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.replies[0]
	if len(f.replies) > 1 {
		f.replies = f.replies[1:]
	}
	return r
}

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	f.requests = append(f.requests, fakeRequest{Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Raw: string(raw)})
	f.mu.Unlock()

	wantPath := "/v1/chat/completions"
	if f.kind == ProviderOllama {
		wantPath = "/api/chat"
	}
	if r.Method != http.MethodPost || r.URL.Path != wantPath {
		http.Error(w, `{"error":{"message":"no such endpoint"}}`, http.StatusNotFound)
		return
	}
	rep := f.next()
	if rep.hang {
		<-r.Context().Done()
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if rep.status != 0 && rep.status != http.StatusOK {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
		return
	}
	if rep.raw != "" {
		_, _ = io.WriteString(w, rep.raw)
		return
	}
	stream, _ := body["stream"].(bool)
	model, _ := body["model"].(string)
	switch {
	case f.kind == ProviderOpenAI && stream:
		f.openAISSE(w, r, model, rep)
	case f.kind == ProviderOpenAI:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": strings.Join(rep.chunks, "")}}},
			"usage": map[string]any{"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
		})
	case stream:
		f.ollamaNDJSON(w, r, model, rep)
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ollamaLine(model, strings.Join(rep.chunks, ""), true))
	}
}

func (f *fakeLLM) openAISSE(w http.ResponseWriter, r *http.Request, model string, rep fakeReply) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fl, _ := w.(http.Flusher)
	send := func(delta map[string]any, finish any) {
		b, _ := json.Marshal(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	send(map[string]any{"role": "assistant", "content": ""}, nil)
	for i, c := range rep.chunks {
		send(map[string]any{"content": c}, nil)
		if i == 0 && rep.gate != nil {
			select {
			case <-rep.gate:
			case <-r.Context().Done():
				return
			}
		}
	}
	send(map[string]any{}, "stop")
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func ollamaLine(model, content string, done bool) map[string]any {
	m := map[string]any{
		"model": model, "created_at": "2026-11-23T15:00:00.000000Z",
		"message": map[string]any{"role": "assistant", "content": content}, "done": done,
	}
	if done {
		m["done_reason"] = "stop"
		m["total_duration"] = 123456
		m["prompt_eval_count"] = 10
		m["eval_count"] = 5
	}
	return m
}

func (f *fakeLLM) ollamaNDJSON(w http.ResponseWriter, r *http.Request, model string, rep fakeReply) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	fl, _ := w.(http.Flusher)
	enc := json.NewEncoder(w)
	for i, c := range rep.chunks {
		_ = enc.Encode(ollamaLine(model, c, false))
		if fl != nil {
			fl.Flush()
		}
		if i == 0 && rep.gate != nil {
			select {
			case <-rep.gate:
			case <-r.Context().Done():
				return
			}
		}
	}
	_ = enc.Encode(ollamaLine(model, "", true))
}

// chunk splits s into pieces of n bytes, as a streaming model would.
func chunk(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// sleepRecorder replaces Config.Sleep: it records the delays and returns at
// once.
type sleepRecorder struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.ds = append(s.ds, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) delays() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

// Fixtures.

var testRequest = Request{
	Subject:  "Charged twice and cannot log in",
	Customer: Customer{Name: "Anna Berg", Contact: "anna.berg@example.com", Notes: "Annual plan since 2023."},
	Messages: []Message{
		{Author: AuthorCustomer, At: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
			Text: "Hi, I need a refund for a duplicate charge this month, and now I cannot sign in with my password. Call me on +44 7700 900123 or mail anna.berg@example.com."},
	},
}

var testPassages = []Passage{refundPassage, loginPassage, {
	ID: "billing-refunds#2", ArticleID: "billing-refunds", ArticleVersion: 3, ArticleTitle: "Refunds",
	Department: "billing", Audience: "internal", Headings: []string{"Internal procedure"},
	Text: "1. Confirm the duplicate charge in the billing console\n2. Issue the refund to the original payment method\n3. Note the refund id in the ticket",
}}

func answerJSON(a rawAnswer) string {
	b, err := json.Marshal(a)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// goodAnswer is a valid, grounded three-option answer to testRequest.
var goodAnswer = answerJSON(rawAnswer{Options: []rawOption{
	{Title: "Refund the duplicate charge", Reply: "Hi Anna,\n\nRefunds for duplicate charges are issued within 5 business days to the original payment method.",
		Steps: []string{"Confirm the duplicate charge in the billing console", "Issue the refund"}, Citations: []string{"billing-refunds#1", "billing-refunds#2"}},
	{Title: "Reset the password first", Reply: "Hi Anna,\n\nPlease reset your password from the sign-in page and clear your browser cookies.",
		Steps: []string{"Reset the password from the sign-in page"}, Citations: []string{"tech-login#0"}},
	{Title: "Both at once", Reply: "Hi Anna,\n\nPlease reset your password from the sign-in page. Refunds for duplicate charges are issued to the original payment method.",
		Steps: []string{"Issue the refund", "Note the refund id in the ticket"}, Citations: []string{"tech-login#0", "billing-refunds#1", "billing-refunds#2"}},
}})
