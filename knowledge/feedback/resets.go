package feedback

import "time"

// Resets is what Reset has been told, so a consumer can persist it and a
// model rebuilt from the evidence later (Refresh from the start) forgets
// the same things.
type Resets struct {
	All      time.Time            `json:"all,omitempty"`
	Articles map[string]time.Time `json:"articles,omitempty"`
}

// Resets returns the resets made so far.
func (m *Model) Resets() Resets {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := Resets{All: m.resetAll, Articles: make(map[string]time.Time, len(m.resets))}
	for k, v := range m.resets {
		out.Articles[k] = v
	}
	return out
}

// Restore applies resets made earlier (before any Record or Refresh):
// evidence from before them is ignored.
func (m *Model) Restore(r Resets) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.All.After(m.resetAll) {
		m.resetAll = r.All
	}
	for k, v := range r.Articles {
		if v.After(m.resets[k]) {
			m.resets[k] = v
		}
	}
}
