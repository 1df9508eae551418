//go:build harness

// Command harness serves the built frontend in an ordinary browser and
// dispatches window.go.* calls to the real bound services, so end-to-end
// tests drive the real Go back end in headless Chromium without a Wails
// window. It is test-only (build tag "harness") and listens on loopback.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"

	"concierge/app"
	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
	"concierge/knowledge/wiring/teamconn"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	dataDir := flag.String("data-dir", "", "data directory (a fresh temporary one when empty)")
	dist := flag.String("dist", "frontend/dist", "built frontend")
	seed := flag.Int("seed-ledger", 0, "record this many demonstration suggestion sets, then exit (seed.go)")
	flag.Parse()
	if *seed > 0 {
		if err := seedOnly(*dataDir, *seed); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := run(*addr, *dataDir, *dist); err != nil {
		log.Fatal(err)
	}
}

// seedOnly opens the data folder as the app does (importing the sample on
// first use), records n demonstration suggestion sets and exits.
func seedOnly(dataDir string, n int) error {
	if dataDir == "" {
		return fmt.Errorf("-seed-ledger needs -data-dir")
	}
	ctx := context.Background()
	cfg, _ := config.Load(dataDir)
	stores, err := wiring.OpenStores(ctx, dataDir, cfg)
	if err != nil {
		return err
	}
	kc, err := core.Open(ctx, core.Options{DataDir: dataDir, Stores: stores, Keychain: secrets.Memory{}})
	if err != nil {
		return err
	}
	defer kc.Close()
	if err := kc.Bootstrap(ctx); err != nil {
		return err
	}
	return seedLedger(ctx, stores, n)
}

func run(addr, dataDir, dist string) error {
	if dataDir == "" {
		d, err := os.MkdirTemp("", "concierge-harness-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dataDir = d
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil || (host != "127.0.0.1" && host != "localhost" && host != "::1") {
		return fmt.Errorf("the harness listens on loopback only, got %q", addr)
	}
	hub := newHub()
	ctx := context.Background()
	cfg, err := config.Load(dataDir)
	if err != nil {
		return err
	}
	var a *app.App
	clock := &shiftedClock{}
	keys := secrets.Memory{} // never touch the OS keychain from tests
	open := func(ctx context.Context, cfg config.Config) (*core.Core, error) {
		opened, err := wiring.OpenForApp(ctx, dataDir, cfg, wiring.WithKeychain(keys))
		if err != nil {
			return nil, err
		}
		return core.Open(ctx, core.Options{
			Clock:      clock.Now,
			DataDir:    dataDir,
			Stores:     opened.Stores,
			Feed:       opened.Feed,
			ReadOnly:   opened.ReadOnly,
			Connector:  teamconn.Connector{},
			Keychain:   keys,
			Logger:     slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
			OnProgress: func(p core.Progress) { a.OnProgress(p) },
			OnChange:   func(ch knowledge.Change) { a.OnChange(ch) },
		})
	}
	kc, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	a = app.New(kc)
	a.SetRuntime(hub, hub)
	// Like the window: Settings → Team database switches databases at once.
	a.SetReopener(func(ctx context.Context) (*core.Core, error) {
		cfg, err := config.Load(dataDir)
		if err != nil {
			return nil, err
		}
		return open(ctx, cfg)
	})
	// Like the window: the bootstrap runs under the app's lifecycle, and
	// the first-run import is awaited so tests start on a ready knowledge base.
	a.Start(ctx)
	defer a.Shutdown(ctx)
	if err := kc.Bootstrap(ctx); err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /__harness/call", callHandler(a.Bind()))
	mux.HandleFunc("GET /__harness/events", hub.serveSSE)
	mux.HandleFunc("POST /__harness/advance", clock.serveAdvance(kc))
	mux.HandleFunc("GET /__harness/opened", hub.serveOpened)
	mux.HandleFunc("GET /__harness/clipboard", hub.serveClipboard)
	mux.HandleFunc("GET /__harness/shim.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		w.Write([]byte(shimJS))
	})
	mux.Handle("GET /kb-files/", app.AttachmentHandler(dataDir))
	mux.Handle("/", indexWithShim(dist))

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		srv.Close()
	}()
	fmt.Printf("HARNESS READY http://%s\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}

// indexWithShim serves dist, loading the shim before the app's own scripts
// (in Wails the runtime injects window.go and window.runtime the same way).
func indexWithShim(dist string) http.Handler {
	files := http.FileServer(http.Dir(dist))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/index.html" {
			files.ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(filepath.Join(dist, "index.html"))
		if err != nil {
			http.Error(w, "frontend not built: run npm run build in frontend/", http.StatusInternalServerError)
			return
		}
		html := strings.Replace(string(page), "<head>", `<head><script src="/__harness/shim.js"></script>`, 1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte(html))
	})
}

