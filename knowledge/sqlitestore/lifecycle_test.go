package sqlitestore

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"concierge/knowledge"
)

// Requests stored before the lifecycle keep their meaning: "open" becomes
// "new" (or "in-progress" when an agent already replied) and
// "waiting-on-department" becomes "waiting-on-internal".
func TestUpgradeMapsOldRequestStatuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kb.db")
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:4]); err != nil {
		t.Fatalf("migrations 1-4: %v", err)
	}
	for _, row := range []struct{ id, status string }{{"req-a", "open"}, {"req-b", "open"}, {"req-c", "waiting-on-department"}, {"req-d", "resolved"}} {
		if _, err := db.Exec(`INSERT INTO requests (id, subject, channel, status, created_at, updated_at, version, message_count)
			VALUES (?, 'S', 'email', ?, '2025-01-01T00:00:00.000000000Z', '2025-01-01T00:00:00.000000000Z', 1, 0)`, row.id, row.status); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO request_messages (request_id, seq, author, agent_name, at, text)
		VALUES ('req-b', 0, 'agent', 'Robin', '2025-01-01T00:00:00.000000000Z', 'On it')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s := openTest(t, path)
	want := map[string]knowledge.RequestStatus{"req-a": knowledge.RequestNew, "req-b": knowledge.RequestInProgress,
		"req-c": knowledge.RequestWaitingOnInternal, "req-d": knowledge.RequestResolved}
	for id, st := range want {
		r, err := s.GetRequest(ctx, id)
		if err != nil || r.Status != st {
			t.Errorf("%s: status %q (%v), want %q", id, r.Status, err, st)
		}
	}
	if tl, err := s.Timeline(ctx, "req-a"); err != nil || len(tl) != 0 {
		t.Errorf("an upgraded request has an empty timeline: %v, %v", tl, err)
	}
}

// The timeline is append-only even for someone editing the file.
func TestTimelineRowsCannotChange(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), "kb.db"))
	ctx := context.Background()
	r, err := s.CreateRequest(ctx, knowledge.SupportRequest{Subject: "S", Channel: knowledge.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppendTimeline(ctx, r.ID, knowledge.TimelineEvent{Kind: knowledge.EventNextStep, Text: "call"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE request_events SET kind = 'status'`); err == nil {
		t.Error("a timeline event was rewritten")
	}
	if _, err := s.db.Exec(`DELETE FROM request_events`); err == nil {
		t.Error("a timeline event was deleted")
	}
}
