package embed

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// openAIFake speaks OpenAI's POST /v1/embeddings.
type openAIFake struct {
	mu       sync.Mutex
	requests []openAIFakeRequest
	headers  []http.Header
	// respond, if set, replaces the normal answer.
	respond func(w http.ResponseWriter, req openAIFakeRequest) bool
	// drop, if positive, leaves that many vectors out of each answer.
	drop int
}

type openAIFakeRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

func (f *openAIFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/embeddings" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"error":{"message":"Invalid URL (POST ` + r.URL.Path + `)","type":"invalid_request_error","param":null,"code":null}}`))
		return
	}
	var req openAIFakeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, `{"error":{"message":"We could not parse the JSON body of your request."}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.headers = append(f.headers, r.Header.Clone())
	respond, drop := f.respond, f.drop
	f.mu.Unlock()
	if respond != nil && respond(w, req) {
		return
	}
	type item struct {
		Object    string    `json:"object"`
		Index     int       `json:"index"`
		Embedding []float32 `json:"embedding"`
	}
	data := []item{}
	for i, text := range req.Input[:len(req.Input)-drop] {
		data = append(data, item{Object: "embedding", Index: i, Embedding: []float32{float32(len(text)), 1, -2}})
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"object": "list",
		"data":   data,
		"model":  req.Model,
		"usage":  map[string]int{"prompt_tokens": 8, "total_tokens": 8},
	})
}

func (f *openAIFake) snapshot() ([]openAIFakeRequest, []http.Header) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]openAIFakeRequest(nil), f.requests...), append([]http.Header(nil), f.headers...)
}

func newOpenAIForTest(t *testing.T, h http.Handler, key string, timeout time.Duration) (Embedder, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e, err := NewOpenAI(OpenAIConfig{BaseURL: srv.URL + "/v1", Model: "text-embedding-3-small", APIKey: key, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return e, srv
}

func TestOpenAIEmbed(t *testing.T) {
	t.Setenv("OPENAI_ORGANIZATION", "org-from-environment")
	t.Setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/should-not-be-used")
	fake := &openAIFake{}
	e, srv := newOpenAIForTest(t, fake, "sk-test", 0)
	if want := "openai:text-embedding-3-small@" + strings.TrimPrefix(srv.URL, "http://"); e.ID() != want {
		t.Errorf("ID = %q, want %q", e.ID(), want)
	}
	texts := []string{"a", "bb\nline", "ccc"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 3 {
		t.Fatalf("got %d vectors, want 3", len(vecs))
	}
	remoteAssertUnit(t, vecs)
	if vecs[0][0] >= vecs[2][0] {
		t.Errorf("order lost: %v", vecs)
	}
	reqs, hdrs := fake.snapshot()
	if len(reqs) != 1 || strings.Join(reqs[0].Input, "|") != strings.Join(texts, "|") || reqs[0].Model != "text-embedding-3-small" {
		t.Errorf("server saw %+v", reqs)
	}
	if got := hdrs[0].Get("Authorization"); got != "Bearer sk-test" {
		t.Errorf("Authorization = %q", got)
	}
	if got := hdrs[0].Get("OpenAI-Organization"); got != "" {
		t.Errorf("OpenAI-Organization leaked from the environment: %q", got)
	}
}

func TestOpenAIEmbedBatches(t *testing.T) {
	fake := &openAIFake{}
	e, _ := newOpenAIForTest(t, fake, "sk-test", 0)
	texts := make([]string, 2*openAIBatchSize+5)
	for i := range texts {
		texts[i] = strings.Repeat("y", i%7+1)
	}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	reqs, _ := fake.snapshot()
	if len(vecs) != len(texts) || len(reqs) != 3 || len(reqs[0].Input) != openAIBatchSize || len(reqs[2].Input) != 5 {
		t.Fatalf("got %d vectors from %d requests for %d texts", len(vecs), len(reqs), len(texts))
	}
	remoteAssertUnit(t, vecs)
}

func TestOpenAINoKeyForLocalServer(t *testing.T) {
	fake := &openAIFake{}
	e, _ := newOpenAIForTest(t, fake, "", 0)
	if _, err := e.Embed(context.Background(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	_, hdrs := fake.snapshot()
	if got := hdrs[0].Get("Authorization"); got != "Bearer "+openAINoKey {
		t.Errorf("Authorization = %q", got)
	}
}

func openAIRespond(status int, body string) func(http.ResponseWriter, openAIFakeRequest) bool {
	return func(w http.ResponseWriter, _ openAIFakeRequest) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	}
}

func TestOpenAIErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		drop   int
		want   []string
	}{
		{"bad key", 401, `{"error":{"message":"Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`, 0,
			[]string{"the API key was refused", "HTTP 401", "Incorrect API key provided", "check the key in Settings"}},
		{"forbidden", 403, `{"error":{"message":"You are not allowed to sample from this model","type":"invalid_request_error"}}`, 0,
			[]string{"the API key was refused", "HTTP 403"}},
		{"rate limited", 429, `{"error":{"message":"Rate limit reached for text-embedding-3-small","type":"requests","code":"rate_limit_exceeded"}}`, 0,
			[]string{"rate limiting", "HTTP 429", "Rate limit reached", "wait a minute"}},
		{"server error", 500, `{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}`, 0,
			[]string{"internal error (HTTP 500", "try again later"}},
		{"unavailable", 503, `upstream connect error`, 0, []string{"internal error (HTTP 503", "upstream connect error"}},
		{"model missing", 404, `{"error":{"message":"The model 'text-embedding-3-small' does not exist","type":"invalid_request_error","code":"model_not_found"}}`, 0,
			[]string{"model text-embedding-3-small is not available", "check the model name"}},
		{"malformed JSON", 200, `{"object":"list","data":[{"embedding":[0.1,`, 0, []string{"could not use", "embedding model"}},
		{"HTML instead of JSON", 200, `<!doctype html><title>Login</title>`, 0, []string{"could not use"}},
		{"empty data", 200, `{"object":"list","data":[],"model":"text-embedding-3-small","usage":{"prompt_tokens":0,"total_tokens":0}}`, 0,
			[]string{"could not use"}},
		{"missing vector", 0, "", 1, []string{"could not use"}},
		{"zero vector", 200, `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0,0]},{"object":"embedding","index":1,"embedding":[1,0]}]}`, 0,
			[]string{"all-zero vector"}},
		{"ragged dimensions", 200, `{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,0]},{"object":"embedding","index":1,"embedding":[1,0,0]}]}`, 0,
			[]string{"3-dimensional", "instead of 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := &openAIFake{drop: c.drop}
			if c.status != 0 {
				fake.respond = openAIRespond(c.status, c.body)
			}
			e, _ := newOpenAIForTest(t, fake, "sk-test", 0)
			_, err := e.Embed(context.Background(), []string{"hello", "world"})
			remoteAssertErr(t, err, c.want...)
			if strings.Contains(err.Error(), "Bearer") {
				t.Errorf("error leaks the Authorization header: %v", err)
			}
		})
	}
}

