package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"concierge/knowledge"
)

var _ knowledge.RequestStore = (*Store)(nil)

// maxQueryTerms bounds how many words of a request search are used.
const maxQueryTerms = 16

const requestSummaryColumns = `id, subject, channel, status, customer_name, customer_contact,
	message_count, created_at, updated_at, version`

// CreateRequest stores a new request; see knowledge.RequestStore.
func (s *Store) CreateRequest(ctx context.Context, in knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	r, err := in.Normalized()
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	var out knowledge.SupportRequest
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.clock()
		if r.ID == "" {
			r.ID = knowledge.NewRequestID(now)
		} else {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM requests WHERE id = ?`, r.ID).Scan(&n); err != nil {
				return dbErr(fmt.Sprintf("check request %q", r.ID), err)
			}
			if n > 0 {
				return knowledge.Errorf(knowledge.ErrConflict, "a request with id %q exists already; leave the id empty to get a new one", r.ID)
			}
		}
		r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
		stampMessages(r.Messages, now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO requests (id, subject, channel, status, customer_name,
			customer_contact, contact_key, customer_preferences, customer_notes, internal_notes,
			created_at, updated_at, version, message_count, search_text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Subject, string(r.Channel), string(r.Status), r.Customer.Name,
			r.Customer.Contact, knowledge.NormalizeContact(r.Customer.Contact), r.Customer.Preferences, r.Customer.Notes, r.InternalNotes,
			formatTS(r.CreatedAt), formatTS(r.UpdatedAt), r.Version, len(r.Messages), searchText(r)); err != nil {
			return dbErr(fmt.Sprintf("save request %q", r.ID), err)
		}
		if err := insertMessages(ctx, tx, r.ID, 0, r.Messages); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	if out.Messages == nil {
		out.Messages = []knowledge.RequestMessage{}
	}
	return out, nil
}

// GetRequest returns request id with its conversation.
func (s *Store) GetRequest(ctx context.Context, id string) (knowledge.SupportRequest, error) {
	if err := s.check(); err != nil {
		return knowledge.SupportRequest{}, err
	}
	// One read transaction, so the request and its messages agree.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return knowledge.SupportRequest{}, dbErr(fmt.Sprintf("read request %q", id), err)
	}
	defer tx.Rollback()
	return getRequest(ctx, tx, id)
}

func getRequest(ctx context.Context, tx *sql.Tx, id string) (knowledge.SupportRequest, error) {
	var (
		r                knowledge.SupportRequest
		channel, status  string
		created, updated string
	)
	err := tx.QueryRowContext(ctx, `SELECT id, subject, channel, status, customer_name, customer_contact,
		customer_preferences, customer_notes, internal_notes, created_at, updated_at, version
		FROM requests WHERE id = ?`, id).Scan(&r.ID, &r.Subject, &channel, &status, &r.Customer.Name,
		&r.Customer.Contact, &r.Customer.Preferences, &r.Customer.Notes, &r.InternalNotes, &created, &updated, &r.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return r, dbErr(fmt.Sprintf("read request %q", id), err)
	}
	r.Channel, r.Status = knowledge.Channel(channel), knowledge.RequestStatus(status)
	if r.CreatedAt, err = parseTS(created); err != nil {
		return r, fmt.Errorf("request %q has a damaged creation time: %w", id, err)
	}
	if r.UpdatedAt, err = parseTS(updated); err != nil {
		return r, fmt.Errorf("request %q has a damaged update time: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT author, agent_name, at, text FROM request_messages
		WHERE request_id = ? ORDER BY seq`, id)
	if err != nil {
		return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
	}
	defer rows.Close()
	r.Messages = []knowledge.RequestMessage{}
	for rows.Next() {
		var m knowledge.RequestMessage
		var author, at string
		if err := rows.Scan(&author, &m.AgentName, &at, &m.Text); err != nil {
			return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
		}
		m.Author = knowledge.MessageAuthor(author)
		if m.At, err = parseTS(at); err != nil {
			return r, fmt.Errorf("a message of request %q has a damaged time: %w", id, err)
		}
		r.Messages = append(r.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
	}
	return r, nil
}

// UpdateRequest replaces request in.ID when in.Version is current; see
// knowledge.RequestStore.
func (s *Store) UpdateRequest(ctx context.Context, in knowledge.SupportRequest) (knowledge.SupportRequest, error) {
	if in.ID == "" {
		return knowledge.SupportRequest{}, knowledge.Errorf(knowledge.ErrInvalid, "the request to update has no id; create it first")
	}
	if in.Version < 1 {
		return knowledge.SupportRequest{}, knowledge.Errorf(knowledge.ErrInvalid, "request %q has no version; load it with GetRequest, change it and save that", in.ID)
	}
	r, err := in.Normalized()
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	var out knowledge.SupportRequest
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var version int
		var created string
		err := tx.QueryRowContext(ctx, `SELECT version, created_at FROM requests WHERE id = ?`, r.ID).Scan(&version, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("request %q no longer exists: %w", r.ID, knowledge.ErrNotFound)
		}
		if err != nil {
			return dbErr(fmt.Sprintf("read request %q", r.ID), err)
		}
		if version != r.Version {
			return knowledge.Errorf(knowledge.ErrConflict,
				"request %q was changed by someone else (it is now at version %d, you edited version %d); reload it and apply your change again",
				r.ID, version, r.Version)
		}
		now := s.clock()
		if r.CreatedAt, err = parseTS(created); err != nil {
			return fmt.Errorf("request %q has a damaged creation time: %w", r.ID, err)
		}
		r.UpdatedAt, r.Version = now, version+1
		stampMessages(r.Messages, now)
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET subject = ?, channel = ?, status = ?,
			customer_name = ?, customer_contact = ?, contact_key = ?, customer_preferences = ?,
			customer_notes = ?, internal_notes = ?, updated_at = ?, version = ?, message_count = ?,
			search_text = ? WHERE id = ?`,
			r.Subject, string(r.Channel), string(r.Status), r.Customer.Name, r.Customer.Contact,
			knowledge.NormalizeContact(r.Customer.Contact), r.Customer.Preferences, r.Customer.Notes,
			r.InternalNotes, formatTS(r.UpdatedAt), r.Version, len(r.Messages), searchText(r), r.ID); err != nil {
			return dbErr(fmt.Sprintf("save request %q", r.ID), err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM request_messages WHERE request_id = ?`, r.ID); err != nil {
			return dbErr(fmt.Sprintf("save the messages of request %q", r.ID), err)
		}
		if err := insertMessages(ctx, tx, r.ID, 0, r.Messages); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	if out.Messages == nil {
		out.Messages = []knowledge.RequestMessage{}
	}
	return out, nil
}

