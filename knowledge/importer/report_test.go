package importer

import (
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	r := Report{Created: []string{"a"}, Unchanged: []string{"b", "c"}}
	if got := r.Summary(); got != "1 new, 0 updated, 2 unchanged" {
		t.Errorf("Summary = %q", got)
	}
	r.Archived = []string{"d"}
	r.Failed = []FileError{{Path: "x.md", Reason: "is a binary file"}}
	if got := r.Summary(); !strings.Contains(got, "1 archived") || !strings.Contains(got, "x.md: is a binary file") {
		t.Errorf("Summary = %q", got)
	}
	r.Failed = append(r.Failed, FileError{Path: "y.md"})
	if got := r.Summary(); !strings.Contains(got, "2 files skipped") {
		t.Errorf("Summary = %q", got)
	}
}

func TestSummaryEmpty(t *testing.T) {
	r := Report{Created: []string{"a"}, Empty: make([]string, 10000), EmptyDrafts: []string{"a"}}
	want := "1 new, 0 updated, 0 unchanged, 1 with a title but no text kept as draft; 10000 empty files skipped (no text and no title)"
	if got := r.Summary(); got != want {
		t.Errorf("Summary = %q\nwant      %q", got, want)
	}
}
