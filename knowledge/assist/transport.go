package assist

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
)

// langchaingo turns HTTP failures into plain strings. To tell a refused key
// from a rate limit or an unreachable host, the HTTP client's transport
// records what it saw of each exchange into a record carried by the request
// context.

// maxErrorBody is how much of an error response is kept to explain it.
const maxErrorBody = 64 << 10

type recordKey struct{}

// exchange is what the transport saw of the last HTTP exchange of a call.
type exchange struct {
	mu         sync.Mutex
	status     int
	body       []byte
	retryAfter string
	netErr     error
	ctype      string // Content-Type of the last response
}

func (x *exchange) contentType() string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.ctype
}

func (x *exchange) set(status int, body []byte, retryAfter string, netErr error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.status, x.body, x.retryAfter, x.netErr = status, body, retryAfter, netErr
}

func (x *exchange) get() (status int, body []byte, retryAfter string, netErr error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.status, x.body, x.retryAfter, x.netErr
}

// withExchange returns a context whose HTTP exchanges are recorded in x.
func withExchange(ctx context.Context, x *exchange) context.Context {
	return context.WithValue(ctx, recordKey{}, x)
}

// recordingTransport records status, error body, Retry-After and network
// errors into the exchange of the request's context.
type recordingTransport struct {
	base http.RoundTripper
}

// newHTTPClient returns the client the models use: no overall timeout
// (contexts bound every call), requests recorded. Every engine shares the
// standard library's connection pool (http.DefaultTransport, never
// modified): an engine is built per suggestion, and a transport of its own
// each time left its keep-alive connection — two goroutines and a file —
// open for 90 s after every suggestion (found by the soak, BenchmarkSoak).
func newHTTPClient() *http.Client {
	return &http.Client{Transport: &recordingTransport{base: http.DefaultTransport}}
}

// RoundTrip implements http.RoundTripper.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	x, _ := req.Context().Value(recordKey{}).(*exchange)
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		if x != nil {
			x.set(0, nil, "", err)
		}
		return nil, err
	}
	if x == nil {
		return resp, nil
	}
	if resp.StatusCode >= 400 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		x.set(resp.StatusCode, body, resp.Header.Get("Retry-After"), nil)
		return resp, nil
	}
	x.set(resp.StatusCode, nil, "", nil)
	x.mu.Lock()
	x.ctype = resp.Header.Get("Content-Type")
	x.mu.Unlock()
	return resp, nil
}
