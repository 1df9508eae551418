package knowledge

import (
	"context"
	"strings"
	"time"
)

// The life of a request beyond its conversation: an append-only timeline
// of what happened, its working state (owner, next step and due date,
// departments consulted, articles cited, an attached procedure), the
// agents' reminders and the customer's profile. See RequestLifecycleStore.

// TimelineKind says what a timeline event records.
type TimelineKind string

const (
	// EventMessage and EventNote are the conversation's messages; the core
	// merges them into the timeline from the request (they are not stored
	// twice).
	EventMessage TimelineKind = "message"
	EventNote    TimelineKind = "note"
	// EventStatus: From → To are request statuses.
	EventStatus TimelineKind = "status"
	// EventSuggestionUsed: a suggestion was sent (Ref = suggestion set id).
	EventSuggestionUsed TimelineKind = "suggestion-used"
	// EventArticleCited: an article (ArticleID, ArticleVersion, Department)
	// was cited in a sent reply.
	EventArticleCited TimelineKind = "article-cited"
	// EventDepartment: a department was consulted (Department).
	EventDepartment TimelineKind = "department-consulted"
	// EventAssigned: the request got an owner (From → To are agents).
	EventAssigned TimelineKind = "assigned"
	// EventHandedOver: the owner handed the request to a colleague with a
	// note (From → To, Text).
	EventHandedOver TimelineKind = "handed-over"
	// EventNextStep: the next step (Text) and its due date (Due) were set.
	EventNextStep TimelineKind = "next-step"
	// EventReminderSet, EventReminderSnoozed, EventReminderDone: a
	// reminder (Ref = reminder id, Due) was set, snoozed or completed.
	EventReminderSet     TimelineKind = "reminder-set"
	EventReminderSnoozed TimelineKind = "reminder-snoozed"
	EventReminderDone    TimelineKind = "reminder-done"
	// EventProcedure: a procedure (ArticleID) was attached (Text = title).
	EventProcedure TimelineKind = "procedure-attached"
	// EventStepDone: procedure step Ref (its 1-based number) was completed.
	EventStepDone TimelineKind = "step-done"
	// EventProgressUpdate: a progress update was produced for the customer.
	EventProgressUpdate TimelineKind = "progress-update"
)

// TimelineKinds lists the stored kinds (every kind but messages and notes).
var TimelineKinds = []TimelineKind{EventStatus, EventSuggestionUsed, EventArticleCited, EventDepartment,
	EventAssigned, EventHandedOver, EventNextStep, EventReminderSet, EventReminderSnoozed, EventReminderDone,
	EventProcedure, EventStepDone, EventProgressUpdate}

// Valid reports whether k is a kind the store keeps.
func (k TimelineKind) Valid() bool {
	for _, v := range TimelineKinds {
		if k == v {
			return true
		}
	}
	return false
}

// TimelineEvent is one entry of a request's timeline. Seq and At are set by
// the store (At only when zero); events are never changed or deleted.
type TimelineEvent struct {
	Seq            int          `json:"seq"`
	RequestID      string       `json:"requestId"`
	Kind           TimelineKind `json:"kind"`
	At             time.Time    `json:"at"`
	Actor          string       `json:"actor"`
	Text           string       `json:"text"`
	From           string       `json:"from"`
	To             string       `json:"to"`
	ArticleID      string       `json:"articleId"`
	ArticleVersion int          `json:"articleVersion"`
	Department     string       `json:"department"`
	Due            time.Time    `json:"due"`
	Ref            string       `json:"ref"`
}

// Size limits of the lifecycle, in characters.
const (
	MaxTimelineTextLen  = 5000
	MaxNextStepLen      = 500
	MaxReminderTextLen  = 500
	MaxTimelineEvents   = 10000 // per request
	MaxDepartments      = 50    // consulted, per request
	MaxRequestCitations = 200   // kept per request (the latest)
)

