package core

import "sync"

// Phase names what background work is doing.
type Phase string

const (
	PhaseImport  Phase = "import"
	PhaseIndex   Phase = "index"
	PhaseRepair  Phase = "repair"
	PhaseReembed Phase = "reembed"
)

// States of the core, for status bars.
const (
	StateStarting  = "starting"
	StateReady     = "ready"
	StateImporting = "importing"
	StateIndexing  = "indexing"
	StateRepairing = "repairing"
	StateStopped   = "stopped"
	StateError     = "error"
)

// Progress is one report of background work.
type Progress struct {
	Phase   Phase  `json:"phase"`
	Done    int    `json:"done"`
	Total   int    `json:"total"`
	Message string `json:"message"`
}

// State is the core's current condition.
type State struct {
	State   string `json:"state"` // ready | importing | indexing | repairing | stopped | error
	Message string `json:"message"`
	Done    int    `json:"done"`
	Of      int    `json:"of"`
}

// State returns the current state of background work.
func (c *Core) State() State { return c.track.get() }

// tracker holds the current state and forwards progress to the listener.
type tracker struct {
	mu       sync.Mutex
	state    State
	listener func(Progress)
	onState  func(State)
}

func (t *tracker) set(s State) {
	t.mu.Lock()
	t.state = s
	cb := t.onState
	t.mu.Unlock()
	if cb != nil {
		cb(s)
	}
}

func (t *tracker) get() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

func (t *tracker) progress(p Progress) {
	t.mu.Lock()
	t.state.Done, t.state.Of = p.Done, p.Total
	if p.Message != "" {
		t.state.Message = p.Message
	}
	cb := t.listener
	t.mu.Unlock()
	if cb != nil {
		cb(p)
	}
}

func stateFor(p Phase) string {
	switch p {
	case PhaseImport:
		return StateImporting
	case PhaseRepair:
		return StateRepairing
	default:
		return StateIndexing
	}
}
