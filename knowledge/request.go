package knowledge

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Channel is how a support request reached the organisation.
type Channel string

const (
	ChannelEmail  Channel = "email"
	ChannelPhone  Channel = "phone"
	ChannelChat   Channel = "chat"
	ChannelPortal Channel = "portal"
	ChannelWalkIn Channel = "walk-in"
)

// Channels lists the known channels in display order.
var Channels = []Channel{ChannelEmail, ChannelPhone, ChannelChat, ChannelPortal, ChannelWalkIn}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool {
	for _, k := range Channels {
		if c == k {
			return true
		}
	}
	return false
}

// RequestStatus is where a support request stands.
type RequestStatus string

const (
	RequestNew               RequestStatus = "new"
	RequestInProgress        RequestStatus = "in-progress"
	RequestWaitingOnCustomer RequestStatus = "waiting-on-customer"
	RequestWaitingOnInternal RequestStatus = "waiting-on-internal"
	RequestResolved          RequestStatus = "resolved"
	RequestClosed            RequestStatus = "closed"

	// RequestOpen is the status of a request nobody has worked on yet.
	//
	// Deprecated: use RequestNew (or RequestInProgress).
	RequestOpen = RequestNew
	// RequestWaitingOnDepartment is the old name of RequestWaitingOnInternal.
	//
	// Deprecated: use RequestWaitingOnInternal.
	RequestWaitingOnDepartment = RequestWaitingOnInternal
)

// Statuses stored before the lifecycle (migrated by both stores; still
// accepted on input and mapped by Canonical).
const (
	legacyStatusOpen          RequestStatus = "open"
	legacyStatusWaitingOnDept RequestStatus = "waiting-on-department"
)

// RequestStatuses lists the known request statuses in workflow order.
var RequestStatuses = []RequestStatus{RequestNew, RequestInProgress, RequestWaitingOnCustomer, RequestWaitingOnInternal, RequestResolved, RequestClosed}

// Canonical maps a status of earlier versions to its lifecycle status:
// "open" → "new", "waiting-on-department" → "waiting-on-internal"; every
// other value is returned as is.
func (s RequestStatus) Canonical() RequestStatus {
	switch s {
	case legacyStatusOpen:
		return RequestNew
	case legacyStatusWaitingOnDept:
		return RequestWaitingOnInternal
	}
	return s
}

// Done reports whether s ends the request's active life (resolved or closed).
func (s RequestStatus) Done() bool { return s == RequestResolved || s == RequestClosed }

