package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"concierge/knowledge"
)

func newRequest(subject, contact string, texts ...string) knowledge.SupportRequest {
	r := knowledge.SupportRequest{
		Subject:  subject,
		Channel:  knowledge.ChannelEmail,
		Customer: knowledge.Customer{Name: "Ada Lovelace", Contact: contact, Preferences: "prefers e-mail"},
	}
	for _, t := range texts {
		r.Messages = append(r.Messages, knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: t})
	}
	return r
}

func mustCreate(t *testing.T, s *Store, r knowledge.SupportRequest) knowledge.SupportRequest {
	t.Helper()
	got, err := s.CreateRequest(context.Background(), r)
	if err != nil {
		t.Fatalf("CreateRequest(%q): %v", r.Subject, err)
	}
	return got
}

func TestCreateAndGetRequest(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	in := newRequest(" Refund please ", "ada@example.org", "I was charged twice.")
	in.InternalNotes = "check the billing export"
	in.Messages = append(in.Messages, knowledge.RequestMessage{Author: knowledge.AuthorNote, AgentName: "Sam", Text: "Called billing."})
	created := mustCreate(t, s, in)
	if !strings.HasPrefix(created.ID, "req-") || created.Version != 1 || created.Status != knowledge.RequestOpen {
		t.Errorf("created = id %q version %d status %q", created.ID, created.Version, created.Status)
	}
	if created.CreatedAt.IsZero() || !created.UpdatedAt.Equal(created.CreatedAt) {
		t.Errorf("times = %v / %v", created.CreatedAt, created.UpdatedAt)
	}
	for i, m := range created.Messages {
		if !m.At.Equal(created.CreatedAt) {
			t.Errorf("message %d not stamped with the creation time: %v", i, m.At)
		}
	}
	if !in.Messages[0].At.IsZero() {
		t.Error("CreateRequest stamped the caller's messages")
	}
	got, err := s.GetRequest(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Refund please" || got.InternalNotes != in.InternalNotes || got.Customer != created.Customer ||
		len(got.Messages) != 2 || got.Messages[1] != created.Messages[1] || !got.CreatedAt.Equal(created.CreatedAt) {
		t.Errorf("GetRequest = %+v\nwant %+v", got, created)
	}

	if _, err := s.GetRequest(ctx, "req-missing"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("missing request: %v, want ErrNotFound", err)
	}
	withID := newRequest("Imported", "x@example.org")
	withID.ID = "legacy-42"
	if got := mustCreate(t, s, withID); got.ID != "legacy-42" || got.Messages == nil {
		t.Errorf("create with an id and no messages = id %q, messages %#v", got.ID, got.Messages)
	}
	if _, err := s.CreateRequest(ctx, withID); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("duplicate id: %v, want ErrConflict", err)
	}
	if _, err := s.CreateRequest(ctx, newRequest("", "x")); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("empty subject: %v, want ErrInvalid", err)
	}
}

func TestUpdateRequestOptimisticConcurrency(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	r := mustCreate(t, s, newRequest("VPN drops", "bob@example.org", "It drops every hour."))

	edit := r
	edit.Status = knowledge.RequestWaitingOnDepartment
	edit.Messages = append(append([]knowledge.RequestMessage(nil), r.Messages...),
		knowledge.RequestMessage{Author: knowledge.AuthorAgent, AgentName: "Sam", Text: "Escalated to IT."})
	updated, err := s.UpdateRequest(ctx, edit)
	if err != nil {
		t.Fatal(err)
	}
	if updated.Version != 2 || !updated.UpdatedAt.After(r.UpdatedAt) || !updated.CreatedAt.Equal(r.CreatedAt) {
		t.Errorf("updated = version %d, times %v / %v", updated.Version, updated.CreatedAt, updated.UpdatedAt)
	}
	if updated.Messages[0].At != r.Messages[0].At || updated.Messages[1].At.IsZero() {
		t.Errorf("message times: %v", updated.Messages)
	}

	stale := r // still version 1
	stale.Subject = "VPN drops (stale edit)"
	_, err = s.UpdateRequest(ctx, stale)
	if !errors.Is(err, knowledge.ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	if !strings.Contains(err.Error(), "version 2") || strings.Contains(err.Error(), "article") {
		t.Errorf("conflict message %q should give both versions and not talk about articles", err)
	}
	got, _ := s.GetRequest(ctx, r.ID)
	if got.Subject != "VPN drops" || got.Status != knowledge.RequestWaitingOnDepartment || len(got.Messages) != 2 {
		t.Errorf("after the rejected update: %+v", got)
	}

	unknown := r
	unknown.ID = "req-nope"
	if _, err := s.UpdateRequest(ctx, unknown); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("update of a missing request: %v, want ErrNotFound", err)
	}
	noVersion := updated
	noVersion.Version = 0
	if _, err := s.UpdateRequest(ctx, noVersion); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("update without version: %v, want ErrInvalid", err)
	}
}

