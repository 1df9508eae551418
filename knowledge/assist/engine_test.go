package assist

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func newEngine(t *testing.T, cfg Config) *Engine {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// tokenSink collects streamed tokens.
type tokenSink struct {
	mu     sync.Mutex
	tokens []string
}

func (s *tokenSink) add(tok string) {
	s.mu.Lock()
	s.tokens = append(s.tokens, tok)
	s.mu.Unlock()
}

func (s *tokenSink) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.tokens, "")
}

func (s *tokenSink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

func checkGoodSuggestion(t *testing.T, sug Suggestion, provider string) {
	t.Helper()
	if sug.Provider != provider || sug.Model != "test-model" || len(sug.PromptHash) != 64 {
		t.Errorf("provider/model/hash = %q %q %q", sug.Provider, sug.Model, sug.PromptHash)
	}
	if !slices.Equal(sug.PassageIDs, []string{"billing-refunds#1", "tech-login#0", "billing-refunds#2"}) {
		t.Errorf("PassageIDs = %v", sug.PassageIDs)
	}
	if len(sug.Passages) != 3 || sug.Passages[1] != (PassageRef{PassageID: "tech-login#0", ArticleID: "tech-login", ArticleVersion: 1}) {
		t.Errorf("Passages = %+v", sug.Passages)
	}
	if len(sug.Options) != 3 || sug.NotInKB {
		t.Fatalf("options = %d, notInKB = %v", len(sug.Options), sug.NotInKB)
	}
	for i, o := range sug.Options {
		if o.Kind != KindLLM || !o.Verified() {
			t.Errorf("option %d kind %q flags %v sentences %+v", i, o.Kind, o.Flags, o.Sentences)
		}
	}
	c := sug.Options[0].Citations
	if len(c) != 2 || c[0] != (Citation{PassageID: "billing-refunds#1", ArticleID: "billing-refunds", ArticleVersion: 3, Quote: refundPassage.Text}) {
		t.Errorf("citations = %+v", c)
	}
}

func TestSuggestOpenAIStreaming(t *testing.T) {
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: chunk(goodAnswer, 7)})
	e := newEngine(t, f.config())
	var sink tokenSink
	sug, err := e.Suggest(context.Background(), testRequest, testPassages, Options{}, sink.add)
	if err != nil {
		t.Fatal(err)
	}
	checkGoodSuggestion(t, sug, ProviderOpenAI)
	if sink.text() != goodAnswer || sink.count() < 10 {
		t.Errorf("streamed %d tokens, text equal: %v", sink.count(), sink.text() == goodAnswer)
	}
	// What langchaingo sent, as the real API expects it.
	reqs := f.received()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-test-secret-key" ||
		r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("path %q headers %v", r.Path, r.Header)
	}
	if r.Body["stream"] != true || r.Body["model"] != "test-model" {
		t.Errorf("body %v", r.Body)
	}
	msgs, _ := r.Body["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["role"] != "system" || msgs[1].(map[string]any)["role"] != "user" {
		t.Fatalf("messages %v", msgs)
	}
	user := msgs[1].(map[string]any)["content"].(string)
	if promptHash(msgs[0].(map[string]any)["content"].(string), user) != sug.PromptHash {
		t.Error("prompt hash is not the hash of the prompt sent")
	}
	if !strings.Contains(user, `<passage id="billing-refunds#1" article_id="billing-refunds" article_version="3"`) {
		t.Errorf("prompt lacks the passage delimiter:\n%s", user)
	}
	// Loopback endpoint: no redaction by default.
	if !strings.Contains(user, "anna.berg@example.com") {
		t.Error("loopback prompt was redacted")
	}
}

func TestSuggestOpenAIPlainJSON(t *testing.T) {
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{"```json\n" + goodAnswer + "\n```"}})
	sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkGoodSuggestion(t, sug, ProviderOpenAI)
	if r := f.received()[0]; r.Body["stream"] != nil {
		t.Errorf("stream = %v without a token callback", r.Body["stream"])
	}
}

func TestSuggestOllamaStreaming(t *testing.T) {
	f := newFakeLLM(t, ProviderOllama, fakeReply{chunks: chunk(goodAnswer, 5)})
	var sink tokenSink
	sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, sink.add)
	if err != nil {
		t.Fatal(err)
	}
	checkGoodSuggestion(t, sug, ProviderOllama)
	if sink.text() != goodAnswer {
		t.Errorf("streamed text differs")
	}
	r := f.received()[0]
	if r.Path != "/api/chat" || r.Header.Get("Accept") != "application/x-ndjson" || r.Body["stream"] != true || r.Body["format"] != "json" {
		t.Errorf("path %q accept %q body %v", r.Path, r.Header.Get("Accept"), r.Body)
	}
	if r.Header.Get("Authorization") != "" {
		t.Error("the API key was sent to Ollama")
	}
}