// AppendMessage adds m to request id; see knowledge.RequestStore.
func (s *Store) AppendMessage(ctx context.Context, id string, in knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	m, err := in.Normalized()
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	var out knowledge.SupportRequest
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		r, err := getRequest(ctx, tx, id)
		if err != nil {
			return err
		}
		if len(r.Messages) >= knowledge.MaxMessages {
			return knowledge.Errorf(knowledge.ErrInvalid, "request %q already has %d messages, the most allowed; start a new request for the rest of the conversation", id, len(r.Messages))
		}
		now := s.clock()
		if m.At.IsZero() {
			m.At = now
		}
		if err := insertMessages(ctx, tx, id, len(r.Messages), []knowledge.RequestMessage{m}); err != nil {
			return err
		}
		r.Messages = append(r.Messages, m)
		r.UpdatedAt, r.Version = now, r.Version+1
		if _, err := tx.ExecContext(ctx, `UPDATE requests SET updated_at = ?, version = ?, message_count = ?,
			search_text = ? WHERE id = ?`, formatTS(r.UpdatedAt), r.Version, len(r.Messages), searchText(r), id); err != nil {
			return dbErr(fmt.Sprintf("save request %q", id), err)
		}
		out = r
		return nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	return out, nil
}

// ListRequests returns the requests matching f, most recently updated
// first. Query words of three or more characters use the trigram full-text
// index; shorter words are matched as substrings of the same text.
func (s *Store) ListRequests(ctx context.Context, f knowledge.RequestFilter) ([]knowledge.RequestSummary, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if !utf8.ValidString(f.Query) {
		return nil, knowledge.Errorf(knowledge.ErrInvalid, "the search text is not valid UTF-8; type it again")
	}
	var (
		where []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		ph := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			st = st.Canonical() // statuses of earlier versions were migrated
			if !st.Valid() {
				return nil, knowledge.Errorf(knowledge.ErrInvalid, "request status %q is not one of %s", st, statusList())
			}
			ph[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "status IN ("+strings.Join(ph, ",")+")")
	}
	terms := strings.Fields(strings.ToLower(f.Query))
	if len(terms) > maxQueryTerms {
		terms = terms[:maxQueryTerms]
	}
	var phrases []string
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			phrases = append(phrases, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		} else {
			where = append(where, "instr(search_text, ?) > 0")
			args = append(args, t)
		}
	}
	if len(phrases) > 0 {
		where = append(where, "seq IN (SELECT rowid FROM requests_fts WHERE requests_fts MATCH ?)")
		args = append(args, strings.Join(phrases, " "))
	}
	q := `SELECT ` + requestSummaryColumns + ` FROM requests`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY updated_at DESC, seq DESC"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return s.requestSummaries(ctx, "list requests", q, args...)
}