func TestAppendMessageConflictsWithStaleEdit(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	r := mustCreate(t, s, newRequest("Parking", "carol@example.org", "Where do I park?"))
	after, err := s.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: "Also: is it free?"})
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != 2 || len(after.Messages) != 2 || after.Messages[1].At.IsZero() {
		t.Errorf("after append: version %d, messages %+v", after.Version, after.Messages)
	}
	// An editor who loaded version 1 must not silently drop the new message.
	r.InternalNotes = "answered parking"
	if _, err := s.UpdateRequest(ctx, r); !errors.Is(err, knowledge.ErrConflict) {
		t.Errorf("update from before the append: %v, want ErrConflict", err)
	}
	if _, err := s.AppendMessage(ctx, "req-missing", knowledge.RequestMessage{Author: knowledge.AuthorCustomer, Text: "x"}); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("append to a missing request: %v, want ErrNotFound", err)
	}
	if _, err := s.AppendMessage(ctx, r.ID, knowledge.RequestMessage{Author: knowledge.AuthorAgent, Text: "x"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("agent message without a name: %v, want ErrInvalid", err)
	}
	if hits, _ := s.ListRequests(ctx, knowledge.RequestFilter{Query: "free"}); len(hits) != 1 {
		t.Errorf("an appended message is not searchable: %v", hits)
	}
}

// Two stores on one file stand for two app windows or processes: of two
// updates made from the same version exactly one wins, whatever the order.
func TestConcurrentRequestUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	a, b := openTest(t, path), openTest(t, path)
	r := mustCreate(t, a, newRequest("Shared", "dan@example.org"))
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			e := r
			e.InternalNotes = strings.Repeat("n", i+1)
			_, errs[i] = s.UpdateRequest(context.Background(), e)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, knowledge.ErrConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d concurrent updates from version 1 succeeded, want exactly 1", wins)
	}
	got, _ := b.GetRequest(context.Background(), r.ID)
	if got.Version != 2 {
		t.Errorf("version = %d, want 2", got.Version)
	}
}

func TestListRequestsSearch(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	refund := mustCreate(t, s, newRequest("Refund for cancelled appointment", "ada@example.org", "I was CHARGED twice for the MRI."))
	vpn := mustCreate(t, s, newRequest("VPN drops every hour", "+44 20 7946 0958", "Since Monday."))
	ru := mustCreate(t, s, newRequest("Возврат денег", "ivan@example.org", "Пожалуйста, верните деньги."))
	th := mustCreate(t, s, newRequest("ขอคืนเงิน", "somchai@example.org", "ยกเลิกนัดแล้ว"))
	quote := mustCreate(t, s, newRequest(`The "urgent" label`, "eve@example.org", "A + B OR (C*)"))
	resolved := vpn
	resolved.Status = knowledge.RequestResolved
	if _, err := s.UpdateRequest(ctx, resolved); err != nil {
		t.Fatal(err)
	}

	ids := func(f knowledge.RequestFilter) []string {
		t.Helper()
		got, err := s.ListRequests(ctx, f)
		if err != nil {
			t.Fatalf("ListRequests(%+v): %v", f, err)
		}
		out := make([]string, len(got))
		for i, r := range got {
			out[i] = r.ID
		}
		return out
	}
	eq := func(name string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	eq("all, most recently updated first", ids(knowledge.RequestFilter{}), vpn.ID, quote.ID, th.ID, ru.ID, refund.ID)
	eq("limit", ids(knowledge.RequestFilter{Limit: 2}), vpn.ID, quote.ID)
	eq("status", ids(knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{knowledge.RequestResolved}}), vpn.ID)
	eq("subject word, any case", ids(knowledge.RequestFilter{Query: "REFUND"}), refund.ID)
	eq("message text", ids(knowledge.RequestFilter{Query: "charged mri"}), refund.ID)
	eq("every word must match", ids(knowledge.RequestFilter{Query: "charged vpn"}))
	eq("substring", ids(knowledge.RequestFilter{Query: "ancel"}), refund.ID)
	eq("customer name", ids(knowledge.RequestFilter{Query: "lovelace refund"}), refund.ID)
	eq("customer contact", ids(knowledge.RequestFilter{Query: "ivan@example"}), ru.ID)
	eq("Cyrillic, any case", ids(knowledge.RequestFilter{Query: "ВОЗВРАТ"}), ru.ID)
	eq("Thai without spaces", ids(knowledge.RequestFilter{Query: "คืนเงิน"}), th.ID)
	eq("two-letter word", ids(knowledge.RequestFilter{Query: "mr"}), refund.ID)
	eq("two-letter word with status", ids(knowledge.RequestFilter{Query: "vp", Statuses: []knowledge.RequestStatus{knowledge.RequestOpen}}))
	eq("quotes are literal", ids(knowledge.RequestFilter{Query: `"urgent"`}), quote.ID)
	eq("FTS syntax is literal", ids(knowledge.RequestFilter{Query: "(C*)"}), quote.ID)
	eq("AND is a word, not an operator", ids(knowledge.RequestFilter{Query: "AND refund"}))
	eq("NOT is a word, not an operator", ids(knowledge.RequestFilter{Query: "refund NOT"}))
	eq("no match", ids(knowledge.RequestFilter{Query: "parking"}))

	// The index follows updates: the old subject no longer matches.
	r, _ := s.GetRequest(ctx, refund.ID)
	r.Subject = "Billing question"
	if _, err := s.UpdateRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	eq("old subject after update", ids(knowledge.RequestFilter{Query: "cancelled"}))
	eq("new subject after update", ids(knowledge.RequestFilter{Query: "billing"}), refund.ID)

	if _, err := s.ListRequests(ctx, knowledge.RequestFilter{Query: "\xff"}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("invalid UTF-8 query: %v, want ErrInvalid", err)
	}
	if _, err := s.ListRequests(ctx, knowledge.RequestFilter{Statuses: []knowledge.RequestStatus{"on-hold"}}); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("unknown status: %v, want ErrInvalid", err)
	}
	got, _ := s.ListRequests(ctx, knowledge.RequestFilter{Query: "billing"})
	if len(got) != 1 || got[0].MessageCount != 1 || got[0].CustomerName != "Ada Lovelace" || got[0].Version != 2 {
		t.Errorf("summary = %+v", got)
	}
}

