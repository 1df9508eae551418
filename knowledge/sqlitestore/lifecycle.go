package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"concierge/knowledge"
)

var _ knowledge.RequestLifecycleStore = (*Store)(nil)

// lifecycleMigration is schema step 5: the lifecycle statuses (old rows
// mapped), the append-only timeline, request states, reminders and
// customer profiles. Events, states and profiles are JSON documents; the
// columns beside them are what queries filter on.
const lifecycleMigration = `
	UPDATE requests SET status = CASE WHEN EXISTS (SELECT 1 FROM request_messages m
		WHERE m.request_id = requests.id AND m.author = 'agent') THEN 'in-progress' ELSE 'new' END
		WHERE status = 'open';
	UPDATE requests SET status = 'waiting-on-internal' WHERE status = 'waiting-on-department';

	CREATE TABLE request_events (
		request_id TEXT NOT NULL,
		seq        INTEGER NOT NULL,
		kind       TEXT NOT NULL,
		at         TEXT NOT NULL,
		data       TEXT NOT NULL,
		PRIMARY KEY (request_id, seq)
	);
	CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
	BEGIN SELECT RAISE(ABORT, 'the request timeline is append-only'); END;
	CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
	BEGIN SELECT RAISE(ABORT, 'the request timeline is append-only'); END;

	CREATE TABLE request_states (
		request_id TEXT PRIMARY KEY,
		assignee   TEXT NOT NULL DEFAULT '',
		next_due   TEXT NOT NULL DEFAULT '',
		data       TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		version    INTEGER NOT NULL
	);
	CREATE INDEX request_states_assignee ON request_states(assignee);

	CREATE TABLE reminders (
		seq        INTEGER PRIMARY KEY,
		id         TEXT NOT NULL UNIQUE,
		request_id TEXT NOT NULL,
		agent      TEXT NOT NULL,
		text       TEXT NOT NULL,
		due        TEXT NOT NULL,
		source     TEXT NOT NULL,
		created_at TEXT NOT NULL,
		done_at    TEXT NOT NULL DEFAULT '',
		snoozes    INTEGER NOT NULL DEFAULT 0,
		version    INTEGER NOT NULL
	);
	CREATE INDEX reminders_due ON reminders(agent, done_at, due);
	CREATE INDEX reminders_request ON reminders(request_id);

	CREATE TABLE customer_profiles (
		contact_key TEXT PRIMARY KEY,
		data        TEXT NOT NULL,
		updated_at  TEXT NOT NULL,
		version     INTEGER NOT NULL
	);`

// ChangeStatus sets a request's status and records the event; see
// knowledge.RequestLifecycleStore.
func (s *Store) ChangeStatus(ctx context.Context, id string, to knowledge.RequestStatus, ev knowledge.TimelineEvent) (knowledge.SupportRequest, knowledge.TimelineEvent, error) {
	to = to.Canonical()
	if !to.Valid() {
		return knowledge.SupportRequest{}, ev, knowledge.Errorf(knowledge.ErrInvalid, "request status %q is not one of %s", to, statusList())
	}
	ev.Kind = knowledge.EventStatus
	var out knowledge.SupportRequest
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := getRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Status.Canonical() == to {
			out, ev = r, knowledge.TimelineEvent{}
			return nil
		}
		ev.From, ev.To = string(r.Status.Canonical()), string(to)
		now := s.clock()
		r.Status, r.UpdatedAt, r.Version = to, now, r.Version+1
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET status = ?, updated_at = ?, version = ? WHERE id = ?`,
			string(to), formatTS(now), r.Version, id); err != nil {
			return dbErr(fmt.Sprintf("save the status of request %q", id), err)
		}
		evs, err := appendEvents(ctx, tx, id, now, []knowledge.TimelineEvent{ev})
		if err != nil {
			return err
		}
		out, ev = r, evs[0]
		return nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, knowledge.TimelineEvent{}, err
	}
	return out, ev, nil
}

func statusList() string {
	q := make([]string, len(knowledge.RequestStatuses))
	for i, s := range knowledge.RequestStatuses {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// AppendTimeline appends events; see knowledge.RequestLifecycleStore.
func (s *Store) AppendTimeline(ctx context.Context, id string, events ...knowledge.TimelineEvent) ([]knowledge.TimelineEvent, error) {
	var out []knowledge.TimelineEvent
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := requestExists(ctx, tx, id); err != nil {
			return err
		}
		var err error
		out, err = appendEvents(ctx, tx, id, s.clock(), events)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func requestExists(ctx context.Context, tx *sql.Tx, id string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE id = ?`, id).Scan(&n); err != nil {
		return dbErr(fmt.Sprintf("read request %q", id), err)
	}
	if n == 0 {
		return fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
	}
	return nil
}