// Normalized validates e (kind, sizes, UTF-8) and trims its text fields.
func (e TimelineEvent) Normalized() (TimelineEvent, error) {
	if !e.Kind.Valid() {
		return e, invalidf("timeline event kind %q is not one of %s", e.Kind, joinQuoted(TimelineKinds))
	}
	for _, f := range []struct {
		name  string
		value *string
		max   int
	}{
		{"actor", &e.Actor, MaxAgentNameLen},
		{"text", &e.Text, MaxTimelineTextLen},
		{"from", &e.From, MaxCustomerFieldLen},
		{"to", &e.To, MaxCustomerFieldLen},
		{"article id", &e.ArticleID, MaxLedgerShortLen},
		{"department", &e.Department, MaxCustomerFieldLen},
		{"reference", &e.Ref, MaxLedgerShortLen},
	} {
		if err := checkText("timeline event", f.name, *f.value, f.max); err != nil {
			return e, err
		}
		*f.value = strings.TrimSpace(*f.value)
	}
	if !e.At.IsZero() {
		e.At = e.At.UTC().Round(0)
	}
	if !e.Due.IsZero() {
		e.Due = e.Due.UTC().Round(0)
	}
	return e, nil
}

// Citation is an article cited in a reply of the request.
type Citation struct {
	ArticleID      string    `json:"articleId"`
	ArticleVersion int       `json:"articleVersion"`
	Department     string    `json:"department"`
	At             time.Time `json:"at"`
}

// PlanStep is one step of a procedure attached to a request.
type PlanStep struct {
	Title string `json:"title"`
	// Minutes is the expected duration; Due is when the step should be
	// done (the plan's start plus the durations up to this step).
	Minutes int       `json:"minutes"`
	Due     time.Time `json:"due"`
	DoneAt  time.Time `json:"doneAt"`
	DoneBy  string    `json:"doneBy"`
}

// Done reports whether the step was completed.
func (s PlanStep) Done() bool { return !s.DoneAt.IsZero() }

// Plan is a procedure (from an article) attached to a request.
type Plan struct {
	ArticleID      string     `json:"articleId"`
	ArticleVersion int        `json:"articleVersion"`
	Title          string     `json:"title"`
	StartedAt      time.Time  `json:"startedAt"`
	Steps          []PlanStep `json:"steps"`
}

// RequestState is a request's working state. The store keeps it beside the
// request (the request row itself does not change); Version is its own
// optimistic-concurrency counter, 0 when nothing was stored yet.
type RequestState struct {
	RequestID string `json:"requestId"`
	// Assignee is the agent who owns the request ("" = unassigned).
	Assignee string    `json:"assignee"`
	NextStep string    `json:"nextStep"`
	NextDue  time.Time `json:"nextDue"`
	// PromisedAt is the latest date promised to the customer (from a
	// confirmed promise in a sent reply or set by hand).
	PromisedAt time.Time `json:"promisedAt"`
	// Departments consulted explicitly; DepartmentsConsulted adds those of
	// the cited articles.
	Departments []string   `json:"departments"`
	Citations   []Citation `json:"citations"`
	Plan        *Plan      `json:"plan,omitempty"`
	UpdatedAt   time.Time  `json:"updatedAt"`
	Version     int        `json:"version"`
}

// DepartmentsConsulted returns the departments consulted for the request:
// those recorded explicitly and those of the cited articles, each once
// (case-insensitively), in first-seen order.
func (s RequestState) DepartmentsConsulted() []string {
	seen := map[string]bool{}
	out := []string{}
	add := func(d string) {
		d = strings.TrimSpace(d)
		if d == "" || seen[strings.ToLower(d)] {
			return
		}
		seen[strings.ToLower(d)] = true
		out = append(out, d)
	}
	for _, d := range s.Departments {
		add(d)
	}
	for _, c := range s.Citations {
		add(c.Department)
	}
	return out
}

