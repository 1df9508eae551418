package editorial

import (
	"context"
	"reflect"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/embed"
)

func TestClusterGapsFixtureLog(t *testing.T) {
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	var log []knowledge.QueryLogEntry
	add := func(q string, n int) {
		for range n {
			t0 = t0.Add(time.Minute)
			log = append(log, knowledge.QueryLogEntry{At: t0, Query: q})
		}
	}
	add("parking validation", 3)
	add("Validate parking ticket", 2)
	add("parking ticket  validation", 1)
	add("wifi password", 2)
	add("Wi-Fi password", 1)
	add("   ", 4) // blank queries are ignored
	add("refund status", 1)

	got, err := ClusterGaps(context.Background(), embed.NewBuiltin(), log, 0)
	if err != nil {
		t.Fatal(err)
	}
	type brief struct {
		Label    string
		Count    int
		Examples []string
	}
	var b []brief
	for _, g := range got {
		b = append(b, brief{g.Label, g.Count, g.Examples})
	}
	want := []brief{
		{"parking validation", 6, []string{"parking validation", "Validate parking ticket", "parking ticket  validation"}},
		{"wifi password", 3, []string{"wifi password", "Wi-Fi password"}},
		{"refund status", 1, []string{"refund status"}},
	}
	if !reflect.DeepEqual(b, want) {
		t.Fatalf("clusters:\n got %+v\nwant %+v", b, want)
	}
	if !got[0].LastAt.Equal(time.Date(2026, 11, 1, 9, 6, 0, 0, time.UTC)) {
		t.Fatalf("lastAt of the parking cluster: %v", got[0].LastAt)
	}

	// Deterministic: the same log in another order gives the same clusters.
	rev := append([]knowledge.QueryLogEntry(nil), log...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	again, err := ClusterGaps(context.Background(), embed.NewBuiltin(), rev, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].Label != again[i].Label || got[i].Count != again[i].Count {
			t.Fatalf("order-dependent clustering: %+v vs %+v", got, again)
		}
	}

	// A strict threshold keeps every distinct query apart.
	strict, err := ClusterGaps(context.Background(), embed.NewBuiltin(), log, 0.9999)
	if err != nil {
		t.Fatal(err)
	}
	if len(strict) < 5 {
		t.Fatalf("strict threshold should separate the spellings, got %d clusters", len(strict))
	}
}

func TestClusterGapsEmpty(t *testing.T) {
	got, err := ClusterGaps(context.Background(), embed.NewBuiltin(), nil, 0)
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}
