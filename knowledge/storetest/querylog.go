package storetest

import (
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

var queryLogTests = map[string]func(*testing.T, knowledge.Stores){
	"NewestFirstWithLimit": testQueryLog,
	"WeakQueries":          testWeakQueries,
}

func testQueryLog(t *testing.T, s knowledge.Stores) {
	if log, err := s.QueryLog(ctx(t), 0); err != nil || log == nil || len(log) != 0 {
		t.Fatalf("empty QueryLog = %#v, %v (want an empty, non-nil slice)", log, err)
	}
	for i, q := range []string{"refund", "vpn", "broken \xff text"} {
		e := knowledge.QueryLogEntry{At: base.Add(time.Duration(i) * time.Minute), Query: q, Mode: "hybrid", Results: i, TopScore: 0.5, Source: "app", Filters: "dept=IT"}
		if err := s.LogQuery(ctx(t), e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.LogQuery(ctx(t), knowledge.QueryLogEntry{Query: "now", Source: "cli"}); err != nil {
		t.Fatal(err)
	}
	log, err := s.QueryLog(ctx(t), 0)
	if err != nil || len(log) != 4 {
		t.Fatalf("QueryLog = %v, %v", log, err)
	}
	if log[0].Query != "now" || log[0].At.Before(base) || log[1].Query != "broken \uFFFD text" || log[3].Query != "refund" {
		t.Errorf("QueryLog order or text: %+v", log)
	}
	if e := log[2]; e.Query != "vpn" || !e.At.Equal(base.Add(time.Minute)) || e.Mode != "hybrid" || e.Results != 1 ||
		e.TopScore != 0.5 || e.Source != "app" || e.Filters != "dept=IT" {
		t.Errorf("entry read back as %+v", e)
	}
	if two, _ := s.QueryLog(ctx(t), 2); len(two) != 2 || two[1].Query != log[1].Query {
		t.Errorf("QueryLog(2) = %+v", two)
	}
}

func testWeakQueries(t *testing.T, s knowledge.Stores) {
	for i, e := range []knowledge.QueryLogEntry{
		{Query: "nothing found", Results: 0, TopScore: 0},
		{Query: "weak match", Results: 5, TopScore: 0.1},
		{Query: "good match", Results: 5, TopScore: 0.9},
		{Query: "old and empty", Results: 0},
	} {
		e.At = base.Add(-time.Duration(i) * time.Hour)
		if i == 3 {
			e.At = base.Add(-48 * time.Hour)
		}
		if err := s.LogQuery(ctx(t), e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.WeakQueries(ctx(t), base.Add(-24*time.Hour), 0, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, e := range got {
		qs = append(qs, e.Query)
	}
	if strings.Join(qs, ",") != "nothing found,weak match" {
		t.Errorf("WeakQueries since a day = %v", qs)
	}
	all, _ := s.WeakQueries(ctx(t), time.Time{}, 0, 0)
	if len(all) != 2 || all[1].Query != "old and empty" {
		t.Errorf("WeakQueries with no bound, nothing found = %+v", all)
	}
}