func TestCustomerHistory(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	first := mustCreate(t, s, newRequest("Parking", "+44 20 7946 0958"))
	second := mustCreate(t, s, newRequest("Invoice", "+44 (20) 7946-0958"))
	mustCreate(t, s, newRequest("Other customer", "+44 20 7946 0959"))
	mail1 := mustCreate(t, s, newRequest("Mail 1", "Ada@Example.org"))

	got, err := s.CustomerHistory(ctx, "+442079460958")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID {
		t.Errorf("phone history = %+v, want [%s %s]", got, second.ID, first.ID)
	}
	got, _ = s.CustomerHistory(ctx, " ada@example.ORG ")
	if len(got) != 1 || got[0].ID != mail1.ID {
		t.Errorf("e-mail history = %+v", got)
	}
	// Changing the contact moves the request to the new customer.
	r, _ := s.GetRequest(ctx, first.ID)
	r.Customer.Contact = "ada@example.org"
	if _, err := s.UpdateRequest(ctx, r); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.CustomerHistory(ctx, "ada@example.org"); len(got) != 2 {
		t.Errorf("after a contact change: %+v", got)
	}
	if _, err := s.CustomerHistory(ctx, "  "); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("empty contact: %v, want ErrInvalid", err)
	}
}

func TestRequestsOnClosedStore(t *testing.T) {
	s, _ := newTestStore(t)
	s.Close()
	ctx := context.Background()
	if _, err := s.CreateRequest(ctx, newRequest("x", "y")); !errors.Is(err, knowledge.ErrClosed) {
		t.Errorf("CreateRequest: %v", err)
	}
	if _, err := s.ListRequests(ctx, knowledge.RequestFilter{}); !errors.Is(err, knowledge.ErrClosed) {
		t.Errorf("ListRequests: %v", err)
	}
	if _, err := s.GetRequest(ctx, "x"); !errors.Is(err, knowledge.ErrClosed) {
		t.Errorf("GetRequest: %v", err)
	}
}

// A database at schema version 2 (the previous release) with articles and a
// query log gains the request, ledger and rating tables on open.
func TestUpgradeFromMigration2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:2]); err != nil {
		t.Fatalf("migrations 1-2: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO articles (id, title, body, language, audience, status, updated_at, version, content_hash)
		VALUES ('old', 'Old', 'body', 'en', 'internal', 'published', '2025-01-01T00:00:00.000000000Z', 3, 'h')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO query_log (at, query, results, top_score) VALUES ('2025-01-01T00:00:00.000000000Z', 'lost card', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`SELECT 1 FROM requests`); err == nil {
		t.Fatal("requests exists at schema 2; the test no longer exercises an upgrade")
	}
	db.Close()

	s := openTest(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	mustCreate(t, s, newRequest("After upgrade", "a@example.org"))
	if _, err := s.RateArticle(ctx, knowledge.ArticleRating{ArticleID: "old", Agent: "Sam", Verdict: knowledge.VerdictWrong}); err != nil {
		t.Errorf("rating an article from before the upgrade: %v", err)
	}
	if weak, err := s.WeakQueries(ctx, time.Time{}, 0, 0); err != nil || len(weak) != 1 {
		t.Errorf("WeakQueries after upgrade = %v, %v", weak, err)
	}
}