// Valid reports whether s is a known request status.
func (s RequestStatus) Valid() bool {
	for _, k := range RequestStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// MessageAuthor says who wrote a message of a request's conversation.
type MessageAuthor string

const (
	AuthorCustomer MessageAuthor = "customer"
	AuthorAgent    MessageAuthor = "agent"
	// AuthorNote is an agent's note in the conversation that the customer
	// never sees.
	AuthorNote MessageAuthor = "note"
)

// Valid reports whether a is a known author.
func (a MessageAuthor) Valid() bool {
	return a == AuthorCustomer || a == AuthorAgent || a == AuthorNote
}

// Customer is who a request is for. Contact (an e-mail address, a phone
// number or another handle) is what links a customer's requests together;
// see NormalizeContact.
type Customer struct {
	Name        string `json:"name"`
	Contact     string `json:"contact"`
	Preferences string `json:"preferences,omitempty"`
	Notes       string `json:"notes,omitempty"`
	// The profile (CustomerProfile, kept by contact): the core fills these
	// from it when reading a request and saves them to it when writing one.
	PreferredName    string  `json:"preferredName,omitempty"`
	Title            string  `json:"title,omitempty"`
	Language         string  `json:"language,omitempty"`
	Tone             Tone    `json:"tone,omitempty"`
	PreferredChannel Channel `json:"preferredChannel,omitempty"`
}

// RequestMessage is one message of a request's conversation.
type RequestMessage struct {
	Author    MessageAuthor `json:"author"`
	AgentName string        `json:"agentName,omitempty"` // who wrote an agent message or note
	At        time.Time     `json:"at,omitempty"`        // zero: the store stamps it
	Text      string        `json:"text"`
}

// SupportRequest is one customer request handled in the agent workspace.
// ID, CreatedAt, UpdatedAt and Version are set by the store; Version is the
// optimistic-concurrency token UpdateRequest checks.
type SupportRequest struct {
	ID            string           `json:"id"`
	Subject       string           `json:"subject"`
	Channel       Channel          `json:"channel"`
	Status        RequestStatus    `json:"status"`
	Customer      Customer         `json:"customer"`
	Messages      []RequestMessage `json:"messages"`
	InternalNotes string           `json:"internalNotes,omitempty"`
	CreatedAt     time.Time        `json:"createdAt,omitempty"`
	UpdatedAt     time.Time        `json:"updatedAt,omitempty"`
	Version       int              `json:"version"`
}

// RequestSummary is a request without its conversation, for lists.
type RequestSummary struct {
	ID              string        `json:"id"`
	Subject         string        `json:"subject"`
	Channel         Channel       `json:"channel"`
	Status          RequestStatus `json:"status"`
	CustomerName    string        `json:"customerName"`
	CustomerContact string        `json:"customerContact"`
	MessageCount    int           `json:"messageCount"`
	CreatedAt       time.Time     `json:"createdAt"`
	UpdatedAt       time.Time     `json:"updatedAt"`
	Version         int           `json:"version"`
}

// RequestFilter narrows RequestStore.ListRequests. Zero values mean "any".
type RequestFilter struct {
	Statuses []RequestStatus `json:"statuses,omitempty"` // empty: every status
	// Query keeps requests whose subject, customer name or contact, or
	// message text contains every word of it, ignoring case.
	Query string `json:"query,omitempty"`
	// Limit caps the number of requests returned; 0 means no limit.
	Limit int `json:"limit,omitempty"`
}

// RequestStore persists support requests. Every method is safe for
// concurrent use; writes are atomic.
type RequestStore interface {
	// CreateRequest validates r (ErrInvalid), assigns an ID when r.ID is
	// empty, stamps CreatedAt/UpdatedAt and message times, sets Version to 1
	// and stores it. A given ID that exists already fails with ErrConflict.
	CreateRequest(ctx context.Context, r SupportRequest) (SupportRequest, error)
	// GetRequest returns the request with id, or an error wrapping ErrNotFound.
	GetRequest(ctx context.Context, id string) (SupportRequest, error)
	// UpdateRequest replaces the stored request r.ID (messages included) when
	// r.Version equals the stored version, and bumps Version and UpdatedAt;
	// otherwise it fails with ErrConflict. CreatedAt cannot change.
	UpdateRequest(ctx context.Context, r SupportRequest) (SupportRequest, error)
	// AppendMessage adds m to the conversation of request id without a
	// version check (appends do not conflict) and bumps Version.
	AppendMessage(ctx context.Context, id string, m RequestMessage) (SupportRequest, error)
	// ListRequests returns requests matching f, most recently updated first.
	ListRequests(ctx context.Context, f RequestFilter) ([]RequestSummary, error)
	// CustomerHistory returns every request whose customer contact
	// normalises to the same key as contact, most recently updated first.
	CustomerHistory(ctx context.Context, contact string) ([]RequestSummary, error)
}

// Size limits for requests, in characters (runes).
const (
	MaxSubjectLen       = 300
	MaxCustomerFieldLen = 300   // name and contact
	MaxCustomerNotesLen = 5000  // preferences and notes, each
	MaxMessageLen       = 50000 // one message
	MaxMessages         = 1000  // per request
	MaxInternalNotesLen = 50000
	MaxAgentNameLen     = 120
)

// requestIDPattern accepts generated ids and ids supplied on import.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$`)

// ValidRequestID reports whether id is an acceptable request id.
func ValidRequestID(id string) bool { return requestIDPattern.MatchString(id) }

// NewID returns prefix + "-" + a sortable id: the time in milliseconds
// since 1970 as 12 hex digits, then 16 random hex digits. IDs made later
// sort after earlier ones (to the millisecond).
func NewID(prefix string, at time.Time) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("knowledge.NewID: no system randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	ms := at.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	return fmt.Sprintf("%s-%012x%s", prefix, ms, hex.EncodeToString(b[:]))
}

// NewRequestID returns a new "req-…" id; see NewID.
func NewRequestID(at time.Time) string { return NewID("req", at) }

// Normalized validates r and returns it with surrounding white space trimmed
// from the subject and customer name and contact, and Status defaulting to
// new (statuses of earlier versions are mapped, see Canonical). It does
// not touch ID, times or Version. Errors wrap ErrInvalid and say which
// field to fix.
func (r SupportRequest) Normalized() (SupportRequest, error) {
	if r.ID != "" && !ValidRequestID(r.ID) {
		return r, invalidf("request id %q is not valid: use letters, digits, '.', '_' and '-', at most 120 characters", r.ID)
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"subject", r.Subject, MaxSubjectLen},
		{"customer name", r.Customer.Name, MaxCustomerFieldLen},
		{"customer contact", r.Customer.Contact, MaxCustomerFieldLen},
		{"customer preferences", r.Customer.Preferences, MaxCustomerNotesLen},
		{"customer notes", r.Customer.Notes, MaxCustomerNotesLen},
		{"internal notes", r.InternalNotes, MaxInternalNotesLen},
	} {
		if err := checkText("request", f.name, f.value, f.max); err != nil {
			return r, err
		}
	}
	r.Subject = strings.TrimSpace(r.Subject)
	if r.Subject == "" {
		return r, invalidf("the request has no subject: give it a short summary of what the customer needs")
	}
	r.Customer.Name = strings.TrimSpace(r.Customer.Name)
	r.Customer.Contact = strings.TrimSpace(r.Customer.Contact)
	if !r.Channel.Valid() {
		if r.Channel == "" {
			return r, invalidf("the request has no channel: choose one of %s", joinQuoted(Channels))
		}
		return r, invalidf("request channel %q is not one of %s", r.Channel, joinQuoted(Channels))
	}
	if r.Status == legacyStatusOpen && hasAgentReply(r.Messages) {
		r.Status = RequestInProgress // as the migrations map it
	}
	r.Status = r.Status.Canonical()
	if r.Status == "" {
		r.Status = RequestNew
	} else if !r.Status.Valid() {
		return r, invalidf("request status %q is not one of %s", r.Status, joinQuoted(RequestStatuses))
	}
	if len(r.Messages) > MaxMessages {
		return r, invalidf("the request has %d messages, more than the %d allowed; start a new request for the rest of the conversation", len(r.Messages), MaxMessages)
	}
	if len(r.Messages) > 0 {
		msgs := make([]RequestMessage, len(r.Messages))
		for i, m := range r.Messages {
			nm, err := m.Normalized()
			if err != nil {
				return r, fmt.Errorf("message %d: %w", i+1, err)
			}
			msgs[i] = nm
		}
		r.Messages = msgs
	}
	return r, nil
}

