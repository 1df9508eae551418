package assist

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// rawAnswer is the JSON object the model must return.
type rawAnswer struct {
	Options            []rawOption `json:"options"`
	NotInKB            bool        `json:"not_in_kb"`
	ClarifyingQuestion string      `json:"clarifying_question"`
}

type rawOption struct {
	Label     string   `json:"label"`
	Title     string   `json:"title"`
	Reply     string   `json:"reply"`
	Steps     []string `json:"steps"`
	Citations []string `json:"citations"`
}

// errEmpty: the answer holds no text at all.
var errEmpty = errors.New("the answer is empty")

// parseAnswer extracts and validates the single JSON object of an answer.
// It tolerates a ```json fence and prose before or after the object, but
// not unknown fields, wrong types, a second object or invalid content. The
// error says what is wrong, for the repair prompt.
func parseAnswer(text string) (rawAnswer, error) {
	var a rawAnswer
	s := strings.TrimSpace(text)
	if s == "" {
		return a, errEmpty
	}
	start := strings.IndexByte(s, '{')
	if start < 0 {
		return a, errors.New("the answer contains no JSON object")
	}
	dec := json.NewDecoder(strings.NewReader(s[start:]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return rawAnswer{}, fmt.Errorf("the JSON object is invalid: %v", err)
	}
	rest := strings.TrimSpace(s[start+int(dec.InputOffset()):])
	rest = strings.TrimSpace(strings.TrimSuffix(rest, "```"))
	if strings.Contains(rest, "{") && json.Valid(bytes.TrimSpace([]byte(rest[strings.IndexByte(rest, '{'):]))) {
		return rawAnswer{}, errors.New("the answer contains more than one JSON object; return exactly one")
	}
	return a, validateAnswer(a)
}

// validateAnswer checks the answer against the schema's rules.
func validateAnswer(a rawAnswer) error {
	if a.NotInKB {
		if strings.TrimSpace(a.ClarifyingQuestion) == "" {
			return errors.New(`"not_in_kb" is true but "clarifying_question" is empty; ask the customer one question`)
		}
		return nil
	}
	if n := len(a.Options); n < 2 || n > 3 {
		return fmt.Errorf(`"options" has %d entries; give 2 or 3 options, or set "not_in_kb" to true with a "clarifying_question"`, n)
	}
	seen := map[string]int{}
	for i, o := range a.Options {
		switch {
		case strings.TrimSpace(o.Title) == "":
			return fmt.Errorf("option %d has an empty \"title\"", i+1)
		case strings.TrimSpace(o.Reply) == "":
			return fmt.Errorf("option %d has an empty \"reply\"", i+1)
		}
		for j, st := range o.Steps {
			if strings.TrimSpace(st) == "" {
				return fmt.Errorf("option %d step %d is empty", i+1, j+1)
			}
		}
		key := strings.Join(strings.Fields(strings.ToLower(o.Reply)), " ")
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("options %d and %d have the same reply; make the options genuinely different", prev+1, i+1)
		}
		seen[key] = i
	}
	return nil
}
