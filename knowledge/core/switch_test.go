package core

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"concierge/knowledge/config"
	"concierge/knowledge/embed"
	"concierge/knowledge/search"
)

// fakeEmbeddings speaks OpenAI's /v1/embeddings with 16-d vectors made from
// word hashes, enough to rank articles sharing words.
func fakeEmbeddings(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/embeddings" {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		var data []string
		for i, text := range req.Input {
			v := make([]float64, 16)
			for _, word := range strings.Fields(strings.ToLower(text)) {
				h := fnv.New32a()
				h.Write([]byte(word))
				v[h.Sum32()%16]++
			}
			v[0] += 0.01
			b, _ := json.Marshal(v)
			data = append(data, fmt.Sprintf(`{"object":"embedding","index":%d,"embedding":%s}`, i, b))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"object":"list","data":[%s],"model":%q,"usage":{"prompt_tokens":1,"total_tokens":1}}`, strings.Join(data, ","), req.Model)
	}))
}

func TestSwitchEmbedderReembedsInTheBackground(t *testing.T) {
	ctx := context.Background()
	srv := fakeEmbeddings(t)
	defer srv.Close()
	dir := t.TempDir()
	var phases []Phase
	svc, err := testOpen(ctx, Options{DataDir: dir, OnProgress: func(p Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	passages := svc.eng().Stats().Passages

	if _, err := svc.SwitchEmbedder(ctx, config.Embedding{Provider: "openai", BaseURL: "http://127.0.0.1:9/v1", Model: "m"}); err == nil {
		t.Fatal("an embedder that does not answer must be refused")
	}
	if !strings.HasPrefix(svc.EmbedderID(), embed.BuiltinID) {
		t.Fatalf("a refused switch changed the embedder to %s", svc.EmbedderID())
	}

	done, err := svc.SwitchEmbedder(ctx, config.Embedding{Provider: "openai", BaseURL: srv.URL + "/v1", Model: "fake-embed"})
	if err != nil {
		t.Fatal(err)
	}
	<-done
	st := svc.eng().Stats()
	if !strings.HasPrefix(st.Embedder, "openai:fake-embed") || st.Vectors != passages {
		t.Fatalf("after re-embedding: %+v (passages %d)", st, passages)
	}
	if svc.State().State != "ready" || phases[len(phases)-1] != PhaseReembed {
		t.Fatalf("state %+v, phases %v", svc.State(), phases)
	}
	if resp, err := svc.Search(ctx, search.Request{Query: "parking", Mode: search.ModeVector}, "test"); err != nil || len(resp.Results) == 0 {
		t.Fatalf("vector search with the new embedder: %v", err)
	}
	if cfg, _ := config.Load(dir); cfg.Embedding.Provider != "openai" || cfg.Embedding.Model != "fake-embed" {
		t.Fatalf("setting not saved: %+v", cfg.Embedding)
	}
}