func TestSuggestOllamaPlain(t *testing.T) {
	f := newFakeLLM(t, ProviderOllama, fakeReply{chunks: []string{goodAnswer}})
	sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkGoodSuggestion(t, sug, ProviderOllama)
}

func TestSuggestErrors(t *testing.T) {
	cases := []struct {
		name    string
		kind    string
		reply   fakeReply
		want    error
		mention []string
	}{
		{"openai 401", ProviderOpenAI, fakeReply{status: 401, body: `{"error":{"message":"Incorrect API key provided: sk-test-secret-key","type":"invalid_request_error"}}`},
			ErrUnauthorized, []string{"API key was refused", "HTTP 401", "Settings"}},
		{"openai 403", ProviderOpenAI, fakeReply{status: 403, body: `{"error":{"message":"forbidden"}}`}, ErrUnauthorized, []string{"HTTP 403"}},
		{"openai 500", ProviderOpenAI, fakeReply{status: 500, body: `{"error":{"message":"The server had an error"}}`}, ErrServer, []string{"HTTP 500", "try again"}},
		{"openai 404 model", ProviderOpenAI, fakeReply{status: 404, body: `{"error":{"message":"The model test-model does not exist"}}`}, ErrRejected, []string{"model test-model", "model name"}},
		{"openai 400", ProviderOpenAI, fakeReply{status: 400, body: `{"error":{"message":"bad"}}`}, ErrRejected, []string{"HTTP 400"}},
		{"openai web page", ProviderOpenAI, fakeReply{raw: "<html>hello</html>"}, ErrRejected, []string{"web page", "base URL"}},
		{"ollama garbage 200", ProviderOllama, fakeReply{raw: "not json at all\n"}, ErrServer, []string{"could not read"}},
		{"ollama 500", ProviderOllama, fakeReply{status: 500, body: `{"error":"llama runner process has terminated"}`}, ErrServer, []string{"llama runner"}},
		{"ollama 404 model", ProviderOllama, fakeReply{status: 404, body: `{"error":"model \"test-model\" not found, try pulling it first"}`}, ErrRejected, []string{"ollama pull test-model"}},
		{"openai empty", ProviderOpenAI, fakeReply{chunks: []string{""}}, ErrEmptyOutput, []string{"no text"}},
		{"ollama empty", ProviderOllama, fakeReply{chunks: []string{"  "}}, ErrEmptyOutput, nil},
	}
	for _, c := range cases {
		for _, streaming := range []bool{false, true} {
			f := newFakeLLM(t, c.kind, c.reply)
			var onToken func(string)
			if streaming {
				onToken = func(string) {}
			}
			_, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, onToken)
			if !errors.Is(err, c.want) {
				t.Errorf("%s (streaming %v): error = %v, want %v", c.name, streaming, err, c.want)
				continue
			}
			for _, m := range c.mention {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("%s: %q does not mention %q", c.name, err, m)
				}
			}
			if strings.Contains(err.Error(), "sk-test-secret-key") {
				t.Errorf("%s: error leaks the API key: %v", c.name, err)
			}
			if n := len(f.received()); n != 1 {
				t.Errorf("%s: %d requests, want 1 (no retries by default, no repair)", c.name, n)
			}
		}
	}
}

func TestSuggestRetriesServerErrors(t *testing.T) {
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{status: 503, body: "overloaded"}, fakeReply{chunks: chunk(goodAnswer, 50)})
	var sl sleepRecorder
	cfg := f.config()
	cfg.MaxRetries, cfg.Sleep = 1, sl.sleep
	sug, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	checkGoodSuggestion(t, sug, ProviderOpenAI)
	if d := sl.delays(); len(d) != 1 || d[0] != time.Second {
		t.Errorf("delays = %v", d)
	}
}