// CustomerHistory returns the requests of the customer reachable at
// contact; see knowledge.NormalizeContact for what counts as the same.
func (s *Store) CustomerHistory(ctx context.Context, contact string) ([]knowledge.RequestSummary, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	key := knowledge.NormalizeContact(contact)
	if key == "" {
		return nil, knowledge.Errorf(knowledge.ErrInvalid, "no customer contact given; enter the customer's e-mail address or phone number")
	}
	return s.requestSummaries(ctx, "read the customer's earlier requests",
		`SELECT `+requestSummaryColumns+` FROM requests WHERE contact_key = ? ORDER BY updated_at DESC, seq DESC`, key)
}

func (s *Store) requestSummaries(ctx context.Context, doing, q string, args ...any) ([]knowledge.RequestSummary, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.RequestSummary{}
	for rows.Next() {
		var (
			r                knowledge.RequestSummary
			channel, status  string
			created, updated string
		)
		if err := rows.Scan(&r.ID, &r.Subject, &channel, &status, &r.CustomerName, &r.CustomerContact,
			&r.MessageCount, &created, &updated, &r.Version); err != nil {
			return nil, dbErr(doing, err)
		}
		r.Channel, r.Status = knowledge.Channel(channel), knowledge.RequestStatus(status)
		if r.CreatedAt, err = parseTS(created); err != nil {
			return nil, fmt.Errorf("request %q has a damaged creation time: %w", r.ID, err)
		}
		if r.UpdatedAt, err = parseTS(updated); err != nil {
			return nil, fmt.Errorf("request %q has a damaged update time: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}

func insertMessages(ctx context.Context, tx *sql.Tx, id string, first int, msgs []knowledge.RequestMessage) error {
	for i, m := range msgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_messages (request_id, seq, author, agent_name, at, text)
			VALUES (?, ?, ?, ?, ?, ?)`, id, first+i, string(m.Author), m.AgentName, formatTS(m.At), m.Text); err != nil {
			return dbErr(fmt.Sprintf("save message %d of request %q", first+i+1, id), err)
		}
	}
	return nil
}

// stampMessages gives messages without a time the time now. msgs is the
// caller's own copy (Normalized copies the slice).
func stampMessages(msgs []knowledge.RequestMessage, now time.Time) {
	for i := range msgs {
		if msgs[i].At.IsZero() {
			msgs[i].At = now
		}
	}
}

// searchText is what ListRequests searches: subject, customer name and
// contact and every message, lower-cased.
func searchText(r knowledge.SupportRequest) string {
	var b strings.Builder
	for _, s := range []string{r.Subject, r.Customer.Name, r.Customer.Contact} {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for _, m := range r.Messages {
		b.WriteString(m.Text)
		b.WriteByte('\n')
	}
	return strings.ToLower(b.String())
}
