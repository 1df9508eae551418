package knowledge

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDecodeExtraKeepsLargeIntegersExact(t *testing.T) {
	in := map[string]any{"big": 12345678901234567, "huge": int64(1e16), "small": 2, "f": 1.5,
		"list": []any{9007199254740993, 3}, "nested": map[string]any{"n": -9007199254740993}, "s": "12345678901234567", "vast": 5e20}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeExtra(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"big": json.Number("12345678901234567"), "huge": json.Number("10000000000000000"), "small": 2.0, "f": 1.5,
		"list": []any{json.Number("9007199254740993"), 3.0}, "nested": map[string]any{"n": json.Number("-9007199254740993")}, "s": "12345678901234567", "vast": 5e20}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %#v\nwant %#v", got, want)
	}
	again, _ := json.Marshal(got)
	if string(again) != string(b) {
		t.Errorf("re-encoded %s, stored %s", again, b)
	}
	if _, err := DecodeExtra([]byte(`{"a":1} {"b":2}`)); err == nil {
		t.Error("trailing data accepted")
	}
	if _, err := DecodeExtra([]byte(`{"a":`)); err == nil {
		t.Error("truncated JSON accepted")
	}
}
