package embed

import (
	"concierge/knowledge/internal/providermsg"
	"context"
	"errors"
	"math"
	"net"
	"strings"
	"testing"
)

// remoteAssertUnit fails t unless every vector has unit length.
func remoteAssertUnit(t *testing.T, vecs [][]float32) {
	t.Helper()
	for i, v := range vecs {
		var sum float64
		for _, x := range v {
			sum += float64(x) * float64(x)
		}
		if math.Abs(math.Sqrt(sum)-1) > 1e-5 {
			t.Errorf("vector %d has length %v, want 1", i, math.Sqrt(sum))
		}
	}
}

// remoteAssertErr fails t unless err wraps ErrUnavailable and mentions
// every fragment.
func remoteAssertErr(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("Embed succeeded, want an error")
	}
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("error does not wrap ErrUnavailable: %v", err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

// remoteClosedPortURL returns an http URL on 127.0.0.1 where nothing listens.
func remoteClosedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func TestRemoteNormalize(t *testing.T) {
	v, err := remoteNormalize([]float32{3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if v[0] != 0.6 || v[1] != 0.8 {
		t.Errorf("remoteNormalize([3 4]) = %v, want [0.6 0.8]", v)
	}
	for name, bad := range map[string][]float32{
		"empty": {},
		"zero":  {0, 0, 0},
		"NaN":   {1, float32(math.NaN())},
		"Inf":   {1, float32(math.Inf(1))},
	} {
		if _, err := remoteNormalize(bad); err == nil {
			t.Errorf("remoteNormalize(%s) succeeded", name)
		}
	}
}

func TestRemoteNormalizeDoesNotModifyInput(t *testing.T) {
	in := []float32{3, 4}
	if _, err := remoteNormalize(in); err != nil {
		t.Fatal(err)
	}
	if in[0] != 3 || in[1] != 4 {
		t.Errorf("input changed to %v", in)
	}
}

func TestRemoteServerMessage(t *testing.T) {
	cases := map[string]string{
		`{"error":"model \"x\" not found, try pulling it first"}`:                           `model "x" not found, try pulling it first`,
		`{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}`: "Incorrect API key provided",
		`{"message":"upstream down"}`:                                                       "upstream down",
		"404 page not found\n":                                                              "404 page not found",
		"<html><body>Bad Gateway</body></html>":                                             "",
		"":                                                                                  "",
		`{"error":{}}`:                                                                      "",
		"\"" + strings.Repeat("x", 1000):                                                    "\"" + strings.Repeat("x", remoteMaxMessage-1) + "…",
	}
	for in, want := range cases {
		if got := providermsg.FromBody([]byte(in)); got != want {
			t.Errorf("providermsg.FromBody(%.40q) = %.60q, want %.60q", in, got, want)
		}
	}
}

func TestRemoteCheckDims(t *testing.T) {
	e := &remoteEmbedder{model: "m", baseURL: "http://x"}
	if err := e.checkDims(3); err != nil {
		t.Fatal(err)
	}
	if err := e.checkDims(3); err != nil {
		t.Fatal(err)
	}
	err := e.checkDims(4)
	remoteAssertErr(t, err, "4-dimensional", "instead of 3")
}

func TestRemoteContextErrorDistinguishesCancelFromTimeout(t *testing.T) {
	e := &remoteEmbedder{kind: remoteOllama, baseURL: "http://x", model: "m"}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := e.contextError(ctx, ctx.Err())
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
		t.Errorf("cancelled call: got %v, want context.Canceled without ErrUnavailable", err)
	}
	err = e.contextError(context.Background(), context.DeadlineExceeded)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ErrUnavailable) {
		t.Errorf("timed-out call: got %v, want DeadlineExceeded and ErrUnavailable", err)
	}
}
