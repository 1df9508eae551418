package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
)

var requestTests = map[string]func(*testing.T, knowledge.Stores){
	"CreateAndGet":                testCreateGetRequest,
	"UpdateOptimisticConcurrency": testUpdateRequest,
	"AppendMessage":               testAppendMessage,
	"ListSearch":                  testListRequests,
	"CustomerHistory":             testCustomerHistory,
}

func newRequest(subject, contact string, texts ...string) knowledge.SupportRequest {
	r := knowledge.SupportRequest{Subject: subject, Channel: knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ada Lovelace", Contact: contact}}
	for _, tx := range texts {
		r.Messages = append(r.Messages, knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: tx})
	}
	return r
}

func mustCreate(t *testing.T, s knowledge.Stores, r knowledge.SupportRequest) knowledge.SupportRequest {
	t.Helper()
	got, err := s.CreateRequest(ctx(t), r)
	if err != nil {
		t.Fatalf("CreateRequest: %v", err)
	}
	return got
}

func testCreateGetRequest(t *testing.T, s knowledge.Stores) {
	in := newRequest("  Refund for a cancelled visit ", "ada@example.org", "I was charged twice.")
	in.Customer.Preferences, in.Customer.Notes, in.InternalNotes = "e-mail only", "VIP", "check billing"
	in.Messages = append(in.Messages, knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "Sam", Text: "Looking.", At: base})
	r := mustCreate(t, s, in)
	if !strings.HasPrefix(r.ID, "req-") || r.Version != 1 || r.Status != knowledge.RequestOpen || r.CreatedAt.IsZero() ||
		!r.CreatedAt.Equal(r.UpdatedAt) || r.Subject != "Refund for a cancelled visit" || len(r.Messages) != 2 ||
		r.Messages[0].At.IsZero() || !r.Messages[1].At.Equal(base) {
		t.Fatalf("created %+v", r)
	}
	got, err := s.GetRequest(ctx(t), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != r.Subject || got.Customer != r.Customer || got.InternalNotes != "check billing" || got.Version != 1 ||
		!got.CreatedAt.Equal(r.CreatedAt) || len(got.Messages) != 2 || got.Messages[1].AgentName != "Sam" ||
		!got.Messages[0].At.Equal(r.Messages[0].At) || got.Messages[0].Text != "I was charged twice." {
		t.Errorf("GetRequest = %+v\nwant %+v", got, r)
	}
	empty := mustCreate(t, s, newRequest("No messages", ""))
	if empty.Messages == nil {
		t.Error("a request without messages has nil Messages; want an empty slice")
	}
	if g, _ := s.GetRequest(ctx(t), empty.ID); g.Messages == nil {
		t.Error("GetRequest returned nil Messages")
	}
	dup := newRequest("Same id", "")
	dup.ID = "imported-1"
	mustCreate(t, s, dup)
	if _, err := s.CreateRequest(ctx(t), dup); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("duplicate id: %v, want ErrConflict", err)
	}
	if _, err := s.CreateRequest(ctx(t), knowledge.SupportRequest{Channel: knowledge.ChannelEmail}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("request without a subject: %v", err)
	}
	if _, err := s.GetRequest(ctx(t), "req-missing"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("missing request: %v", err)
	}
}

func testUpdateRequest(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Lost card", "+44 20 7946 0000", "My card is lost."))
	stale := r
	r.Status = knowledge.RequestWaitingOnCustomer
	r.Messages = append(r.Messages, knowledge.RequestMessage{Author: knowledge.AuthorNote, AgentName: "Sam", Text: "Called back."})
	up, err := s.UpdateRequest(ctx(t), r)
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != 2 || !up.CreatedAt.Equal(r.CreatedAt) || up.UpdatedAt.Before(r.UpdatedAt) || len(up.Messages) != 2 {
		t.Errorf("updated %+v", up)
	}
	stale.Subject = "Overwrite"
	if _, err := s.UpdateRequest(ctx(t), stale); !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	got, _ := s.GetRequest(ctx(t), r.ID)
	if got.Subject != "Lost card" || got.Status != knowledge.RequestWaitingOnCustomer || got.Version != 2 || len(got.Messages) != 2 {
		t.Errorf("after a conflicting update: %+v", got)
	}
	got.Messages = got.Messages[:1]
	if up, err := s.UpdateRequest(ctx(t), got); err != nil || len(up.Messages) != 1 || up.Version != 3 {
		t.Errorf("update that drops a message: %+v, %v", up, err)
	}
	if again, _ := s.GetRequest(ctx(t), r.ID); len(again.Messages) != 1 {
		t.Errorf("messages after the update: %+v", again.Messages)
	}
	ghost := got
	ghost.ID = "req-ghost"
	if _, err := s.UpdateRequest(ctx(t), ghost); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("update of a missing request: %v", err)
	}
	got.Version = 0
	if _, err := s.UpdateRequest(ctx(t), got); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("update without a version: %v", err)
	}
}