func TestOpenAIWrongBaseURL(t *testing.T) {
	fake := &openAIFake{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e, err := NewOpenAI(OpenAIConfig{BaseURL: srv.URL, Model: "text-embedding-3-small", APIKey: "sk-test"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), []string{"a"})
	remoteAssertErr(t, err, "no embeddings endpoint", "/v1")
}

func TestOpenAIUnreachable(t *testing.T) {
	url := remoteClosedPortURL(t)
	e, err := NewOpenAI(OpenAIConfig{BaseURL: url + "/v1", Model: "text-embedding-3-small", APIKey: "sk-test"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), []string{"a"})
	remoteAssertErr(t, err, "cannot reach the embedding service at "+url+"/v1", "connection refused")
}

func TestOpenAICallerDeadline(t *testing.T) {
	h, release := remoteHold()
	e, _ := newOpenAIForTest(t, h, "sk-test", 0)
	t.Cleanup(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := e.Embed(ctx, []string{"a"})
	remoteAssertErr(t, err, "did not answer in time")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error does not wrap context.DeadlineExceeded: %v", err)
	}
}

func TestOpenAIConfiguredTimeout(t *testing.T) {
	h, release := remoteHold()
	e, _ := newOpenAIForTest(t, h, "sk-test", 40*time.Millisecond)
	t.Cleanup(release)
	_, err := e.Embed(context.Background(), []string{"a"})
	remoteAssertErr(t, err, "did not answer within 40ms")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error does not wrap context.DeadlineExceeded: %v", err)
	}
}

func TestOpenAIDimensionChangeBetweenCalls(t *testing.T) {
	dims := 3
	var mu sync.Mutex
	fake := &openAIFake{respond: func(w http.ResponseWriter, req openAIFakeRequest) bool {
		mu.Lock()
		d := dims
		mu.Unlock()
		vec := make([]float32, d)
		vec[0] = 1
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": []map[string]any{{"object": "embedding", "index": 0, "embedding": vec}}})
		return true
	}}
	e, _ := newOpenAIForTest(t, fake, "sk-test", 0)
	if _, err := e.Embed(context.Background(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	dims = 4
	mu.Unlock()
	_, err := e.Embed(context.Background(), []string{"b"})
	remoteAssertErr(t, err, "4-dimensional", "instead of 3")
}