func TestSuggestRateLimited(t *testing.T) {
	limited := func(after string) fakeReply {
		return fakeReply{status: 429, header: map[string]string{"Retry-After": after},
			body: `{"error":{"message":"Rate limit reached for requests","type":"requests"}}`}
	}
	t.Run("retry after short delay", func(t *testing.T) {
		f := newFakeLLM(t, ProviderOpenAI, limited("3"), fakeReply{chunks: chunk(goodAnswer, 40)})
		var sl sleepRecorder
		cfg := f.config()
		cfg.Sleep = sl.sleep
		sug, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		checkGoodSuggestion(t, sug, ProviderOpenAI)
		if d := sl.delays(); !slices.Equal(d, []time.Duration{3 * time.Second}) {
			t.Errorf("slept %v, want [3s]", d)
		}
		if len(f.received()) != 2 {
			t.Errorf("%d requests", len(f.received()))
		}
	})
	t.Run("retried once only", func(t *testing.T) {
		f := newFakeLLM(t, ProviderOpenAI, limited("1"))
		var sl sleepRecorder
		cfg := f.config()
		cfg.Sleep = sl.sleep
		_, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "try again after") {
			t.Fatalf("error = %v", err)
		}
		if len(sl.delays()) != 1 || len(f.received()) != 2 {
			t.Errorf("delays %v requests %d", sl.delays(), len(f.received()))
		}
	})
	t.Run("delay above cap", func(t *testing.T) {
		f := newFakeLLM(t, ProviderOpenAI, limited("120"))
		var sl sleepRecorder
		cfg := f.config()
		cfg.Sleep = sl.sleep
		_, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "wait 2m0s") {
			t.Fatalf("error = %v", err)
		}
		if len(sl.delays()) != 0 || len(f.received()) != 1 {
			t.Errorf("waited %v, %d requests", sl.delays(), len(f.received()))
		}
	})
	t.Run("http date", func(t *testing.T) {
		now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
		d, ok := parseRetryAfter(now.Add(5*time.Second).Format(http.TimeFormat), now)
		if !ok || d != 5*time.Second {
			t.Errorf("parseRetryAfter = %v %v", d, ok)
		}
		if _, ok := parseRetryAfter("soon", now); ok {
			t.Error("parsed garbage")
		}
	})
	t.Run("no header", func(t *testing.T) {
		f := newFakeLLM(t, ProviderOllama, fakeReply{status: 429, body: `{"error":"too many requests"}`})
		_, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "in a minute") {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestSuggestTimeout(t *testing.T) {
	for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
		f := newFakeLLM(t, kind, fakeReply{hang: true})
		cfg := f.config()
		cfg.Timeout = 50 * time.Millisecond
		_, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, func(string) {})
		if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "raise the timeout") {
			t.Errorf("%s: error = %v, want ErrTimeout", kind, err)
		}
		// The caller's own deadline gives the same kind.
		f2 := newFakeLLM(t, kind, fakeReply{hang: true})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, err = newEngine(t, f2.config()).Suggest(ctx, testRequest, testPassages, Options{}, nil)
		cancel()
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: caller deadline error = %v", kind, err)
		}
	}
}

func TestSuggestCancelMidStream(t *testing.T) {
	for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
		gate := make(chan struct{})
		f := newFakeLLM(t, kind, fakeReply{chunks: chunk(goodAnswer, 20), gate: gate})
		ctx, cancel := context.WithCancel(context.Background())
		var once sync.Once
		_, err := newEngine(t, f.config()).Suggest(ctx, testRequest, testPassages, Options{}, func(string) { once.Do(cancel) })
		cancel()
		close(gate)
		if !errors.Is(err, ErrCanceled) {
			t.Errorf("%s: error = %v, want ErrCanceled", kind, err)
		}
	}
}

func TestSuggestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
		cfg := Config{Provider: kind, BaseURL: "http://" + addr + "/v1", Model: "m"}
		_, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), addr) {
			t.Errorf("%s: error = %v", kind, err)
		}
	}
	if kind := ProviderOllama; true {
		cfg := Config{Provider: kind, BaseURL: "http://" + addr, Model: "m"}
		_, err := newEngine(t, cfg).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !strings.Contains(err.Error(), "ollama serve") {
			t.Errorf("ollama unreachable message: %v", err)
		}
	}
}