// hasAgentReply reports whether an agent answered in msgs.
func hasAgentReply(msgs []RequestMessage) bool {
	for _, m := range msgs {
		if m.Author == AuthorAgent {
			return true
		}
	}
	return false
}

// Normalized validates m: a known author, an agent name for agent messages,
// and non-empty valid UTF-8 text within MaxMessageLen. Errors wrap ErrInvalid.
func (m RequestMessage) Normalized() (RequestMessage, error) {
	if !m.Author.Valid() {
		return m, invalidf("message author %q is not one of %q, %q, %q", m.Author, AuthorCustomer, AuthorAgent, AuthorNote)
	}
	if err := checkText("message", "agent name", m.AgentName, MaxAgentNameLen); err != nil {
		return m, err
	}
	m.AgentName = strings.TrimSpace(m.AgentName)
	if m.Author != AuthorCustomer && m.AgentName == "" {
		return m, invalidf("the agent's name is missing on a message by %q; set your name in the profile", m.Author)
	}
	if err := checkText("message", "text", m.Text, MaxMessageLen); err != nil {
		return m, err
	}
	if strings.TrimSpace(m.Text) == "" {
		return m, invalidf("the message has no text")
	}
	if !m.At.IsZero() {
		m.At = m.At.UTC().Round(0)
	}
	return m, nil
}

// NormalizeContact returns the key under which a customer's contact is
// matched: e-mail addresses and handles lower-cased with inner white space
// collapsed; phone numbers (only digits, spaces and "+-.()/") reduced to
// their digits, keeping a leading '+'. "" for an empty contact.
func NormalizeContact(contact string) string {
	c := strings.TrimSpace(contact)
	if c == "" {
		return ""
	}
	if isPhoneLike(c) {
		var b strings.Builder
		if strings.HasPrefix(c, "+") {
			b.WriteByte('+')
		}
		for _, r := range c {
			if r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	return strings.ToLower(strings.Join(strings.Fields(c), " "))
}

func isPhoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '+' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			return false
		}
	}
	return digits >= 3
}

// checkText rejects invalid UTF-8, NUL characters and text longer than max
// runes.
func checkText(what, field, v string, max int) error {
	if !utf8.ValidString(v) {
		return invalidf("%s %s is not valid UTF-8 text; paste it again as plain text", what, field)
	}
	if n := utf8.RuneCountInString(v); n > max {
		return invalidf("%s %s is %d characters long, more than the %d allowed; shorten it", what, field, n, max)
	}
	if strings.IndexByte(v, 0) >= 0 {
		return invalidf("%s %s contains a NUL character; paste it again as plain text", what, field)
	}
	return nil
}

func joinQuoted[T ~string](vs []T) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// sentinelError carries a complete user-facing message and matches a
// sentinel with errors.Is, without repeating the sentinel's text (ErrInvalid
// and ErrConflict read as if about articles).
type sentinelError struct {
	msg      string
	sentinel error
}

func (e *sentinelError) Error() string { return e.msg }
func (e *sentinelError) Unwrap() error { return e.sentinel }

// invalidf returns an error with the formatted message that wraps ErrInvalid.
func invalidf(format string, args ...any) error {
	return &sentinelError{msg: fmt.Sprintf(format, args...), sentinel: ErrInvalid}
}

// Errorf returns an error whose text is the formatted message alone and
// which matches sentinel (ErrInvalid, ErrConflict, ErrNotFound…) with
// errors.Is. Use it where the sentinel's own text would mislead, e.g.
// ErrConflict ("the article was changed…") for a request.
func Errorf(sentinel error, format string, args ...any) error {
	return &sentinelError{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}
