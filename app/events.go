package app

import (
	"time"

	"concierge/knowledge"
	"concierge/knowledge/core"
)

// Event names, scoped by domain.
const (
	EventIndexProgress   = "index:progress"   // Progress
	EventIndexState      = "index:state"      // core.IndexState
	EventKBChanged       = "kb:changed"       // ChangeEvent: articles saved, published, archived, imported…
	EventRequestsChanged = "requests:changed" // ChangeEvent: request created, updated, message
	EventLedgerChanged   = "ledger:changed"   // ChangeEvent: suggestion set, event, rating
	EventAssistToken     = "assist:token"     // AssistToken
	EventAlertsChanged   = "alerts:changed"   // ChangeEvent: kind "changed", ids = requests with alerts
	EventRemindersDue    = "reminders:due"    // ChangeEvent: kind "due", ids = reminders newly due
)

// Progress is the payload of the "index:progress" event.
type Progress struct {
	Phase   string `json:"phase"` // "import" | "index" | "repair" | "reembed"
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Message string `json:"message"`
}

// ChangeEvent is the payload of kb:changed, requests:changed and
// ledger:changed: what happened and to which ids.
type ChangeEvent struct {
	Kind string   `json:"kind"`
	IDs  []string `json:"ids"`
}

// AssistToken is a piece of a streamed draft.
type AssistToken struct {
	RequestID string `json:"requestId"`
	Text      string `json:"text"`
}

// LastChanges is the latest change of each kind of data, so that a view
// that opens after a change can still tell what changed last.
type LastChanges struct {
	KB       ChangeEvent `json:"kb"`
	Requests ChangeEvent `json:"requests"`
	Ledger   ChangeEvent `json:"ledger"`
}

// changeEvents maps the core's change topics to event names.
var changeEvents = map[string]string{
	knowledge.TopicArticles: EventKBChanged,
	knowledge.TopicRequests: EventRequestsChanged,
	knowledge.TopicLedger:   EventLedgerChanged,
	core.TopicAlerts:        EventAlertsChanged,
	core.TopicReminders:     EventRemindersDue,
}

func (a *App) emit(name string, data any) {
	a.mu.RLock()
	e, stopped := a.emitter, a.stopped
	a.mu.RUnlock()
	if e != nil && !stopped {
		e.Emit(name, data)
	}
}

// OnProgress forwards background progress, at most about 20 events a
// second plus the last one of each phase, so a fast import cannot flood the
// webview.
func (a *App) OnProgress(p core.Progress) {
	a.mu.Lock()
	now := time.Now()
	if p.Done < p.Total && now.Sub(a.lastEmit) < 50*time.Millisecond {
		a.mu.Unlock()
		return
	}
	a.lastEmit = now
	a.lastProgress = Progress{Phase: string(p.Phase), Done: p.Done, Total: p.Total, Message: p.Message}
	a.mu.Unlock()
	a.emit(EventIndexProgress, Progress{Phase: string(p.Phase), Done: p.Done, Total: p.Total, Message: p.Message})
}

// OnChange forwards a change of the core as its scoped event; after an
// article change (a save, a publish, an import) and after every index state
// change it also sends index:state with fresh counts, so the status bar
// follows without a reload.
func (a *App) OnChange(ch knowledge.Change) {
	if name, ok := changeEvents[ch.Topic]; ok {
		ids := ch.IDs
		if ids == nil {
			ids = []string{}
		}
		ev := ChangeEvent{Kind: ch.Kind, IDs: ids}
		a.mu.Lock()
		switch ch.Topic {
		case knowledge.TopicArticles:
			a.lastChanges.KB = ev
		case knowledge.TopicRequests:
			a.lastChanges.Requests = ev
		case knowledge.TopicLedger:
			a.lastChanges.Ledger = ev
		}
		a.mu.Unlock()
		a.emit(name, ev)
		if ch.Topic == core.TopicReminders {
			go a.notifyDue(ids)
		}
	}
	if ch.Topic == knowledge.TopicArticles || ch.Topic == knowledge.TopicIndex {
		a.emitState()
	}
}

func (a *App) emitState() {
	ctx, cancel := a.work(quickCall) // not gated: the core calls this while a switch waits for it
	defer cancel()
	if st, err := a.cur().Stats(ctx); err == nil {
		a.emit(EventIndexState, st)
	}
}
