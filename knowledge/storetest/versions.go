package storetest

import (
	"errors"
	"testing"

	"concierge/knowledge"
)

var versionTests = map[string]func(*testing.T, knowledge.Stores){
	"HistoryNewestFirst": testVersions,
	"MissingHistory":     testVersionsMissing,
}

func testVersions(t *testing.T, s knowledge.Stores) {
	a := article("hours", "Open 9 to 5.")
	v1 := mustPut(t, s, a)
	a.Body = "Open 8 to 6."
	a.Tags = []string{"hours"}
	if _, err := s.Put(ctx(t), a, knowledge.PutOptions{Author: "Kim", Message: "longer hours", ExpectedVersion: 1}); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx(t), "hours")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 2 || vs[1].Version != 1 {
		t.Fatalf("Versions = %+v", vs)
	}
	if vs[0].Author != "Kim" || vs[0].Message != "longer hours" || vs[0].Article.Body != "Open 8 to 6." || vs[0].At.IsZero() {
		t.Errorf("newest version = %+v", vs[0])
	}
	if vs[1].Author != "Ed" || vs[1].Article.Body != "Open 9 to 5." || !vs[1].At.Equal(v1.Article.UpdatedAt) ||
		vs[1].Article.ContentHash != v1.Article.ContentHash || vs[1].Article.Version != 1 {
		t.Errorf("first version = %+v", vs[1])
	}
	one, err := s.GetVersion(ctx(t), "hours", 1)
	if err != nil || one.Article.Body != "Open 9 to 5." || one.Version != 1 || !one.At.Equal(vs[1].At) {
		t.Errorf("GetVersion(1) = %+v, %v", one, err)
	}
	if _, err := s.GetVersion(ctx(t), "hours", 3); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("GetVersion of a version not made yet: %v", err)
	}
}

func testVersionsMissing(t *testing.T, s knowledge.Stores) {
	if _, err := s.Versions(ctx(t), "nothing"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("Versions of a missing article: %v", err)
	}
	if _, err := s.GetVersion(ctx(t), "nothing", 1); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("GetVersion of a missing article: %v", err)
	}
}