// Normalized validates s's sizes and text.
func (s RequestState) Normalized() (RequestState, error) {
	if err := checkText("request state", "assignee", s.Assignee, MaxAgentNameLen); err != nil {
		return s, err
	}
	if err := checkText("request state", "next step", s.NextStep, MaxNextStepLen); err != nil {
		return s, err
	}
	s.Assignee, s.NextStep = strings.TrimSpace(s.Assignee), strings.TrimSpace(s.NextStep)
	if len(s.Departments) > MaxDepartments {
		return s, invalidf("the request lists %d departments consulted, more than the %d allowed", len(s.Departments), MaxDepartments)
	}
	for _, d := range s.Departments {
		if err := checkText("request state", "department", d, MaxCustomerFieldLen); err != nil {
			return s, err
		}
	}
	if s.Departments == nil {
		s.Departments = []string{}
	}
	if s.Citations == nil {
		s.Citations = []Citation{}
	}
	if n := len(s.Citations); n > MaxRequestCitations {
		s.Citations = append([]Citation{}, s.Citations[n-MaxRequestCitations:]...)
	}
	return s, nil
}

// ReminderSource says how a reminder was made.
type ReminderSource string

const (
	ReminderManual  ReminderSource = "manual"  // set by hand
	ReminderPromise ReminderSource = "promise" // confirmed from a promise in a sent reply
	ReminderStep    ReminderSource = "step"    // a procedure step's due time
)

// Reminder is an agent's follow-up on a request. A reminder belongs to its
// agent: in team mode other agents do not see it.
type Reminder struct {
	ID        string         `json:"id"` // "rem-…", set by the store
	RequestID string         `json:"requestId"`
	Agent     string         `json:"agent"`
	Text      string         `json:"text"`
	Due       time.Time      `json:"due"`
	Source    ReminderSource `json:"source"`
	CreatedAt time.Time      `json:"createdAt"`
	// DoneAt is when it was completed (zero: still open).
	DoneAt  time.Time `json:"doneAt"`
	Snoozes int       `json:"snoozes"`
	Version int       `json:"version"`
}

// Normalized validates r.
func (r Reminder) Normalized() (Reminder, error) {
	if !ValidRequestID(r.RequestID) {
		return r, invalidf("the reminder is not attached to a request: give the request's id")
	}
	if err := checkText("reminder", "text", r.Text, MaxReminderTextLen); err != nil {
		return r, err
	}
	if err := checkText("reminder", "agent", r.Agent, MaxAgentNameLen); err != nil {
		return r, err
	}
	r.Text, r.Agent = strings.TrimSpace(r.Text), strings.TrimSpace(r.Agent)
	if r.Text == "" {
		return r, invalidf("the reminder has no text: say what to follow up on")
	}
	if r.Due.IsZero() {
		return r, invalidf("the reminder has no due time: choose when it is due")
	}
	switch r.Source {
	case "":
		r.Source = ReminderManual
	case ReminderManual, ReminderPromise, ReminderStep:
	default:
		return r, invalidf("reminder source %q is not one of %q, %q, %q", r.Source, ReminderManual, ReminderPromise, ReminderStep)
	}
	r.Due = r.Due.UTC().Round(0)
	return r, nil
}

// ReminderFilter narrows RequestLifecycleStore.Reminders.
type ReminderFilter struct {
	// Agent keeps one agent's reminders ("" = every reminder the signed-in
	// person may see).
	Agent     string `json:"agent"`
	RequestID string `json:"requestId"`
	// DueBy keeps reminders due at or before it (zero: any time).
	DueBy       time.Time `json:"dueBy"`
	IncludeDone bool      `json:"includeDone"`
}

// Tone is how formally a customer is addressed.
type Tone string

const (
	ToneDefault  Tone = ""
	ToneFormal   Tone = "formal"
	ToneInformal Tone = "informal"
)

// CustomerProfile is what Concierge remembers about a customer, keyed by
// their normalised contact (NormalizeContact).
type CustomerProfile struct {
	Contact       string `json:"contact"`
	Name          string `json:"name"`
	PreferredName string `json:"preferredName"`
	// Title is how a formal greeting addresses them ("Ms", "Dr"…).
	Title            string    `json:"title"`
	Language         string    `json:"language"` // "en", "ru", "th"… ("" = detect)
	Tone             Tone      `json:"tone"`
	PreferredChannel Channel   `json:"preferredChannel"`
	Preferences      string    `json:"preferences"`
	Notes            string    `json:"notes"`
	UpdatedAt        time.Time `json:"updatedAt"`
	Version          int       `json:"version"`
}