func TestSuggestRepair(t *testing.T) {
	bad := `Here you go: {"options": [{"title": "Refund", "reply": "We refund."}` // truncated
	t.Run("repair succeeds", func(t *testing.T) {
		for _, kind := range []string{ProviderOpenAI, ProviderOllama} {
			f := newFakeLLM(t, kind, fakeReply{chunks: chunk(bad, 9)}, fakeReply{chunks: chunk(goodAnswer, 9)})
			var sink tokenSink
			sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, sink.add)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			checkGoodSuggestion(t, sug, kind)
			if !sug.Repaired {
				t.Error("Repaired not set")
			}
			reqs := f.received()
			if len(reqs) != 2 {
				t.Fatalf("%d requests", len(reqs))
			}
			msgs := reqs[1].Body["messages"].([]any)
			if len(msgs) != 4 {
				t.Fatalf("repair request has %d messages", len(msgs))
			}
			if m := msgs[2].(map[string]any); m["role"] != "assistant" || m["content"] != bad {
				t.Errorf("repair request does not quote the bad answer: %v", m)
			}
			if m := msgs[3].(map[string]any); m["role"] != "user" || !strings.Contains(m["content"].(string), "JSON object is invalid") {
				t.Errorf("repair request does not say what was wrong: %v", m)
			}
			if sink.text() != bad+goodAnswer {
				t.Errorf("streamed %q", sink.text())
			}
		}
	})
	t.Run("repair fails", func(t *testing.T) {
		oneOption := answerJSON(rawAnswer{Options: []rawOption{{Title: "Only", Reply: "Just one."}}})
		f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{bad}}, fakeReply{chunks: []string{oneOption}})
		_, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if !errors.Is(err, ErrBadOutput) || !strings.Contains(err.Error(), "has 1 entries") || !strings.Contains(err.Error(), "test-model") {
			t.Fatalf("error = %v", err)
		}
		if len(f.received()) != 2 {
			t.Errorf("%d requests, want exactly one repair", len(f.received()))
		}
	})
}

func TestSuggestUnknownCitations(t *testing.T) {
	ans := answerJSON(rawAnswer{Options: []rawOption{
		{Title: "A", Reply: "Refunds for duplicate charges are issued within 5 business days.", Citations: []string{"billing-refunds#1", "billing-refunds#99", "made-up#0"}},
		{Title: "B", Reply: "Please reset your password from the sign-in page.", Citations: []string{"nope#1"}},
		{Title: "C", Reply: "Please clear your browser cookies.", Citations: []string{" [tech-login#0] "}},
	}})
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{ans}})
	sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := sug.Options[0], sug.Options[1], sug.Options[2]
	if len(a.Citations) != 1 || a.Citations[0].PassageID != "billing-refunds#1" || !slices.Equal(a.Flags, []string{FlagDroppedUnknownCitation}) {
		t.Errorf("A: citations %+v flags %v", a.Citations, a.Flags)
	}
	if len(b.Citations) != 0 || !slices.Contains(b.Flags, FlagDroppedUnknownCitation) || !slices.Contains(b.Flags, FlagNoCitations) ||
		!slices.Contains(b.Flags, FlagUnverifiedSentences) {
		t.Errorf("B: citations %+v flags %v", b.Citations, b.Flags)
	}
	if len(c.Citations) != 1 || len(c.Flags) != 0 {
		t.Errorf("C (decorated id): citations %+v flags %v", c.Citations, c.Flags)
	}
}

func TestSuggestFlagsFabricatedFee(t *testing.T) {
	ans := answerJSON(rawAnswer{Options: []rawOption{
		{Title: "Fee", Reply: "Hi Anna, a cancellation fee of €25.00 applies to annual plans cancelled after 30 days.", Citations: []string{"billing-refunds#1"}},
		{Title: "Cancellation fee", Reply: "Hi Anna, a cancellation fee of €15.00 applies to annual plans cancelled after 30 days.", Citations: []string{"billing-refunds#1"}},
	}})
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{ans}})
	sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bad, good := sug.Options[0], sug.Options[1]
	if !slices.Contains(bad.Flags, FlagUnverifiedSentences) || !slices.Contains(bad.Flags, FlagUntrustedDetail) {
		t.Errorf("fabricated fee not flagged: %v %+v", bad.Flags, bad.Sentences)
	}
	if len(good.Flags) != 0 || !good.Verified() {
		t.Errorf("correct fee flagged: %v %+v", good.Flags, good.Sentences)
	}
}

func TestSuggestNotInKB(t *testing.T) {
	t.Run("model says so", func(t *testing.T) {
		ans := `{"options":[],"not_in_kb":true,"clarifying_question":"Which plan are you on, Anna?"}`
		f := newFakeLLM(t, ProviderOllama, fakeReply{chunks: []string{ans}})
		sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, testPassages, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sug.NotInKB || sug.ClarifyingQuestion != "Which plan are you on, Anna?" || len(sug.Options) != 1 {
			t.Fatalf("%+v", sug)
		}
		o := sug.Options[0]
		if o.Kind != KindNotInKB || len(o.Citations) != 0 || !strings.Contains(o.Reply, "Which plan are you on, Anna?") || o.Verified() {
			t.Errorf("option %+v", o)
		}
	})
	t.Run("no usable passages", func(t *testing.T) {
		f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{goodAnswer}})
		stale := []Passage{refundPassage, loginPassage}
		stale[0].Stale, stale[1].Flagged = true, true
		sug, err := newEngine(t, f.config()).Suggest(context.Background(), testRequest, stale, Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sug.NotInKB || len(sug.Options) != 1 || sug.Options[0].Kind != KindNotInKB || sug.PromptHash != "" {
			t.Fatalf("%+v", sug)
		}
		if len(f.received()) != 0 {
			t.Error("the model was asked without passages")
		}
	})
}

