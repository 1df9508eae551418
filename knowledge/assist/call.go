package assist

import (
	"concierge/knowledge/internal/providermsg"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge/assist/pii"

	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/openai"
)

// callFailure is a failed model call with what retrying needs to know.
type callFailure struct {
	err        error // wraps a sentinel kind, user-facing message
	status     int
	retryAfter time.Duration // from a 429's Retry-After; -1 when absent or unparsable
}

// generate runs one model call with the retry policy: a 429 whose
// Retry-After is at most RetryAfterCap is retried once after that delay;
// 5xx and unreachable servers are retried MaxRetries times with a short
// backoff. Nothing is retried once text has been streamed to the caller.
func (e *Engine) generate(ctx context.Context, msgs []llms.MessageContent, sess *pii.Session, onToken func(string)) (string, error) {
	streamed := false
	rateRetried := false
	retries := 0
	for {
		text, fail := e.call(ctx, msgs, sess, onToken, &streamed)
		if fail == nil {
			return text, nil
		}
		if streamed || ctx.Err() != nil {
			return "", fail.err
		}
		var wait time.Duration
		switch {
		case errors.Is(fail.err, ErrRateLimited) && !rateRetried && fail.retryAfter >= 0 && fail.retryAfter <= e.cfg.RetryAfterCap:
			rateRetried = true
			wait = fail.retryAfter
		case (errors.Is(fail.err, ErrServer) || errors.Is(fail.err, ErrUnreachable)) && retries < e.cfg.MaxRetries:
			wait = time.Duration(1<<retries) * time.Second
			wait = min(wait, e.cfg.RetryAfterCap)
			retries++
		default:
			return "", fail.err
		}
		if err := e.cfg.Sleep(ctx, wait); err != nil {
			return "", e.contextError(ctx, err)
		}
	}
}

// call sends msgs once, streaming restored text to onToken.
func (e *Engine) call(ctx context.Context, msgs []llms.MessageContent, sess *pii.Session, onToken func(string), streamed *bool) (string, *callFailure) {
	callCtx, cancel := context.WithTimeout(ctx, e.cfg.Timeout)
	defer cancel()
	x := &exchange{}
	callCtx = withExchange(callCtx, x)

	var stream *pii.Stream
	if sess != nil {
		stream = sess.NewStream()
	}
	emit := func(s string) {
		if s == "" {
			return
		}
		*streamed = true
		if onToken != nil {
			onToken(s)
		}
	}
	var opts []llms.CallOption
	if onToken != nil {
		// Without a token callback the request is not streamed at all.
		opts = append(opts, llms.WithStreamingFunc(func(_ context.Context, chunk []byte) error {
			s := string(chunk)
			if stream != nil {
				s = stream.Write(s)
			}
			emit(s)
			return nil
		}))
	}
	if e.cfg.Provider == ProviderOllama {
		opts = append(opts, llms.WithJSONMode())
	}
	resp, err := e.model.GenerateContent(callCtx, msgs, opts...)
	if stream != nil {
		emit(stream.Flush())
	}
	// Checked even without an error: langchaingo's Ollama client ends a
	// stream cut by a cancelled context as if it had finished.
	if callCtx.Err() != nil {
		return "", &callFailure{err: e.contextError(ctx, callCtx.Err()), retryAfter: -1}
	}
	if err != nil {
		return "", e.explain(x, err)
	}
	text := ""
	if len(resp.Choices) > 0 {
		text = resp.Choices[0].Content
	}
	if strings.TrimSpace(text) == "" && strings.HasPrefix(x.contentType(), "text/html") {
		return "", &callFailure{retryAfter: -1, err: fmt.Errorf("%w: %s answered with a web page, not an %s API; check the base URL in Settings",
			ErrRejected, e.cfg.BaseURL, apiKind(e.cfg))}
	}
	return text, nil
}

// contextError explains a call stopped by a context: the caller's (cancel
// or deadline) or the per-call timeout.
func (e *Engine) contextError(parent context.Context, err error) error {
	if perr := parent.Err(); perr != nil {
		if errors.Is(perr, context.Canceled) {
			return fmt.Errorf("%w: %w", ErrCanceled, perr)
		}
		return fmt.Errorf("%w: %s did not answer before the deadline: %w", ErrTimeout, e.name(), perr)
	}
	hint := "the service may be overloaded; try again, or raise the timeout in Settings"
	if e.cfg.Provider == ProviderOllama {
		hint = "it may still be loading the model; try again, choose a smaller model, or raise the timeout in Settings"
	}
	return fmt.Errorf("%w: %s did not finish answering within %s (%s): %w", ErrTimeout, e.name(), e.cfg.Timeout, hint, context.DeadlineExceeded)
}

