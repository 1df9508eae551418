package app

import (
	"time"

	"concierge/knowledge"
	"concierge/knowledge/core"
	"concierge/knowledge/followup"
)

// LifecycleService keeps requests moving: status and timeline, next step,
// departments consulted, reminders, alerts, procedures, the customer's
// profile, progress updates and team hand-over (see API.md, "Requests
// lifecycle").
type LifecycleService struct{ app *App }

// Overview returns a request with its state, timeline, departments, my
// reminders and its alerts.
func (s *LifecycleService) Overview(requestID string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Overview(ctx, requestID)
}

// Timeline returns a request's events and messages, oldest first.
func (s *LifecycleService) Timeline(requestID string) ([]knowledge.TimelineEvent, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Timeline(ctx, requestID)
}

// SetStatus moves a request to a status, with an optional note.
func (s *LifecycleService) SetStatus(requestID string, status knowledge.RequestStatus, note string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SetRequestStatus(ctx, requestID, status, note)
}

// SetNextStep sets what happens next and by when (due: an RFC 3339 time,
// "" for no date).
func (s *LifecycleService) SetNextStep(requestID, step, due string) (core.RequestOverview, error) {
	at, err := parseTime("the due date", due)
	if err != nil {
		return core.RequestOverview{}, err
	}
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SetNextStep(ctx, requestID, step, at)
}

// parseTime reads an RFC 3339 time from the window ("" is the zero time).
// Times are strings in bound arguments: a time.Time parameter would make
// the generated TypeScript type every time field as an empty interface.
func parseTime(what, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, knowledge.Errorf(knowledge.ErrInvalid, "%s %q is not a date and time; pick one again", what, v)
	}
	return t, nil
}

// AddDepartment records a department consulted on the request.
func (s *LifecycleService) AddDepartment(requestID, department string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().AddDepartment(ctx, requestID, department)
}

// Assign makes agent ("" = me) the request's owner.
func (s *LifecycleService) Assign(requestID, agent string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Assign(ctx, requestID, agent)
}

// HandOver passes the request to a colleague with a note.
func (s *LifecycleService) HandOver(requestID, toAgent, note string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().HandOver(ctx, requestID, toAgent, note)
}

// TeamQueue lists unassigned and overdue requests.
func (s *LifecycleService) TeamQueue() ([]core.QueueItem, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().TeamQueue(ctx)
}

// AddReminder sets a reminder for me on a request.
func (s *LifecycleService) AddReminder(r knowledge.Reminder) (knowledge.Reminder, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().AddReminder(ctx, r)
}

// SnoozeReminder moves a reminder to a later time (RFC 3339).
func (s *LifecycleService) SnoozeReminder(reminderID, until string) (knowledge.Reminder, error) {
	at, err := parseTime("the snooze time", until)
	if err != nil {
		return knowledge.Reminder{}, err
	}
	if at.IsZero() {
		return knowledge.Reminder{}, knowledge.Errorf(knowledge.ErrInvalid, "choose until when to snooze the reminder")
	}
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SnoozeReminder(ctx, reminderID, at)
}

// CompleteReminder marks a reminder done.
func (s *LifecycleService) CompleteReminder(reminderID string) (knowledge.Reminder, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CompleteReminder(ctx, reminderID)
}

// DueReminders returns my reminders due now, including those that fell
// due while the app was closed.
func (s *LifecycleService) DueReminders() ([]knowledge.Reminder, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().DueReminders(ctx)
}

// Reminders returns my reminders on a request ("" = my open reminders on
// every request).
func (s *LifecycleService) Reminders(requestID string) ([]knowledge.Reminder, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().Reminders(ctx, requestID)
}

// ProposeReminders finds the promises in a reply and proposes reminders.
func (s *LifecycleService) ProposeReminders(requestID, replyText string) ([]core.PromiseProposal, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ProposeReminders(ctx, requestID, replyText)
}

// Alerts returns every alert due now (the whole team's).
func (s *LifecycleService) Alerts() ([]followup.Alert, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().Alerts(ctx, time.Time{})
}

// MyAlerts returns the alerts due now that reach me: on requests I own
// and on requests nobody owns.
func (s *LifecycleService) MyAlerts() ([]followup.Alert, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().MyAlerts(ctx)
}

// AlertSettings returns the alert thresholds in use.
func (s *LifecycleService) AlertSettings() (followup.Thresholds, error) {
	return s.app.cur().AlertThresholds(), nil
}

// SaveAlertSettings stores the alert thresholds (0 = default).
func (s *LifecycleService) SaveAlertSettings(t followup.Thresholds) (followup.Thresholds, error) {
	return s.app.cur().SaveAlertThresholds(t)
}

// AttachProcedure attaches an article's procedure to a request as its plan.
func (s *LifecycleService) AttachProcedure(requestID, articleID string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().AttachProcedure(ctx, requestID, articleID)
}

// CompleteStep checks off a step (1-based) of the request's plan.
func (s *LifecycleService) CompleteStep(requestID string, step int) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CompleteStep(ctx, requestID, step)
}

// CustomerProfile returns what is remembered about the customer at contact.
func (s *LifecycleService) CustomerProfile(contact string) (knowledge.CustomerProfile, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().CustomerProfile(ctx, contact)
}

// SaveCustomerProfile stores the customer's profile.
func (s *LifecycleService) SaveCustomerProfile(p knowledge.CustomerProfile) (knowledge.CustomerProfile, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SaveCustomerProfile(ctx, p)
}

// ProgressUpdate writes a customer-facing progress update (Markdown and
// sanitised HTML), rewritten by the language model when one is configured.
func (s *LifecycleService) ProgressUpdate(requestID string) (core.ProgressUpdate, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.cur().ProgressUpdate(ctx, requestID, nil)
}

// SendProgressUpdate records a progress update the agent sent (as edited):
// it joins the conversation and the timeline.
func (s *LifecycleService) SendProgressUpdate(requestID, text string) (core.RequestOverview, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().SendProgressUpdate(ctx, requestID, text)
}

// RenderProgressUpdate renders an edited update to sanitised HTML.
func (s *LifecycleService) RenderProgressUpdate(markdown string) (string, error) {
	return s.app.cur().RenderProgressUpdate(markdown)
}

// ExportProgressUpdate saves an edited update into folder as "md" or
// "html" (pick the folder with SystemService.PickFolder).
func (s *LifecycleService) ExportProgressUpdate(requestID, markdown, format, folder string) (core.ExportedFile, error) {
	ctx, cancel := s.app.call(quickCall)
	defer cancel()
	return s.app.cur().ExportProgressUpdate(ctx, requestID, markdown, format, folder)
}

// Stats counts resolved requests by departments consulted.
func (s *LifecycleService) Stats() (core.LifecycleStats, error) {
	ctx, cancel := s.app.call(scanCall)
	defer cancel()
	return s.app.cur().LifecycleStats(ctx)
}
