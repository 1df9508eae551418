package embed

import (
	"bytes"
	"concierge/knowledge/internal/providermsg"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tmc/langchaingo/embeddings"
)

const (
	// DefaultRemoteTimeout bounds each request batch to a remote provider
	// when the configuration gives no timeout. Generous, because Ollama
	// loads the model into memory on first use.
	DefaultRemoteTimeout = 2 * time.Minute
	// remoteMaxErrorBody is how much of an error response is kept to explain it.
	remoteMaxErrorBody = 64 << 10
	// remoteMaxBody caps a successful response; a larger one is treated as garbage.
	remoteMaxBody = 256 << 20
	// remoteMaxMessage caps the server's own words quoted in an error.
	remoteMaxMessage = providermsg.MaxBytes
)

// remoteEmbedder is an Embedder backed by a langchaingo embeddings client
// that talks HTTP to Ollama or an OpenAI-compatible service.
type remoteEmbedder struct {
	id        string
	kind      remoteKind
	baseURL   string // as shown to the user
	model     string
	timeout   time.Duration
	batchSize int
	client    embeddings.EmbedderClient
	dims      atomic.Int64 // vector dimension seen first; 0 until then
}

// remoteKind says which provider an embedder talks to, for error messages.
type remoteKind int

const (
	remoteOllama remoteKind = iota
	remoteOpenAI
)

// ID implements Embedder.
func (e *remoteEmbedder) ID() string { return e.id }

// Embed implements Embedder. Texts are sent in batches; the configured
// timeout bounds each batch and ctx bounds the whole call. The vectors are
// L2-normalised and checked: one per text, finite, not all zero, and of the
// same dimension as every vector this embedder returned before.
func (e *remoteEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	if len(texts) == 0 {
		return out, nil
	}
	for _, batch := range embeddings.BatchTexts(texts, e.batchSize) {
		if err := ctx.Err(); err != nil {
			return nil, e.contextError(ctx, err)
		}
		vecs, err := e.embedBatch(ctx, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

// embedBatch sends one batch and validates the answer.
func (e *remoteEmbedder) embedBatch(parent context.Context, batch []string) ([][]float32, error) {
	ctx, cancel := context.WithTimeout(parent, e.timeout)
	defer cancel()
	rec := &remoteRecord{}
	ctx = context.WithValue(ctx, remoteRecordKey{}, rec)

	vecs, err := e.client.CreateEmbedding(ctx, batch)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, e.contextError(parent, ctxErr)
		}
		return nil, e.explain(rec, err)
	}
	if len(vecs) != len(batch) {
		return nil, e.garbage(fmt.Sprintf("sent %d vectors for %d texts", len(vecs), len(batch)))
	}
	out := make([][]float32, len(vecs))
	for i, v := range vecs {
		n, err := remoteNormalize(v)
		if err != nil {
			return nil, e.garbage(err.Error())
		}
		if err := e.checkDims(len(n)); err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

// checkDims remembers the first dimension seen and refuses any other.
func (e *remoteEmbedder) checkDims(d int) error {
	if e.dims.CompareAndSwap(0, int64(d)) {
		return nil
	}
	if want := e.dims.Load(); int64(d) != want {
		return fmt.Errorf("%w: %s now returns %d-dimensional vectors for model %q instead of %d; "+
			"if the model was replaced on the server, choose the embedder again in Settings so that articles are re-indexed",
			ErrUnavailable, e.name(), d, e.model, want)
	}
	return nil
}

// remoteNormalize returns v scaled to unit length, refusing empty, all-zero
// and non-finite vectors.
func remoteNormalize(v []float32) ([]float32, error) {
	if len(v) == 0 {
		return nil, errors.New("sent an empty vector")
	}
	var sum float64
	for _, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, errors.New("sent a vector containing NaN or infinity")
		}
		sum += f * f
	}
	if sum == 0 {
		return nil, errors.New("sent an all-zero vector")
	}
	inv := 1 / math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out, nil
}

// name is how error messages refer to the provider.
func (e *remoteEmbedder) name() string {
	if e.kind == remoteOllama {
		return "Ollama at " + e.baseURL
	}
	return "the embedding service at " + e.baseURL
}

// contextError explains a cancelled or timed-out call. parent is the
// caller's context: if it is done, the caller gave up; otherwise our own
// per-batch timeout fired.
func (e *remoteEmbedder) contextError(parent context.Context, err error) error {
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.Canceled) {
			return fmt.Errorf("embedding with %s was cancelled: %w", e.name(), perr)
		}
		return fmt.Errorf("%w: %s did not answer in time: %w", ErrUnavailable, e.name(), perr)
	}
	hint := "the service may be overloaded; try again later or raise the timeout in Settings"
	if e.kind == remoteOllama {
		hint = "it may still be loading the model; try again or raise the timeout in Settings"
	}
	return fmt.Errorf("%w: %s did not answer within %s (%s): %w", ErrUnavailable, e.name(), e.timeout, hint, context.DeadlineExceeded)
}

// garbage reports a response that arrived but makes no sense.
func (e *remoteEmbedder) garbage(detail string) error {
	return fmt.Errorf("%w: %s %s; check that %q is an embedding model", ErrUnavailable, e.name(), detail, e.model)
}

