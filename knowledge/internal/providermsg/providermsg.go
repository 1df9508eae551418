// Package providermsg turns what a model server (Ollama, OpenAI-compatible)
// answered on failure into one short line fit for an error message. The
// embedders and the suggestion engine share it.
package providermsg

import (
	"bytes"
	"encoding/json"
	"strings"
)

// MaxBytes bounds a message taken from a server.
const MaxBytes = 300

// FromBody extracts the error text of an Ollama ({"error":"…"}) or OpenAI
// ({"error":{"message":"…"}}) error body, or short plain text; an HTML
// error page says nothing useful and gives "".
func FromBody(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return ""
	}
	var env struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &env) == nil {
		var s string
		if json.Unmarshal(env.Error, &s) == nil && s != "" {
			return Clip(s)
		}
		var obj struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(env.Error, &obj) == nil && obj.Message != "" {
			return Clip(obj.Message)
		}
		return Clip(env.Message)
	}
	if bytes.HasPrefix(body, []byte("<")) {
		return ""
	}
	return Clip(string(body))
}

// Clip folds s to one line of at most MaxBytes, cut at a rune boundary.
func Clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= MaxBytes {
		return s
	}
	cut := MaxBytes
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