func appendEvents(ctx context.Context, tx *sql.Tx, id string, now time.Time, events []knowledge.TimelineEvent) ([]knowledge.TimelineEvent, error) {
	if len(events) == 0 {
		return []knowledge.TimelineEvent{}, nil
	}
	var last int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM request_events WHERE request_id = ?`, id).Scan(&last); err != nil {
		return nil, dbErr(fmt.Sprintf("read the timeline of request %q", id), err)
	}
	if last+len(events) > knowledge.MaxTimelineEvents {
		return nil, knowledge.Errorf(knowledge.ErrInvalid, "request %q has %d timeline events, the most allowed; start a new request", id, last)
	}
	out := make([]knowledge.TimelineEvent, len(events))
	for i, e := range events {
		e, err := e.Normalized()
		if err != nil {
			return nil, err
		}
		e.RequestID, e.Seq = id, last+i+1
		if e.At.IsZero() {
			e.At = now
		}
		data, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_events (request_id, seq, kind, at, data) VALUES (?, ?, ?, ?, ?)`,
			id, e.Seq, string(e.Kind), formatTS(e.At), string(data)); err != nil {
			return nil, dbErr(fmt.Sprintf("save the timeline of request %q", id), err)
		}
		out[i] = e
	}
	return out, nil
}

// Timeline returns a request's stored events, oldest first.
func (s *Store) Timeline(ctx context.Context, id string) ([]knowledge.TimelineEvent, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT data FROM request_events WHERE request_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, dbErr(fmt.Sprintf("read the timeline of request %q", id), err)
	}
	defer rows.Close()
	out := []knowledge.TimelineEvent{}
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, dbErr(fmt.Sprintf("read the timeline of request %q", id), err)
		}
		var e knowledge.TimelineEvent
		if err := json.Unmarshal([]byte(data), &e); err != nil {
			return nil, fmt.Errorf("an event of request %q is damaged: %w", id, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(fmt.Sprintf("read the timeline of request %q", id), err)
	}
	return out, nil
}

// RequestState returns a request's state.
func (s *Store) RequestState(ctx context.Context, id string) (knowledge.RequestState, error) {
	if err := s.check(); err != nil {
		return knowledge.RequestState{}, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return knowledge.RequestState{}, dbErr(fmt.Sprintf("read request %q", id), err)
	}
	defer tx.Rollback()
	if err := requestExists(ctx, tx, id); err != nil {
		return knowledge.RequestState{}, err
	}
	return readState(ctx, tx, id)
}

func readState(ctx context.Context, tx *sql.Tx, id string) (knowledge.RequestState, error) {
	var data string
	err := tx.QueryRowContext(ctx, `SELECT data FROM request_states WHERE request_id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return knowledge.RequestState{RequestID: id, Departments: []string{}, Citations: []knowledge.Citation{}}, nil
	}
	if err != nil {
		return knowledge.RequestState{}, dbErr(fmt.Sprintf("read the state of request %q", id), err)
	}
	return decodeState(id, data)
}

func decodeState(id, data string) (knowledge.RequestState, error) {
	var st knowledge.RequestState
	if err := json.Unmarshal([]byte(data), &st); err != nil {
		return st, fmt.Errorf("the state of request %q is damaged: %w", id, err)
	}
	if st.Departments == nil {
		st.Departments = []string{}
	}
	if st.Citations == nil {
		st.Citations = []knowledge.Citation{}
	}
	return st, nil
}

// ChangeRequestState edits a request's state and appends events in one
// transaction; see knowledge.RequestLifecycleStore.
func (s *Store) ChangeRequestState(ctx context.Context, id string, change func(*knowledge.RequestState) ([]knowledge.TimelineEvent, error)) (knowledge.RequestState, []knowledge.TimelineEvent, error) {
	var (
		out  knowledge.RequestState
		evs  []knowledge.TimelineEvent
		errC error
	)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := requestExists(ctx, tx, id); err != nil {
			return err
		}
		st, err := readState(ctx, tx, id)
		if err != nil {
			return err
		}
		version := st.Version
		events, err := change(&st)
		if err != nil {
			errC = err
			return err
		}
		if st, err = st.Normalized(); err != nil {
			return err
		}
		now := s.clock()
		st.RequestID, st.UpdatedAt, st.Version = id, now, version+1
		data, err := json.Marshal(st)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_states (request_id, assignee, next_due, data, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET assignee = excluded.assignee,
			next_due = excluded.next_due, data = excluded.data, updated_at = excluded.updated_at, version = excluded.version`,
			id, st.Assignee, formatTS(st.NextDue), string(data), formatTS(now), st.Version); err != nil {
			return dbErr(fmt.Sprintf("save the state of request %q", id), err)
		}
		if evs, err = appendEvents(ctx, tx, id, now, events); err != nil {
			return err
		}
		out = st
		return nil
	})
	if errC != nil {
		return knowledge.RequestState{}, nil, errC
	}
	if err != nil {
		return knowledge.RequestState{}, nil, err
	}
	return out, evs, nil
}

