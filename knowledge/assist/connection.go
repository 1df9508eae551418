package assist

import (
	"context"
	"fmt"
	"strings"

	"github.com/tmc/langchaingo/llms"
)

// TestConnection checks that cfg can reach its provider and get an answer
// from its model, for the "Test connection" button. It sends one tiny prompt
// with no customer data. For ProviderNone it checks nothing and returns nil.
// Errors wrap the same kinds as Suggest, with a message saying what to fix.
func TestConnection(ctx context.Context, cfg Config) error {
	e, err := New(cfg)
	if err != nil {
		return err
	}
	if e.cfg.Provider == ProviderNone {
		return nil
	}
	msgs := []llms.MessageContent{
		llms.TextParts(llms.ChatMessageTypeSystem, "You are a connectivity check."),
		llms.TextParts(llms.ChatMessageTypeHuman, `Reply with {"ok":true} and nothing else.`),
	}
	streamed := false
	text, fail := e.call(ctx, msgs, nil, nil, &streamed)
	if fail != nil {
		return fail.err
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("%w: %s answered, but model %s returned no text; check the model name in Settings", ErrEmptyOutput, e.name(), e.cfg.Model)
	}
	return nil
}