// explain turns a failed request into a message a user can act on, using
// what the transport saw (status code, error body, network error) because
// langchaingo's errors are mostly plain strings.
func (e *remoteEmbedder) explain(rec *remoteRecord, err error) error {
	status, body, netErr := rec.get()
	switch {
	case netErr != nil:
		if e.kind == remoteOllama {
			return fmt.Errorf("%w: cannot reach Ollama at %s: is it running? (%s)", ErrUnavailable, e.baseURL, remoteNetCause(netErr))
		}
		return fmt.Errorf("%w: cannot reach the embedding service at %s: check the address and your network connection (%s)",
			ErrUnavailable, e.baseURL, remoteNetCause(netErr))
	case status == 0:
		// No HTTP exchange recorded: the request could not even be built.
		return fmt.Errorf("%w: %s could not be asked for embeddings: %s", ErrUnavailable, e.name(), providermsg.Clip(err.Error()))
	case status >= 200 && status < 300:
		return e.garbage("sent a response Concierge could not use (" + providermsg.Clip(err.Error()) + ")")
	}

	msg := providermsg.FromBody(body)
	quoted := ""
	if msg != "" {
		quoted = ": " + msg
	}
	switch {
	case (status == http.StatusUnauthorized || status == http.StatusForbidden) && e.kind == remoteOllama:
		return fmt.Errorf("%w: %s refused access (HTTP %d%s); Ollama itself needs no key, so check the proxy in front of it",
			ErrUnavailable, e.name(), status, quoted)
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("%w: the API key was refused by %s (HTTP %d%s); check the key in Settings",
			ErrUnavailable, e.hostName(), status, quoted)
	case status == http.StatusNotFound:
		return e.notFound(msg)
	case status == http.StatusTooManyRequests:
		return fmt.Errorf("%w: %s is rate limiting requests (HTTP 429%s); wait a minute and try again, or check your plan's quota",
			ErrUnavailable, e.name(), quoted)
	case status == http.StatusRequestEntityTooLarge:
		return fmt.Errorf("%w: %s refused a request as too large (HTTP 413%s)", ErrUnavailable, e.name(), quoted)
	case status >= 500:
		return fmt.Errorf("%w: %s had an internal error (HTTP %d%s); try again later", ErrUnavailable, e.name(), status, quoted)
	default:
		return fmt.Errorf("%w: %s rejected the request (HTTP %d%s); check the model name and address in Settings",
			ErrUnavailable, e.name(), status, quoted)
	}
}

// notFound explains an HTTP 404: usually a missing model, sometimes a wrong
// address.
func (e *remoteEmbedder) notFound(msg string) error {
	lower := strings.ToLower(msg)
	modelMissing := strings.Contains(lower, "model") || strings.Contains(lower, strings.ToLower(e.model))
	switch {
	case e.kind == remoteOllama && modelMissing:
		return fmt.Errorf("%w: model %s is not installed in Ollama at %s — run `ollama pull %s`",
			ErrUnavailable, e.model, e.baseURL, e.model)
	case e.kind == remoteOllama:
		return fmt.Errorf("%w: Ollama at %s has no /api/embed endpoint: check the address, or update Ollama",
			ErrUnavailable, e.baseURL)
	case modelMissing:
		return fmt.Errorf("%w: model %s is not available at %s (%s); check the model name in Settings",
			ErrUnavailable, e.model, e.baseURL, msg)
	default:
		return fmt.Errorf("%w: %s has no embeddings endpoint at %s/embeddings: check the base URL (it usually ends in /v1)",
			ErrUnavailable, e.hostName(), strings.TrimSuffix(e.baseURL, "/"))
	}
}

// hostName is the host part of the base URL.
func (e *remoteEmbedder) hostName() string {
	if u, err := url.Parse(e.baseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return e.baseURL
}

// remoteNetCause describes a network failure briefly, without the URL that
// the message already names.
func remoteNetCause(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		return "unknown host " + dnsErr.Name
	case errors.As(err, &opErr) && opErr.Err != nil:
		return providermsg.Clip(opErr.Err.Error())
	}
	var uErr *url.Error
	if errors.As(err, &uErr) {
		return providermsg.Clip(uErr.Err.Error())
	}
	return providermsg.Clip(err.Error())
}

// remoteRecordKey carries a *remoteRecord in a request context.
type remoteRecordKey struct{}

// remoteRecord is what the transport saw of the last request of a batch.
type remoteRecord struct {
	mu     sync.Mutex
	status int
	body   []byte
	err    error
}

func (r *remoteRecord) set(status int, body []byte, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.status, r.body, r.err = status, body, err
}

func (r *remoteRecord) get() (int, []byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status, r.body, r.err
}

// remoteTransport records status, error body and network errors of each
// request into the remoteRecord of its context, and caps response sizes.
type remoteTransport struct {
	base http.RoundTripper
}

// newRemoteHTTPClient returns the HTTP client a remote embedder uses. It has
// no overall timeout: contexts bound every request.
func newRemoteHTTPClient() *http.Client {
	base := http.DefaultTransport.(*http.Transport).Clone()
	return &http.Client{Transport: &remoteTransport{base: base}}
}

// RoundTrip implements http.RoundTripper.
func (t *remoteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec, _ := req.Context().Value(remoteRecordKey{}).(*remoteRecord)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		if rec != nil {
			rec.set(0, nil, err)
		}
		return nil, err
	}
	if resp.StatusCode >= 400 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, remoteMaxErrorBody))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if rec != nil {
			rec.set(resp.StatusCode, body, nil)
		}
		return resp, nil
	}
	resp.Body = &remoteLimitedBody{r: io.LimitReader(resp.Body, remoteMaxBody), c: resp.Body}
	if rec != nil {
		rec.set(resp.StatusCode, nil, nil)
	}
	return resp, nil
}

// remoteLimitedBody is a response body cut off after remoteMaxBody bytes
// (the JSON decoder then fails and the response counts as garbage).
type remoteLimitedBody struct {
	r io.Reader
	c io.Closer
}

func (b *remoteLimitedBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *remoteLimitedBody) Close() error               { return b.c.Close() }