func testAppendMessage(t *testing.T, s knowledge.Stores) {
	r := mustCreate(t, s, newRequest("Parking", "bob@example.org", "Where do I park?"))
	up, err := s.AppendMessage(ctx(t), r.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "Sam", Text: "Level 2."})
	if err != nil {
		t.Fatal(err)
	}
	if up.Version != 2 || len(up.Messages) != 2 || up.Messages[1].Text != "Level 2." || up.Messages[1].At.IsZero() {
		t.Errorf("after AppendMessage: %+v", up)
	}
	if _, err := s.UpdateRequest(ctx(t), r); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("an edit of the version before the append: %v, want ErrConflict", err)
	}
	if _, err := s.AppendMessage(ctx(t), r.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, Text: "no name"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("agent message without a name: %v", err)
	}
	if _, err := s.AppendMessage(ctx(t), "req-missing", knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: "hi"}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("append to a missing request: %v", err)
	}
	if got, _ := s.ListRequests(ctx(t), knowledge.RequestFilter{Query: "level"}); len(got) != 1 || got[0].MessageCount != 2 {
		t.Errorf("an appended message is not searchable: %+v", got)
	}
}

func testListRequests(t *testing.T, s knowledge.Stores) {
	a := mustCreate(t, s, newRequest("Refund for the MRI", "a@example.org", "Please refund 100% of it"))
	time.Sleep(2 * time.Millisecond)
	b := mustCreate(t, s, newRequest("Parking permit", "b@example.org", "Lost my permit at the car park"))
	time.Sleep(2 * time.Millisecond)
	c := mustCreate(t, s, newRequest("Refund request", "c@example.org", "Double charge on my card"))
	c.Status = knowledge.RequestResolved
	if _, err := s.UpdateRequest(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	ids := func(f knowledge.RequestFilter) string {
		t.Helper()
		rs, err := s.ListRequests(ctx(t), f)
		if err != nil {
			t.Fatalf("ListRequests(%+v): %v", f, err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return strings.Join(out, ",")
	}
	want := func(got string, rs ...knowledge.SupportRequest) {
		t.Helper()
		var w []string
		for _, r := range rs {
			w = append(w, r.ID)
		}
		if got != strings.Join(w, ",") {
			t.Errorf("got %s, want %s", got, strings.Join(w, ","))
		}
	}
	want(ids(knowledge.RequestFilter{}), c, b, a)
	want(ids(knowledge.RequestFilter{Query: "REFUND"}), c, a)
	want(ids(knowledge.RequestFilter{Query: "refund mri"}), a)
	want(ids(knowledge.RequestFilter{Query: "ar"}), c, b) // a short word matches inside words: "charge", "parking"
	want(ids(knowledge.RequestFilter{Query: "100%"}), a)
	want(ids(knowledge.RequestFilter{Query: "b@example"}), b)
	want(ids(knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{knowledge.RequestOpen}}), b, a)
	want(ids(knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{knowledge.RequestResolved}, Query: "card"}), c)
	want(ids(knowledge.RequestFilter{Limit: 1}), c)
	want(ids(knowledge.RequestFilter{Query: "nowhere"}))
	if _, err := s.ListRequests(ctx(t), knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{"gone"}}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("unknown status: %v", err)
	}
}

func testCustomerHistory(t *testing.T, s knowledge.Stores) {
	one := mustCreate(t, s, newRequest("First", "Ada@Example.org "))
	mustCreate(t, s, newRequest("Other", "zed@example.org"))
	time.Sleep(2 * time.Millisecond)
	two := mustCreate(t, s, newRequest("Second", "ada@example.org"))
	phone := mustCreate(t, s, newRequest("Phone", "+44 (20) 7946-0000"))
	got, err := s.CustomerHistory(ctx(t), "ADA@example.org")
	if err != nil || len(got) != 2 || got[0].ID != two.ID || got[1].ID != one.ID {
		t.Errorf("CustomerHistory by e-mail = %+v, %v", got, err)
	}
	if got, _ := s.CustomerHistory(ctx(t), "+44 20 7946 0000"); len(got) != 1 || got[0].ID != phone.ID {
		t.Errorf("CustomerHistory by phone = %+v", got)
	}
	if _, err := s.CustomerHistory(ctx(t), "  "); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("empty contact: %v", err)
	}
}
