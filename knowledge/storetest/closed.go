package storetest

import (
	"errors"
	"testing"

	"concierge/knowledge"
)

// testClosed: after Close every method fails with ErrClosed and a second
// Close is harmless.
func testClosed(t *testing.T, s knowledge.Stores) {
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	c := ctx(t)
	checks := map[string]error{}
	_, checks["Get"] = s.Get(c, "a")
	_, checks["Put"] = s.Put(c, article("a", "x"), knowledge.PutOptions{})
	_, checks["List"] = s.List(c, knowledge.ListFilter{})
	_, checks["Counts"] = s.Counts(c)
	_, checks["Versions"] = s.Versions(c, "a")
	checks["LogQuery"] = s.LogQuery(c, knowledge.QueryLogEntry{Query: "q"})
	_, _, checks["Meta"] = s.Meta(c, "k")
	_, checks["CreateRequest"] = s.CreateRequest(c, newRequest("s", ""))
	_, checks["ListRequests"] = s.ListRequests(c, knowledge.RequestFilter{})
	_, checks["RecordSuggestionSet"] = s.RecordSuggestionSet(c, sampleSet("", "Sam"))
	_, checks["ListSets"] = s.ListSets(c, knowledge.LedgerFilter{})
	_, checks["Flagged"] = s.Flagged(c)
	checks["PutAutosave"] = s.PutAutosave(c, "a", "Ann", "{}")
	for name, err := range checks {
		if !errors.Is(err, knowledge.ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
}
