package knowledge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DecodeExtra reads the extra front matter (Article.Extra) a store kept as
// JSON. Numbers a float64 holds exactly come back as float64, as
// encoding/json would give them, and so do integers beyond int64 (floats
// written without an exponent); integers beyond ±2^53 within int64 come
// back as json.Number, so their digits survive the store instead of turning into
// the nearest float (a file imported with `id: 12345678901234567` exports
// with the same digits).
func DecodeExtra(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("extra front matter: data after the JSON object")
	}
	for k, v := range m {
		m[k] = exactNumbers(v)
	}
	return m, nil
}

func exactNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		s := x.String()
		if !strings.ContainsAny(s, ".eE") {
			i, err := strconv.ParseInt(s, 10, 64)
			switch {
			case err == nil && i >= -(1<<53) && i <= 1<<53:
				return float64(i)
			case err == nil:
				return x // an integer no float64 holds exactly: keep its digits
			}
			// Beyond int64 it was a float written without an exponent.
		}
		if f, err := x.Float64(); err == nil && !math.IsInf(f, 0) {
			return f
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = exactNumbers(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = exactNumbers(e)
		}
		return x
	}
	return v
}