// RequestStates returns the stored states of requests with the given
// statuses.
func (s *Store) RequestStates(ctx context.Context, statuses []knowledge.RequestStatus) ([]knowledge.RequestState, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	q := `SELECT st.request_id, st.data FROM request_states st JOIN requests r ON r.id = st.request_id`
	var args []any
	if len(statuses) > 0 {
		ph := make([]string, len(statuses))
		for i, st := range statuses {
			ph[i] = "?"
			args = append(args, string(st.Canonical()))
		}
		q += ` WHERE r.status IN (` + strings.Join(ph, ",") + `)`
	}
	q += ` ORDER BY st.request_id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbErr("read request states", err)
	}
	defer rows.Close()
	out := []knowledge.RequestState{}
	for rows.Next() {
		var id, data string
		if err := rows.Scan(&id, &data); err != nil {
			return nil, dbErr("read request states", err)
		}
		st, err := decodeState(id, data)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read request states", err)
	}
	return out, nil
}

const reminderColumns = `id, request_id, agent, text, due, source, created_at, done_at, snoozes, version`

// AddReminder stores a new reminder.
func (s *Store) AddReminder(ctx context.Context, in knowledge.Reminder) (knowledge.Reminder, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	if r.Agent == "" {
		return knowledge.Reminder{}, knowledge.Errorf(knowledge.ErrInvalid, "the reminder has no agent; set your name in the profile")
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := requestExists(ctx, tx, r.RequestID); err != nil {
			return err
		}
		now := s.clock()
		r.ID, r.CreatedAt, r.Version, r.DoneAt, r.Snoozes = knowledge.NewID("rem", now), now, 1, time.Time{}, 0
		if _, err := tx.ExecContext(ctx, `INSERT INTO reminders (`+reminderColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.RequestID, r.Agent, r.Text, formatTS(r.Due), string(r.Source), formatTS(r.CreatedAt), "", 0, 1); err != nil {
			return dbErr("save the reminder", err)
		}
		return nil
	})
	if err != nil {
		return knowledge.Reminder{}, err
	}
	return r, nil
}

// UpdateReminder saves a reminder's due time, text, completion and snoozes.
func (s *Store) UpdateReminder(ctx context.Context, in knowledge.Reminder) (knowledge.Reminder, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	var out knowledge.Reminder
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := scanReminder(tx.QueryRowContext(ctx, `SELECT `+reminderColumns+` FROM reminders WHERE id = ?`, r.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("reminder %q: %w", r.ID, knowledge.ErrNotFound)
		}
		if err != nil {
			return dbErr("read the reminder", err)
		}
		if cur.Version != r.Version {
			return knowledge.Errorf(knowledge.ErrConflict, "the reminder was changed since you opened it; reload it and try again")
		}
		cur.Text, cur.Due, cur.DoneAt, cur.Snoozes, cur.Version = r.Text, r.Due, r.DoneAt.UTC().Round(0), r.Snoozes, cur.Version+1
		if r.DoneAt.IsZero() {
			cur.DoneAt = time.Time{}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reminders SET text = ?, due = ?, done_at = ?, snoozes = ?, version = ? WHERE id = ?`,
			cur.Text, formatTS(cur.Due), formatTS(cur.DoneAt), cur.Snoozes, cur.Version, cur.ID); err != nil {
			return dbErr("save the reminder", err)
		}
		out = cur
		return nil
	})
	if err != nil {
		return knowledge.Reminder{}, err
	}
	return out, nil
}

