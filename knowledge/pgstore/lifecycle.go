package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

var _ knowledge.RequestLifecycleStore = (*Store)(nil)

// The request lifecycle (migration 0004): timeline events, states and
// profiles are JSON documents; the columns beside them are what queries
// filter on. Reminders are visible to their agent only (row-level
// security).

func statusList() string {
	q := make([]string, len(knowledge.RequestStatuses))
	for i, s := range knowledge.RequestStatuses {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// ChangeStatus sets a request's status and records the event; see
// knowledge.RequestLifecycleStore.
func (s *Store) ChangeStatus(ctx context.Context, id string, to knowledge.RequestStatus, ev knowledge.TimelineEvent) (knowledge.SupportRequest, knowledge.TimelineEvent, error) {
	to = to.Canonical()
	if !to.Valid() {
		return knowledge.SupportRequest{}, ev, knowledge.Errorf(knowledge.ErrInvalid, "request status %q is not one of %s", to, statusList())
	}
	ev.Kind = knowledge.EventStatus
	var out knowledge.SupportRequest
	err := s.inTx(ctx, fmt.Sprintf("save the status of request %q", id), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM requests WHERE id = $1 FOR UPDATE`, id); err != nil {
			return dbErr(fmt.Sprintf("read request %q", id), err)
		}
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
		if _, err := tx.Exec(ctx, `UPDATE requests SET status = $1, updated_at = $2, version = $3 WHERE id = $4`,
			string(to), now, r.Version, id); err != nil {
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

// AppendTimeline appends events; see knowledge.RequestLifecycleStore.
func (s *Store) AppendTimeline(ctx context.Context, id string, events ...knowledge.TimelineEvent) ([]knowledge.TimelineEvent, error) {
	var out []knowledge.TimelineEvent
	err := s.inTx(ctx, fmt.Sprintf("save the timeline of request %q", id), func(tx pgx.Tx) error {
		if err := lockRequest(ctx, tx, id); err != nil {
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

// lockRequest takes the request row's lock (serialising timeline appends
// and state changes of one request), or fails with ErrNotFound.
func lockRequest(ctx context.Context, tx pgx.Tx, id string) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM requests WHERE id = $1 FOR NO KEY UPDATE`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return dbErr(fmt.Sprintf("read request %q", id), err)
	}
	return nil
}

func appendEvents(ctx context.Context, tx pgx.Tx, id string, now time.Time, events []knowledge.TimelineEvent) ([]knowledge.TimelineEvent, error) {
	if len(events) == 0 {
		return []knowledge.TimelineEvent{}, nil
	}
	var last int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM request_events WHERE request_id = $1`, id).Scan(&last); err != nil {
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
		e.At, e.Due = ts(e.At), ts(e.Due)
		if e.At.IsZero() {
			e.At = now
		}
		data, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO request_events (request_id, seq, kind, at, data) VALUES ($1, $2, $3, $4, $5)`,
			id, e.Seq, string(e.Kind), e.At, string(data)); err != nil {
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
	rows, err := s.pool.Query(ctx, `SELECT data::text FROM request_events WHERE request_id = $1 ORDER BY seq`, id)
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
	var data *string
	err := s.pool.QueryRow(ctx, `SELECT st.data::text FROM requests r LEFT JOIN request_states st ON st.request_id = r.id
		WHERE r.id = $1`, id).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) {
		return knowledge.RequestState{}, fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return knowledge.RequestState{}, dbErr(fmt.Sprintf("read the state of request %q", id), err)
	}
	if data == nil {
		return emptyState(id), nil
	}
	return decodeState(id, *data)
}

func emptyState(id string) knowledge.RequestState {
	return knowledge.RequestState{RequestID: id, Departments: []string{}, Citations: []knowledge.Citation{}}
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
	err := s.inTx(ctx, fmt.Sprintf("save the state of request %q", id), func(tx pgx.Tx) error {
		if err := lockRequest(ctx, tx, id); err != nil {
			return err
		}
		st := emptyState(id)
		var data string
		err := tx.QueryRow(ctx, `SELECT data::text FROM request_states WHERE request_id = $1`, id).Scan(&data)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return dbErr(fmt.Sprintf("read the state of request %q", id), err)
		default:
			if st, err = decodeState(id, data); err != nil {
				return err
			}
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
		st.RequestID, st.UpdatedAt, st.Version, st.NextDue = id, now, version+1, ts(st.NextDue)
		raw, err := json.Marshal(st)
		if err != nil {
			return err
		}
		var due *time.Time
		if !st.NextDue.IsZero() {
			due = &st.NextDue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO request_states (request_id, assignee, next_due, data, updated_at, version)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id) DO UPDATE SET assignee = excluded.assignee,
			next_due = excluded.next_due, data = excluded.data, updated_at = excluded.updated_at, version = excluded.version,
			signed_in = current_user`,
			id, st.Assignee, due, string(raw), now, st.Version); err != nil {
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
	q := `SELECT st.request_id, st.data::text FROM request_states st JOIN requests r ON r.id = st.request_id`
	var args []any
	if len(statuses) > 0 {
		names := make([]string, len(statuses))
		for i, st := range statuses {
			names[i] = string(st.Canonical())
		}
		q += ` WHERE r.status = ANY($1)`
		args = append(args, names)
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY st.request_id`, args...)
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

// AddReminder stores a new reminder; for everyone but admins the agent is
// the signed-in person (the server stamps it).
func (s *Store) AddReminder(ctx context.Context, in knowledge.Reminder) (knowledge.Reminder, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	if r.Agent == "" {
		return knowledge.Reminder{}, knowledge.Errorf(knowledge.ErrInvalid, "the reminder has no agent; set your name in the profile")
	}
	err = s.inTx(ctx, "save the reminder", func(tx pgx.Tx) error {
		if err := lockRequest(ctx, tx, r.RequestID); err != nil {
			return err
		}
		now := s.clock()
		r.ID, r.CreatedAt, r.Version, r.DoneAt, r.Snoozes, r.Due = knowledge.NewID("rem", now), now, 1, time.Time{}, 0, ts(r.Due)
		return dbErrOrNil("save the reminder", tx.QueryRow(ctx, `INSERT INTO reminders (`+reminderColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, 0, 1) RETURNING agent`,
			r.ID, r.RequestID, r.Agent, r.Text, r.Due, string(r.Source), r.CreatedAt).Scan(&r.Agent))
	})
	if err != nil {
		return knowledge.Reminder{}, err
	}
	return r, nil
}

func dbErrOrNil(doing string, err error) error {
	if err == nil {
		return nil
	}
	return dbErr(doing, err)
}

// UpdateReminder saves a reminder's due time, text, completion and snoozes.
func (s *Store) UpdateReminder(ctx context.Context, in knowledge.Reminder) (knowledge.Reminder, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.Reminder{}, err
	}
	var out knowledge.Reminder
	err = s.inTx(ctx, "save the reminder", func(tx pgx.Tx) error {
		cur, err := scanReminder(tx.QueryRow(ctx, `SELECT `+reminderColumns+` FROM reminders WHERE id = $1 FOR UPDATE`, r.ID))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("reminder %q: %w", r.ID, knowledge.ErrNotFound)
		}
		if err != nil {
			return dbErr("read the reminder", err)
		}
		if cur.Version != r.Version {
			return knowledge.Errorf(knowledge.ErrConflict, "the reminder was changed since you opened it; reload it and try again")
		}
		cur.Text, cur.Due, cur.DoneAt, cur.Snoozes, cur.Version = r.Text, ts(r.Due), ts(r.DoneAt), r.Snoozes, cur.Version+1
		var done *time.Time
		if !cur.DoneAt.IsZero() {
			done = &cur.DoneAt
		}
		if _, err := tx.Exec(ctx, `UPDATE reminders SET text = $1, due = $2, done_at = $3, snoozes = $4, version = $5 WHERE id = $6`,
			cur.Text, cur.Due, done, cur.Snoozes, cur.Version, cur.ID); err != nil {
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
	r, err := scanReminder(s.pool.QueryRow(ctx, `SELECT `+reminderColumns+` FROM reminders WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
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
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Agent != "" {
		where = append(where, "agent = "+arg(f.Agent))
	}
	if f.RequestID != "" {
		where = append(where, "request_id = "+arg(f.RequestID))
	}
	if !f.DueBy.IsZero() {
		where = append(where, "due <= "+arg(ts(f.DueBy)))
	}
	if !f.IncludeDone {
		where = append(where, "done_at IS NULL")
	}
	q := `SELECT ` + reminderColumns + ` FROM reminders`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.pool.Query(ctx, q+" ORDER BY due, seq", args...)
	if err != nil {
		return nil, dbErr("read reminders", err)
	}
	defer rows.Close()
	out := []knowledge.Reminder{}
	for rows.Next() {
		r, err := scanReminder(rows)
		if err != nil {
			return nil, dbErr("read reminders", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("read reminders", err)
	}
	return out, nil
}

func scanReminder(row pgx.Row) (knowledge.Reminder, error) {
	var (
		r      knowledge.Reminder
		source string
		done   *time.Time
	)
	if err := row.Scan(&r.ID, &r.RequestID, &r.Agent, &r.Text, &r.Due, &source, &r.CreatedAt, &done, &r.Snoozes, &r.Version); err != nil {
		return r, err
	}
	r.Source = knowledge.ReminderSource(source)
	r.Due, r.CreatedAt = r.Due.UTC(), r.CreatedAt.UTC()
	if done != nil {
		r.DoneAt = done.UTC()
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
	err := s.pool.QueryRow(ctx, `SELECT data::text FROM customer_profiles WHERE contact_key = $1`, key).Scan(&data)
	if errors.Is(err, pgx.ErrNoRows) || key == "" {
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
	err = s.inTx(ctx, "save the customer profile", func(tx pgx.Tx) error {
		var version int
		err := tx.QueryRow(ctx, `SELECT version FROM customer_profiles WHERE contact_key = $1 FOR UPDATE`, key).Scan(&version)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
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
		_, err = tx.Exec(ctx, `INSERT INTO customer_profiles (contact_key, data, updated_at, version) VALUES ($1, $2, $3, $4)
			ON CONFLICT (contact_key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,
			version = excluded.version, signed_in = current_user`, key, string(data), now, p.Version)
		if isCode(err, codeUniqueViolation) {
			return knowledge.Errorf(knowledge.ErrConflict, "the profile of %s was created meanwhile; reload it and apply your change again", p.Contact)
		}
		return dbErrOrNil("save the customer profile", err)
	})
	if err != nil {
		return knowledge.CustomerProfile{}, err
	}
	return p, nil
}