// explain maps a failed call to a sentinel kind with an actionable message,
// using what the transport recorded.
func (e *Engine) explain(x *exchange, err error) *callFailure {
	f := explainExchange(e.cfg, x, err)
	f.err = scrubKey(f.err, e.cfg.APIKey)
	return f
}

func explainExchange(cfg Config, x *exchange, err error) *callFailure {
	status, body, retryAfter, netErr := x.get()
	name := providerName(cfg)
	fail := &callFailure{status: status, retryAfter: -1}
	msg := providermsg.FromBody(body)
	quoted := ""
	if msg != "" {
		quoted = ": " + msg
	}
	switch {
	case netErr != nil:
		if cfg.Provider == ProviderOllama {
			fail.err = fmt.Errorf("%w: cannot reach Ollama at %s: is it running (`ollama serve`) and is the address right? (%s)", ErrUnreachable, cfg.BaseURL, netCause(netErr))
		} else {
			fail.err = fmt.Errorf("%w: cannot reach %s: check the base URL in Settings and your network connection (%s)", ErrUnreachable, cfg.BaseURL, netCause(netErr))
		}
	case status == 0:
		fail.err = fmt.Errorf("%w: %s could not be asked: %s", ErrUnreachable, name, providermsg.Clip(err.Error()))
	case status < 300:
		if strings.HasPrefix(x.contentType(), "text/html") {
			fail.err = fmt.Errorf("%w: %s answered with a web page, not an %s API; check the base URL in Settings", ErrRejected, cfg.BaseURL, apiKind(cfg))
		} else if errors.Is(err, openai.ErrEmptyResponse) {
			fail.err = fmt.Errorf("%w: %s sent no answer; try again, or choose another model in Settings", ErrEmptyOutput, name)
		} else {
			fail.err = fmt.Errorf("%w: %s sent a response Concierge could not read (%s); check that the address points to an %s API",
				ErrServer, name, providermsg.Clip(err.Error()), apiKind(cfg))
		}
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		fail.err = fmt.Errorf("%w by %s (HTTP %d%s): check the API key in Settings (or CONCIERGE_LLM_API_KEY)", ErrUnauthorized, hostOf(cfg.BaseURL), status, quoted)
	case status == http.StatusTooManyRequests:
		d, ok := parseRetryAfter(retryAfter, time.Now())
		if ok {
			fail.retryAfter = d
			fail.err = fmt.Errorf("%w (HTTP 429%s): %s asks to wait %s; try again after %s", ErrRateLimited, quoted, name,
				d.Round(time.Second), time.Now().Add(d).Format("15:04:05"))
		} else {
			fail.err = fmt.Errorf("%w (HTTP 429%s): %s gave no time to wait; try again in a minute, or check your plan's quota", ErrRateLimited, quoted, name)
		}
	case status == http.StatusNotFound:
		lower := strings.ToLower(msg)
		switch {
		case cfg.Provider == ProviderOllama && strings.Contains(lower, "model"):
			fail.err = fmt.Errorf("%w: model %s is not installed in Ollama at %s; run `ollama pull %s`", ErrRejected, cfg.Model, cfg.BaseURL, cfg.Model)
		case strings.Contains(lower, "model"):
			fail.err = fmt.Errorf("%w: model %s is not available at %s (%s); check the model name in Settings", ErrRejected, cfg.Model, hostOf(cfg.BaseURL), msg)
		default:
			fail.err = fmt.Errorf("%w: %s has no %s chat endpoint (HTTP 404); check the base URL in Settings (for OpenAI-compatible services it usually ends in /v1)",
				ErrRejected, cfg.BaseURL, apiKind(cfg))
		}
	case status >= 500:
		fail.err = fmt.Errorf("%w: %s failed (HTTP %d%s); try again in a moment", ErrServer, name, status, quoted)
	default:
		fail.err = fmt.Errorf("%w: %s refused the request (HTTP %d%s); check the model name and address in Settings", ErrRejected, name, status, quoted)
	}
	return fail
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// scrubKey removes the API key from an error message, in case a server
// echoed it.
func scrubKey(err error, key string) error {
	if err == nil || len(key) < 4 || !strings.Contains(err.Error(), key) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), key, "[API key]"), err: err}
}

type scrubbed struct {
	msg string
	err error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

func apiKind(cfg Config) string {
	if cfg.Provider == ProviderOllama {
		return "Ollama"
	}
	return "OpenAI-compatible"
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// netCause describes a network failure briefly.
func netCause(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		return "unknown host " + dnsErr.Name
	case errors.As(err, &opErr) && opErr.Err != nil:
		return providermsg.Clip(opErr.Err.Error())
	}
	return providermsg.Clip(err.Error())
}