// Reminder returns one reminder.
func (s *Store) Reminder(ctx context.Context, id string) (knowledge.Reminder, error) {
	if err := s.check(); err != nil {
		return knowledge.Reminder{}, err
	}
	r, err := scanReminder(s.db.QueryRowContext(ctx, `SELECT `+reminderColumns+` FROM reminders WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("reminder %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return r, dbErr("read the reminder", err)
	}
	return r, nil
}

// Reminders lists reminders, earliest due first.
func (s *Store) Reminders(ctx context.Context, f knowledge.ReminderFilter) ([]knowledge.Reminder, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var (
		where []string
		args  []any
	)
	if f.Agent != "" {
		where, args = append(where, "agent = ?"), append(args, f.Agent)
	}
	if f.RequestID != "" {
		where, args = append(where, "request_id = ?"), append(args, f.RequestID)
	}
	if !f.DueBy.IsZero() {
		where, args = append(where, "due <= ?"), append(args, formatTS(f.DueBy))
	}
	if !f.IncludeDone {
		where = append(where, "done_at = ''")
	}
	q := `SELECT ` + reminderColumns + ` FROM reminders`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return queryAll(ctx, s.db, "read reminders", scanReminder, q+" ORDER BY due, seq", args...)
}

func scanReminder(row rowScanner) (knowledge.Reminder, error) {
	var (
		r                     knowledge.Reminder
		source, due, at, done string
	)
	if err := row.Scan(&r.ID, &r.RequestID, &r.Agent, &r.Text, &due, &source, &at, &done, &r.Snoozes, &r.Version); err != nil {
		return r, err
	}
	r.Source = knowledge.ReminderSource(source)
	var err error
	if r.Due, err = parseTS(due); err != nil {
		return r, err
	}
	if r.CreatedAt, err = parseTS(at); err != nil {
		return r, err
	}
	if r.DoneAt, err = parseTS(done); err != nil {
		return r, err
	}
	return r, nil
}

// CustomerProfile returns the profile for contact's key.
func (s *Store) CustomerProfile(ctx context.Context, contact string) (knowledge.CustomerProfile, error) {
	if err := s.check(); err != nil {
		return knowledge.CustomerProfile{}, err
	}
	key := knowledge.NormalizeContact(contact)
	var data string
	err := s.db.QueryRowContext(ctx, `SELECT data FROM customer_profiles WHERE contact_key = ?`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) || key == "" {
		return knowledge.CustomerProfile{}, fmt.Errorf("customer profile for %q: %w", contact, knowledge.ErrNotFound)
	}
	if err != nil {
		return knowledge.CustomerProfile{}, dbErr("read the customer profile", err)
	}
	var p knowledge.CustomerProfile
	if err := json.Unmarshal([]byte(data), &p); err != nil {
		return p, fmt.Errorf("the customer profile for %q is damaged: %w", contact, err)
	}
	return p, nil
}

// PutCustomerProfile creates or replaces a customer profile.
func (s *Store) PutCustomerProfile(ctx context.Context, in knowledge.CustomerProfile) (knowledge.CustomerProfile, error) {
	p, err := in.Normalized()
	if err != nil {
		return knowledge.CustomerProfile{}, err
	}
	key := knowledge.NormalizeContact(p.Contact)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var version int
		err := tx.QueryRowContext(ctx, `SELECT version FROM customer_profiles WHERE contact_key = ?`, key).Scan(&version)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return dbErr("read the customer profile", err)
		}
		if version != p.Version {
			return knowledge.Errorf(knowledge.ErrConflict, "the profile of %s was changed since you opened it; reload it and apply your change again", p.Contact)
		}
		now := s.clock()
		p.UpdatedAt, p.Version = now, version+1
		data, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer_profiles (contact_key, data, updated_at, version) VALUES (?, ?, ?, ?)
			ON CONFLICT (contact_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, version = excluded.version`,
			key, string(data), formatTS(now), p.Version); err != nil {
			return dbErr("save the customer profile", err)
		}
		return nil
	})
	if err != nil {
		return knowledge.CustomerProfile{}, err
	}
	return p, nil
}
