package sqlitestore

import (
	"context"
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
)

func TestQueryLog(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	base := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) // before the fake clock
	for i, q := range []string{"refund", "vpn", "password reset"} {
		e := knowledge.QueryLogEntry{At: base.Add(time.Duration(i) * time.Minute), Query: q, Mode: "hybrid", Results: i, TopScore: 0.5, Source: "app"}
		if err := s.LogQuery(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.LogQuery(ctx, knowledge.QueryLogEntry{Query: "no time"}); err != nil {
		t.Fatal(err)
	}
	all, err := s.QueryLog(ctx, 0)
	if err != nil || len(all) != 4 {
		t.Fatalf("QueryLog(0) = %d entries, %v", len(all), err)
	}
	if all[0].Query != "no time" || all[0].At.IsZero() {
		t.Errorf("newest entry = %+v, want the one stamped by the clock", all[0])
	}
	two, _ := s.QueryLog(ctx, 2)
	if len(two) != 2 || two[1].Query != "password reset" || two[1].Results != 2 || two[1].Source != "app" || !two[1].At.Equal(base.Add(2*time.Minute)) {
		t.Errorf("QueryLog(2) = %+v", two)
	}
}

func TestMeta(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	if _, ok, err := s.Meta(ctx, "embedder"); ok || err != nil {
		t.Fatalf("missing key: ok=%v err=%v", ok, err)
	}
	for _, v := range []string{"hash-v1", "onnx-minilm"} {
		if err := s.SetMeta(ctx, "embedder", v); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.Meta(ctx, "embedder")
		if !ok || err != nil || got != v {
			t.Errorf("Meta = %q %v %v, want %q", got, ok, err, v)
		}
	}
	if err := s.SetMeta(ctx, "", "x"); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("SetMeta with empty key = %v, want ErrInvalid", err)
	}
}