// Normalized validates p and trims its fields.
func (p CustomerProfile) Normalized() (CustomerProfile, error) {
	if NormalizeContact(p.Contact) == "" {
		return p, invalidf("the customer has no contact: enter their e-mail address or phone number to remember their preferences")
	}
	for _, f := range []struct {
		name  string
		value *string
		max   int
	}{
		{"contact", &p.Contact, MaxCustomerFieldLen},
		{"name", &p.Name, MaxCustomerFieldLen},
		{"preferred name", &p.PreferredName, MaxCustomerFieldLen},
		{"title", &p.Title, 40},
		{"language", &p.Language, 20},
		{"preferences", &p.Preferences, MaxCustomerNotesLen},
		{"notes", &p.Notes, MaxCustomerNotesLen},
	} {
		if err := checkText("customer", f.name, *f.value, f.max); err != nil {
			return p, err
		}
		*f.value = strings.TrimSpace(*f.value)
	}
	switch p.Tone {
	case ToneDefault, ToneFormal, ToneInformal:
	default:
		return p, invalidf("tone %q is not one of %q, %q or empty", p.Tone, ToneFormal, ToneInformal)
	}
	if p.PreferredChannel != "" && !p.PreferredChannel.Valid() {
		return p, invalidf("preferred channel %q is not one of %s", p.PreferredChannel, joinQuoted(Channels))
	}
	return p, nil
}

// RequestLifecycleStore keeps what happens to requests beyond their
// conversation. Every method is safe for concurrent use; writes are atomic.
// In team mode every person who may read requests reads their timelines
// and states; a reminder belongs to its agent, who alone sees and changes it.
type RequestLifecycleStore interface {
	// ChangeStatus sets request id's status, bumps its Version and
	// UpdatedAt and appends ev (kind EventStatus, From/To filled in by the
	// store), atomically. A status it already has is not an error: nothing
	// changes and the returned event has Seq 0.
	ChangeStatus(ctx context.Context, id string, to RequestStatus, ev TimelineEvent) (SupportRequest, TimelineEvent, error)
	// AppendTimeline appends events to request id's timeline (ErrNotFound
	// when there is no such request) and returns them with Seq and At set.
	AppendTimeline(ctx context.Context, id string, events ...TimelineEvent) ([]TimelineEvent, error)
	// Timeline returns request id's stored events, oldest first.
	Timeline(ctx context.Context, id string) ([]TimelineEvent, error)
	// RequestState returns request id's state (Version 0 when none was
	// stored), or ErrNotFound when there is no such request.
	RequestState(ctx context.Context, id string) (RequestState, error)
	// ChangeRequestState reads request id's state, lets change edit it and
	// return timeline events, then stores the state (Version+1, UpdatedAt)
	// and appends the events, in one transaction. An error from change
	// aborts everything and is returned as is.
	ChangeRequestState(ctx context.Context, id string, change func(*RequestState) ([]TimelineEvent, error)) (RequestState, []TimelineEvent, error)
	// RequestStates returns the stored states of the requests with the
	// given statuses (empty: all).
	RequestStates(ctx context.Context, statuses []RequestStatus) ([]RequestState, error)
	// AddReminder stores a new reminder (ID, CreatedAt, Version set).
	AddReminder(ctx context.Context, r Reminder) (Reminder, error)
	// UpdateReminder saves r's Due, Text, DoneAt and Snoozes when r.Version
	// is current (ErrConflict otherwise).
	UpdateReminder(ctx context.Context, r Reminder) (Reminder, error)
	// Reminder returns one reminder or ErrNotFound.
	Reminder(ctx context.Context, id string) (Reminder, error)
	// Reminders lists reminders matching f, earliest due first.
	Reminders(ctx context.Context, f ReminderFilter) ([]Reminder, error)
	// CustomerProfile returns the profile of the customer reachable at
	// contact (see NormalizeContact), or ErrNotFound.
	CustomerProfile(ctx context.Context, contact string) (CustomerProfile, error)
	// PutCustomerProfile creates or replaces the profile for p.Contact's
	// key; p.Version must equal the stored version (0 for a new one).
	PutCustomerProfile(ctx context.Context, p CustomerProfile) (CustomerProfile, error)
}
