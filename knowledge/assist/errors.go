package assist

import "errors"

// Sentinel error kinds. Suggest and TestConnection wrap them with %w, with a
// message that says what to do; test with errors.Is.
var (
	// ErrConfig: the provider settings are incomplete or unsafe.
	ErrConfig = errors.New("the suggestion settings are invalid")
	// ErrUnauthorized: HTTP 401 or 403, the API key was refused.
	ErrUnauthorized = errors.New("the API key was refused")
	// ErrRateLimited: HTTP 429, the provider asks us to slow down.
	ErrRateLimited = errors.New("the provider is rate limiting requests")
	// ErrServer: HTTP 5xx, the provider failed.
	ErrServer = errors.New("the provider had an internal error")
	// ErrRejected: another HTTP 4xx, e.g. an unknown model or a wrong address.
	ErrRejected = errors.New("the provider rejected the request")
	// ErrUnreachable: connection refused, unknown host, TLS failure.
	ErrUnreachable = errors.New("the provider cannot be reached")
	// ErrTimeout: no complete answer within the configured timeout.
	ErrTimeout = errors.New("the provider did not answer in time")
	// ErrCanceled: the caller cancelled the suggestion.
	ErrCanceled = errors.New("the suggestion was cancelled")
	// ErrBadOutput: the answer was not valid options JSON, even after one
	// repair attempt.
	ErrBadOutput = errors.New("the model's answer could not be used")
	// ErrEmptyOutput: the model answered with nothing.
	ErrEmptyOutput = errors.New("the model returned an empty answer")
)
