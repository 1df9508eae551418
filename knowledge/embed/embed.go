// Package embed turns text into vectors for semantic search. The Embedder
// interface is the seam: the built-in offline embedder needs no download and
// no network; Ollama and OpenAI-compatible endpoints are optional upgrades
// reached through langchaingo.
package embed

import (
	"context"
	"errors"
)

// Embedder maps texts to L2-normalised vectors of a fixed dimension.
type Embedder interface {
	// ID names the embedder and its model, e.g. "builtin-v1" or
	// "ollama:nomic-embed-text". Vectors from different IDs are never mixed:
	// a change of ID means everything is re-embedded.
	ID() string
	// Embed returns one normalised vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// ErrUnavailable wraps failures to reach a remote embedding provider.
var ErrUnavailable = errors.New("embedding provider unavailable")
