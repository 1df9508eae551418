package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

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
	if err := s.check(); err != nil {
		return knowledge.SupportRequest{}, err
	}
	now := s.clock()
	if r.ID == "" {
		r.ID = knowledge.NewRequestID(now)
	}
	r.CreatedAt, r.UpdatedAt, r.Version = now, now, 1
	stampMessages(r.Messages, now)
	// One round trip, one implicit transaction: the request and its
	// messages are stored together or not at all.
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO requests (id, subject, channel, status, customer_name,
		customer_contact, contact_key, customer_preferences, customer_notes, internal_notes,
		created_at, updated_at, version, message_count, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.ID, r.Subject, string(r.Channel), string(r.Status), r.Customer.Name,
		r.Customer.Contact, knowledge.NormalizeContact(r.Customer.Contact), r.Customer.Preferences, r.Customer.Notes, r.InternalNotes,
		r.CreatedAt, r.UpdatedAt, r.Version, len(r.Messages), searchText(r))
	queueMessages(batch, r.ID, 0, r.Messages)
	err = s.pool.SendBatch(ctx, batch).Close()
	if isCode(err, codeUniqueViolation) {
		return knowledge.SupportRequest{}, knowledge.Errorf(knowledge.ErrConflict, "a request with id %q exists already; leave the id empty to get a new one", r.ID)
	}
	if err != nil {
		return knowledge.SupportRequest{}, dbErr(fmt.Sprintf("save request %q", r.ID), err)
	}
	s.notifyChange()
	if r.Messages == nil {
		r.Messages = []knowledge.RequestMessage{}
	}
	return r, nil
}

