package embed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// ollamaFake speaks Ollama's POST /api/embed as langchaingo v0.1.14 calls
// it: one text per request ({"model","input":"…"}), answered with
// {"model","embeddings":[[…]],…}.
type ollamaFake struct {
	mu       sync.Mutex
	requests []ollamaFakeRequest
	// respond, if set, replaces the normal answer.
	respond func(w http.ResponseWriter, r *http.Request, req ollamaFakeRequest) bool
	dims    int
}

type ollamaFakeRequest struct {
	Model string `json:"model"`
	Input string `json:"input"`
}

func (f *ollamaFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/embed" {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	var req ollamaFakeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":%q}`, err.Error())
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	respond, dims := f.respond, f.dims
	f.mu.Unlock()
	if respond != nil && respond(w, r, req) {
		return
	}
	if dims == 0 {
		dims = 4
	}
	vec := make([]float32, dims)
	for i := range vec {
		vec[i] = float32(len(req.Input) + i) // unnormalised on purpose
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"model":             req.Model,
		"embeddings":        [][]float32{vec},
		"total_duration":    14143917,
		"load_duration":     1019500,
		"prompt_eval_count": 8,
	})
}

func (f *ollamaFake) inputs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var in []string
	for _, r := range f.requests {
		in = append(in, r.Input)
	}
	return in
}

func newOllamaForTest(t *testing.T, fake http.Handler, timeout time.Duration) (Embedder, string) {
	t.Helper()
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e, err := NewOllama(OllamaConfig{BaseURL: srv.URL, Model: "nomic-embed-text", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return e, srv.URL
}

func TestOllamaEmbed(t *testing.T) {
	fake := &ollamaFake{}
	e, _ := newOllamaForTest(t, fake, 0)
	if e.ID() != "ollama:nomic-embed-text" {
		t.Errorf("ID = %q", e.ID())
	}
	texts := []string{"a", "bb\nwith newline", "ccc"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 3 {
		t.Fatalf("got %d vectors, want 3", len(vecs))
	}
	remoteAssertUnit(t, vecs)
	if got := fake.inputs(); strings.Join(got, "|") != strings.Join(texts, "|") {
		t.Errorf("server saw inputs %q, want %q", got, texts)
	}
	if texts[1] != "bb\nwith newline" {
		t.Errorf("caller's slice was modified: %q", texts[1])
	}
	// Order is kept: inputs of different lengths give different directions.
	if vecs[0][0] == vecs[2][0] {
		t.Errorf("vectors 0 and 2 are equal; order or content lost: %v", vecs)
	}
	for _, r := range fake.requests {
		if r.Model != "nomic-embed-text" {
			t.Errorf("request model = %q", r.Model)
		}
	}
}

func TestOllamaEmbedBatches(t *testing.T) {
	fake := &ollamaFake{}
	e, _ := newOllamaForTest(t, fake, 0)
	texts := make([]string, 3*ollamaBatchSize+1)
	for i := range texts {
		texts[i] = strings.Repeat("x", i+1)
	}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) || len(fake.inputs()) != len(texts) {
		t.Fatalf("got %d vectors from %d requests for %d texts", len(vecs), len(fake.inputs()), len(texts))
	}
	remoteAssertUnit(t, vecs)
}

func TestOllamaEmbedNothing(t *testing.T) {
	fake := &ollamaFake{}
	e, _ := newOllamaForTest(t, fake, 0)
	vecs, err := e.Embed(context.Background(), nil)
	if err != nil || len(vecs) != 0 {
		t.Fatalf("Embed(nil) = %v, %v", vecs, err)
	}
	if n := len(fake.inputs()); n != 0 {
		t.Errorf("made %d requests for no texts", n)
	}
}

func ollamaRespond(status int, body string) func(http.ResponseWriter, *http.Request, ollamaFakeRequest) bool {
	return func(w http.ResponseWriter, _ *http.Request, _ ollamaFakeRequest) bool {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	}
}

func TestOllamaErrors(t *testing.T) {
	cases := []struct {
		name    string
		status  int
		body    string
		handler http.Handler
		want    []string
	}{
		{"model not pulled", 404, `{"error":"model \"nomic-embed-text\" not found, try pulling it first"}`, nil,
			[]string{"model nomic-embed-text is not installed", "run `ollama pull nomic-embed-text`"}},
		{"no embed endpoint", 0, "", http.NotFoundHandler(), []string{"no /api/embed endpoint"}},
		{"unauthorized proxy", 401, `{"error":"unauthorized"}`, nil, []string{"refused access (HTTP 401", "check the proxy"}},
		{"rate limited", 429, `{"error":"too many requests"}`, nil, []string{"rate limiting", "HTTP 429"}},
		{"server error", 500, `{"error":"llama runner process has terminated: signal: killed"}`, nil,
			[]string{"internal error (HTTP 500", "llama runner process has terminated", "try again later"}},
		{"bad gateway html", 502, "<html><body>Bad Gateway</body></html>", nil, []string{"HTTP 502)"}},
		{"not an embedding model", 400, `{"error":"\"llama3\" does not support embeddings"}`, nil,
			[]string{"rejected the request (HTTP 400", "does not support embeddings"}},
		{"malformed JSON", 200, `{"embeddings": [[0.1, 0.2`, nil, []string{"could not use", "embedding model"}},
		{"garbage text", 200, `<html>hello</html>`, nil, []string{"could not use"}},
		{"empty embeddings", 200, `{"model":"nomic-embed-text","embeddings":[]}`, nil, []string{"could not use"}},
		{"zero vector", 200, `{"model":"nomic-embed-text","embeddings":[[0,0,0]]}`, nil, []string{"all-zero vector"}},
		{"empty vector", 200, `{"model":"nomic-embed-text","embeddings":[[]]}`, nil, []string{"empty vector"}},
		{"two vectors for one text", 200, `{"embeddings":[[1,2],[3,4]]}`, nil, []string{"could not use"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := c.handler
			if h == nil {
				h = &ollamaFake{respond: ollamaRespond(c.status, c.body)}
			}
			e, url := newOllamaForTest(t, h, 0)
			_, err := e.Embed(context.Background(), []string{"hello"})
			remoteAssertErr(t, err, c.want...)
			if c.status >= 400 && !strings.Contains(err.Error(), url) && !strings.Contains(err.Error(), strings.TrimPrefix(url, "http://")) {
				t.Errorf("error %q does not name the server %s", err, url)
			}
		})
	}
}

func TestOllamaUnreachable(t *testing.T) {
	url := remoteClosedPortURL(t)
	e, err := NewOllama(OllamaConfig{BaseURL: url, Model: "nomic-embed-text"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Embed(context.Background(), []string{"hello"})
	remoteAssertErr(t, err, "cannot reach Ollama at "+url+": is it running?")
}

// remoteHold returns a handler that holds every request until the client
// gives up, and a release function that the test must register with
// t.Cleanup after the server's own cleanup (cleanups run last-in first-out,
// and httptest.Server.Close waits for handlers).
func remoteHold() (http.Handler, func()) {
	done := make(chan struct{})
	var once sync.Once
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Reading the body to the end lets the server notice when the
		// client hangs up, which cancels r.Context().
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-done:
		}
	})
	return h, func() { once.Do(func() { close(done) }) }
}

func TestOllamaCallerDeadline(t *testing.T) {
	h, release := remoteHold()
	e, _ := newOllamaForTest(t, h, 0)
	t.Cleanup(release)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := e.Embed(ctx, []string{"hello"})
	remoteAssertErr(t, err, "did not answer in time")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error does not wrap context.DeadlineExceeded: %v", err)
	}
}

func TestOllamaConfiguredTimeout(t *testing.T) {
	h, release := remoteHold()
	e, _ := newOllamaForTest(t, h, 50*time.Millisecond)
	t.Cleanup(release)
	_, err := e.Embed(context.Background(), []string{"hello"})
	remoteAssertErr(t, err, "did not answer within 50ms", "loading the model")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error does not wrap context.DeadlineExceeded: %v", err)
	}
}

func TestOllamaCallerCancel(t *testing.T) {
	h, release := remoteHold()
	started := make(chan struct{}, 1)
	e, _ := newOllamaForTest(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		h.ServeHTTP(w, r)
	}), 0)
	t.Cleanup(release)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := e.Embed(ctx, []string{"hello"})
		errc <- err
	}()
	<-started
	cancel()
	err := <-errc
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error does not wrap context.Canceled: %v", err)
	}
	if errors.Is(err, ErrUnavailable) {
		t.Errorf("a cancelled call is not the provider's fault, but the error wraps ErrUnavailable: %v", err)
	}
}

func TestOllamaAlreadyCancelledContextMakesNoRequest(t *testing.T) {
	fake := &ollamaFake{}
	e, _ := newOllamaForTest(t, fake, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Embed(ctx, []string{"hello"}); !errors.Is(err, context.Canceled) {
		t.Fatalf("error does not wrap context.Canceled: %v", err)
	}
	if n := len(fake.inputs()); n != 0 {
		t.Errorf("made %d requests with a cancelled context", n)
	}
}

func TestOllamaDimensionChangeBetweenCalls(t *testing.T) {
	fake := &ollamaFake{dims: 3}
	e, _ := newOllamaForTest(t, fake, 0)
	if _, err := e.Embed(context.Background(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	fake.mu.Lock()
	fake.dims = 5
	fake.mu.Unlock()
	_, err := e.Embed(context.Background(), []string{"b"})
	remoteAssertErr(t, err, "5-dimensional", "instead of 3", "re-indexed")
}

func TestOllamaConcurrentEmbeds(t *testing.T) {
	fake := &ollamaFake{}
	e, _ := newOllamaForTest(t, fake, 0)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.Embed(context.Background(), []string{strings.Repeat("t", i+1)}); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestOllamaBaseURLWithAPISuffix(t *testing.T) {
	fake := &ollamaFake{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	e, err := NewOllama(OllamaConfig{BaseURL: srv.URL + "/api/", Model: "nomic-embed-text"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Embed(context.Background(), []string{"a"}); err != nil {
		t.Fatalf("base URL ending in /api/ was not accepted: %v", err)
	}
}