func TestSuggestStaleOverride(t *testing.T) {
	ps := append([]Passage(nil), testPassages...)
	ps[0].Stale = true
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: []string{goodAnswer}})
	e := newEngine(t, f.config())
	sug, err := e.Suggest(context.Background(), testRequest, ps, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(sug.PassageIDs, "billing-refunds#1") || strings.Contains(f.received()[0].Raw, `billing-refunds#1\"`) {
		t.Errorf("stale passage used without override: %v", sug.PassageIDs)
	}
	if !slices.Contains(sug.Options[0].Flags, FlagDroppedUnknownCitation) {
		t.Errorf("citation of the excluded stale passage kept: %v", sug.Options[0].Flags)
	}
	sug, err = e.Suggest(context.Background(), testRequest, ps, Options{AllowStale: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(sug.PassageIDs, "billing-refunds#1") || !slices.Contains(sug.Options[0].Flags, FlagStalePassage) {
		t.Errorf("override: ids %v flags %v", sug.PassageIDs, sug.Options[0].Flags)
	}
}

func TestSuggestRedactsForRemoteAndRestores(t *testing.T) {
	// The fake runs on loopback, so force redaction as for a remote host.
	reply := answerJSON(rawAnswer{Options: []rawOption{
		{Title: "Call back", Reply: "Hi Anna, we will call you on [PHONE_1] and confirm by e-mail to [EMAIL_1].", Citations: []string{"billing-refunds#1"}},
		{Title: "Refund", Reply: "Refunds for duplicate charges are issued within 5 business days.", Citations: []string{"billing-refunds#1"}},
	}})
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: chunk(reply, 3)})
	cfg := f.config()
	cfg.PII.Mode = "always"
	e := newEngine(t, cfg)
	if !e.Redacts() {
		t.Fatal("Redacts() = false")
	}
	var sink tokenSink
	sug, err := e.Suggest(context.Background(), testRequest, testPassages, Options{}, sink.add)
	if err != nil {
		t.Fatal(err)
	}
	raw := f.received()[0].Raw
	for _, leak := range []string{"anna.berg@example.com", "7700 900123"} {
		if strings.Contains(raw, leak) {
			t.Errorf("prompt sent %q", leak)
		}
	}
	if !strings.Contains(raw, "[EMAIL_1]") || !strings.Contains(raw, "[PHONE_1]") {
		t.Errorf("placeholders missing from prompt")
	}
	want := "Hi Anna, we will call you on +44 7700 900123 and confirm by e-mail to anna.berg@example.com."
	if sug.Options[0].Reply != want {
		t.Errorf("reply = %q", sug.Options[0].Reply)
	}
	if !strings.Contains(sink.text(), want) || strings.Contains(sink.text(), "[EMAIL_") || strings.Contains(sink.text(), "[PHONE_") {
		t.Errorf("streamed text not restored: %q", sink.text())
	}
	// The customer's own phone and e-mail are trusted details.
	if slices.Contains(sug.Options[0].Flags, FlagUntrustedDetail) {
		t.Errorf("flags %v", sug.Options[0].Flags)
	}
}

func TestProviderNoneIsExtractive(t *testing.T) {
	e := newEngine(t, Config{})
	sug, err := e.Suggest(context.Background(), testRequest, testPassages, Options{}, func(string) { t.Error("token streamed without a model") })
	if err != nil {
		t.Fatal(err)
	}
	if sug.Provider != ProviderNone || len(sug.Options) == 0 || sug.Options[0].Kind != KindExtractive {
		t.Fatalf("%+v", sug)
	}
}

func TestSuggestConcurrent(t *testing.T) {
	f := newFakeLLM(t, ProviderOpenAI, fakeReply{chunks: chunk(goodAnswer, 30)})
	cfg := f.config()
	cfg.PII.Mode = "always"
	e := newEngine(t, cfg)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sink tokenSink
			sug, err := e.Suggest(context.Background(), testRequest, testPassages, Options{}, sink.add)
			if err == nil && (len(sug.Options) != 3 || sink.text() != goodAnswer) {
				err = errors.New("wrong result")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