// GetRequest returns request id with its conversation, read in one
// repeatable-read snapshot so the request and its messages agree.
func (s *Store) GetRequest(ctx context.Context, id string) (knowledge.SupportRequest, error) {
	if err := s.check(); err != nil {
		return knowledge.SupportRequest{}, err
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return knowledge.SupportRequest{}, dbErr(fmt.Sprintf("read request %q", id), err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return getRequest(ctx, tx, id)
}

func getRequest(ctx context.Context, tx pgx.Tx, id string) (knowledge.SupportRequest, error) {
	var (
		r               knowledge.SupportRequest
		channel, status string
	)
	q := `SELECT id, subject, channel, status, customer_name, customer_contact,
		customer_preferences, customer_notes, internal_notes, created_at, updated_at, version
		FROM requests WHERE id = $1`
	err := tx.QueryRow(ctx, q, id).Scan(&r.ID, &r.Subject, &channel, &status, &r.Customer.Name,
		&r.Customer.Contact, &r.Customer.Preferences, &r.Customer.Notes, &r.InternalNotes, &r.CreatedAt, &r.UpdatedAt, &r.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
	}
	if err != nil {
		return r, dbErr(fmt.Sprintf("read request %q", id), err)
	}
	r.Channel, r.Status = knowledge.Channel(channel), knowledge.RequestStatus(status)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	rows, err := tx.Query(ctx, `SELECT author, agent_name, at, text FROM request_messages
		WHERE request_id = $1 ORDER BY seq`, id)
	if err != nil {
		return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
	}
	defer rows.Close()
	r.Messages = []knowledge.RequestMessage{}
	for rows.Next() {
		var m knowledge.RequestMessage
		var author string
		if err := rows.Scan(&author, &m.AgentName, &m.At, &m.Text); err != nil {
			return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
		}
		m.Author, m.At = knowledge.MessageAuthor(author), m.At.UTC()
		r.Messages = append(r.Messages, m)
	}
	if err := rows.Err(); err != nil {
		return r, dbErr(fmt.Sprintf("read the messages of request %q", id), err)
	}
	return r, nil
}

// UpdateRequest replaces request in.ID when in.Version is current; see
// knowledge.RequestStore. The row is locked before the version check, so
// of two concurrent updates of one version exactly one wins.
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
	var (
		found   bool
		version int
		created time.Time
	)
	err = s.inTwoRoundTrips(ctx, fmt.Sprintf("save request %q", r.ID), func(b *pgx.Batch) {
		b.Queue(`SELECT version, created_at FROM requests WHERE id = $1 FOR UPDATE`, r.ID).QueryRow(func(row pgx.Row) error {
			err := row.Scan(&version, &created)
			found = err == nil
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			return err
		})
	}, func() (*pgx.Batch, error) {
		if !found {
			return nil, fmt.Errorf("request %q no longer exists: %w", r.ID, knowledge.ErrNotFound)
		}
		if version != r.Version {
			return nil, knowledge.Errorf(knowledge.ErrConflict,
				"request %q was changed by someone else (it is now at version %d, you edited version %d); reload it and apply your change again",
				r.ID, version, r.Version)
		}
		now := s.clock()
		r.CreatedAt, r.UpdatedAt, r.Version = created.UTC(), now, version+1
		stampMessages(r.Messages, now)
		b := &pgx.Batch{}
		b.Queue(`UPDATE requests SET subject = $1, channel = $2, status = $3,
			customer_name = $4, customer_contact = $5, contact_key = $6, customer_preferences = $7,
			customer_notes = $8, internal_notes = $9, updated_at = $10, version = $11, message_count = $12,
			search_text = $13 WHERE id = $14`,
			r.Subject, string(r.Channel), string(r.Status), r.Customer.Name, r.Customer.Contact,
			knowledge.NormalizeContact(r.Customer.Contact), r.Customer.Preferences, r.Customer.Notes,
			r.InternalNotes, r.UpdatedAt, r.Version, len(r.Messages), searchText(r), r.ID)
		b.Queue(`DELETE FROM request_messages WHERE request_id = $1`, r.ID)
		queueMessages(b, r.ID, 0, r.Messages)
		return b, nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	if r.Messages == nil {
		r.Messages = []knowledge.RequestMessage{}
	}
	return r, nil
}

// AppendMessage adds m to request id; see knowledge.RequestStore.
func (s *Store) AppendMessage(ctx context.Context, id string, in knowledge.RequestMessage) (knowledge.SupportRequest, error) {
	m, err := in.Normalized()
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	var (
		r               knowledge.SupportRequest
		found           bool
		channel, status string
	)
	err = s.inTwoRoundTrips(ctx, fmt.Sprintf("add a message to request %q", id), func(b *pgx.Batch) {
		b.Queue(`SELECT id, subject, channel, status, customer_name, customer_contact,
			customer_preferences, customer_notes, internal_notes, created_at, updated_at, version
			FROM requests WHERE id = $1 FOR UPDATE`, id).QueryRow(func(row pgx.Row) error {
			err := row.Scan(&r.ID, &r.Subject, &channel, &status, &r.Customer.Name, &r.Customer.Contact,
				&r.Customer.Preferences, &r.Customer.Notes, &r.InternalNotes, &r.CreatedAt, &r.UpdatedAt, &r.Version)
			found = err == nil
			if errors.Is(err, pgx.ErrNoRows) {
				return nil
			}
			return err
		})
		b.Queue(`SELECT author, agent_name, at, text FROM request_messages WHERE request_id = $1 ORDER BY seq`, id).Query(func(rows pgx.Rows) error {
			r.Messages = []knowledge.RequestMessage{}
			for rows.Next() {
				var m knowledge.RequestMessage
				var author string
				if err := rows.Scan(&author, &m.AgentName, &m.At, &m.Text); err != nil {
					return err
				}
				m.Author, m.At = knowledge.MessageAuthor(author), m.At.UTC()
				r.Messages = append(r.Messages, m)
			}
			return rows.Err()
		})
	}, func() (*pgx.Batch, error) {
		if !found {
			return nil, fmt.Errorf("request %q: %w", id, knowledge.ErrNotFound)
		}
		if len(r.Messages) >= knowledge.MaxMessages {
			return nil, knowledge.Errorf(knowledge.ErrInvalid, "request %q already has %d messages, the most allowed; start a new request for the rest of the conversation", id, len(r.Messages))
		}
		r.Channel, r.Status = knowledge.Channel(channel), knowledge.RequestStatus(status)
		r.CreatedAt = r.CreatedAt.UTC()
		now := s.clock()
		if m.At.IsZero() {
			m.At = now
		}
		m.At = ts(m.At)
		b := &pgx.Batch{}
		queueMessages(b, id, len(r.Messages), []knowledge.RequestMessage{m})
		r.Messages = append(r.Messages, m)
		r.UpdatedAt, r.Version = now, r.Version+1
		b.Queue(`UPDATE requests SET updated_at = $1, version = $2, message_count = $3,
			search_text = $4 WHERE id = $5`, r.UpdatedAt, r.Version, len(r.Messages), searchText(r), id)
		return b, nil
	})
	if err != nil {
		return knowledge.SupportRequest{}, err
	}
	return r, nil
}

// ListRequests returns the requests matching f, most recently updated
// first. Every query word must occur in the request's text (subject,
// customer, messages), ignoring case; words of three or more characters use
// the trigram index.
func (s *Store) ListRequests(ctx context.Context, f knowledge.RequestFilter) ([]knowledge.RequestSummary, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if !utf8.ValidString(f.Query) || noNUL("", f.Query) != nil {
		return nil, knowledge.Errorf(knowledge.ErrInvalid, "the search text is not valid UTF-8; type it again")
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, x := range f.Statuses {
			x = x.Canonical() // statuses of earlier versions were migrated
			if !x.Valid() {
				return nil, knowledge.Errorf(knowledge.ErrInvalid, "request status %q is not one of %s", x, statusList())
			}
			st[i] = string(x)
		}
		where = append(where, "status = ANY("+arg(st)+")")
	}
	terms := strings.Fields(strings.ToLower(f.Query))
	if len(terms) > maxQueryTerms {
		terms = terms[:maxQueryTerms]
	}
	escape := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	for _, t := range terms {
		where = append(where, "search_text LIKE "+arg("%"+escape.Replace(t)+"%"))
	}
	q := `SELECT ` + requestSummaryColumns + ` FROM requests`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY updated_at DESC, seq DESC"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
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
		`SELECT `+requestSummaryColumns+` FROM requests WHERE contact_key = $1 ORDER BY updated_at DESC, seq DESC`, key)
}

func (s *Store) requestSummaries(ctx context.Context, doing, q string, args ...any) ([]knowledge.RequestSummary, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, dbErr(doing, err)
	}
	defer rows.Close()
	out := []knowledge.RequestSummary{}
	for rows.Next() {
		var (
			r               knowledge.RequestSummary
			channel, status string
		)
		if err := rows.Scan(&r.ID, &r.Subject, &channel, &status, &r.CustomerName, &r.CustomerContact,
			&r.MessageCount, &r.CreatedAt, &r.UpdatedAt, &r.Version); err != nil {
			return nil, dbErr(doing, err)
		}
		r.Channel, r.Status = knowledge.Channel(channel), knowledge.RequestStatus(status)
		r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(doing, err)
	}
	return out, nil
}

// insertMessages writes msgs as messages first, first+1… of request id, in
// one round trip.
func insertMessages(ctx context.Context, tx pgx.Tx, id string, first int, msgs []knowledge.RequestMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	queueMessages(b, id, first, msgs)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return dbErr(fmt.Sprintf("save the messages of request %q", id), err)
	}
	return nil
}

// queueMessages adds the inserts of msgs as messages first, first+1… of
// request id to b.
func queueMessages(b *pgx.Batch, id string, first int, msgs []knowledge.RequestMessage) {
	for i, m := range msgs {
		b.Queue(`INSERT INTO request_messages (request_id, seq, author, agent_name, at, text)
			VALUES ($1, $2, $3, $4, $5, $6)`, id, first+i, string(m.Author), m.AgentName, ts(m.At), m.Text)
	}
}

// stampMessages gives messages without a time the time now, and reduces the
// others to the server's precision. msgs is the caller's own copy
// (Normalized copies the slice).
func stampMessages(msgs []knowledge.RequestMessage, now time.Time) {
	for i := range msgs {
		if msgs[i].At.IsZero() {
			msgs[i].At = now
		}
		msgs[i].At = ts(msgs[i].At)
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