type call struct {
	Service string            `json:"service"`
	Method  string            `json:"method"`
	Args    []json.RawMessage `json:"args"`
}

// callHandler invokes Service.Method on the bound services with JSON
// arguments, answering {"result":…} or {"error":"…"} like Wails' IPC.
func callHandler(bound []any) http.HandlerFunc {
	services := map[string]reflect.Value{}
	for _, b := range bound {
		v := reflect.ValueOf(b)
		services[v.Elem().Type().Name()] = v
	}
	return func(w http.ResponseWriter, r *http.Request) {
		var c call
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			writeJSON(w, map[string]string{"error": "bad call: " + err.Error()})
			return
		}
		svc, ok := services[c.Service]
		if !ok {
			writeJSON(w, map[string]string{"error": "no service " + c.Service})
			return
		}
		m := svc.MethodByName(c.Method)
		if !m.IsValid() {
			writeJSON(w, map[string]string{"error": "no method " + c.Service + "." + c.Method})
			return
		}
		mt := m.Type()
		if len(c.Args) != mt.NumIn() {
			writeJSON(w, map[string]string{"error": fmt.Sprintf("%s.%s takes %d arguments, got %d", c.Service, c.Method, mt.NumIn(), len(c.Args))})
			return
		}
		in := make([]reflect.Value, mt.NumIn())
		for i := range in {
			p := reflect.New(mt.In(i))
			if err := json.Unmarshal(c.Args[i], p.Interface()); err != nil {
				writeJSON(w, map[string]string{"error": fmt.Sprintf("argument %d: %v", i, err)})
				return
			}
			in[i] = p.Elem()
		}
		out := m.Call(in)
		errType := reflect.TypeOf((*error)(nil)).Elem()
		var result any
		for _, o := range out {
			if o.Type().Implements(errType) {
				if !o.IsNil() {
					writeJSON(w, map[string]string{"error": o.Interface().(error).Error()})
					return
				}
				continue
			}
			result = o.Interface()
		}
		writeJSON(w, map[string]any{"result": result})
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// hub fans events out to SSE clients and records opened URLs.
type hub struct {
	mu        sync.Mutex
	clients   map[chan []byte]struct{}
	opened    []string
	clipboard string
}

func newHub() *hub { return &hub{clients: map[chan []byte]struct{}{}} }

func (h *hub) Emit(name string, data any) {
	msg, err := json.Marshal(map[string]any{"name": name, "data": data})
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- msg:
		default: // slow client: drop, like a busy webview would coalesce
		}
	}
}

func (h *hub) OpenURL(u string) error {
	h.mu.Lock()
	h.opened = append(h.opened, u)
	h.mu.Unlock()
	return nil
}

func (h *hub) SetClipboard(text string) error {
	h.mu.Lock()
	h.clipboard = text
	h.mu.Unlock()
	return nil
}

// PickFolder stands in for the native dialog: the folder named by
// CONCIERGE_HARNESS_PICK_FOLDER, or a new temporary folder.
func (h *hub) PickFolder(string) (string, error) {
	if d := os.Getenv("CONCIERGE_HARNESS_PICK_FOLDER"); d != "" {
		return d, nil
	}
	return os.MkdirTemp("", "concierge-harness-folder-")
}

// SaveFile stands in for the native save dialog: the path named by
// CONCIERGE_HARNESS_SAVE_FILE, or defaultName in a new temporary folder.
func (h *hub) SaveFile(_, defaultName string) (string, error) {
	if p := os.Getenv("CONCIERGE_HARNESS_SAVE_FILE"); p != "" {
		return p, nil
	}
	dir, err := os.MkdirTemp("", "concierge-harness-save-")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, defaultName), nil
}

func (h *hub) serveClipboard(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	writeJSON(w, h.clipboard)
}

func (h *hub) serveOpened(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	list := append([]string{}, h.opened...)
	h.mu.Unlock()
	writeJSON(w, list)
}

func (h *hub) serveSSE(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan []byte, 64)
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	fmt.Fprint(w, ": connected\n\n")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg := <-c:
			fmt.Fprintf(w, "data: %s\n\n", msg)
			fl.Flush()
		}
	}
}
