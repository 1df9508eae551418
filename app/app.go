// Package app is the only package that knows about Wails: it exposes the
// knowledge back end as bound services with typed methods and forwards
// background progress to the window as scoped events.
package app

import (
	"sync"
	"time"

	"concierge/indexer/pipeline"
	"concierge/knowledge/secrets"
)

// Emitter sends an event to the frontend. The Wails implementation lives in
// wails.go; the browser-test harness supplies its own.
type Emitter interface {
	Emit(name string, data any)
}

// Opener reaches the desktop: it opens a URL in the system browser (or the
// mail client for mailto:) and puts text on the clipboard.
type Opener interface {
	OpenURL(url string) error
	SetClipboard(text string) error
}

// FolderPicker is implemented by openers that can show a native folder
// dialog (the Wails runtime; the browser harness returns a preset folder).
// It is separate from Opener so that openers without dialogs still fit.
type FolderPicker interface {
	// PickFolder returns the chosen folder, or "" when cancelled.
	PickFolder(title string) (string, error)
}

// App holds the bound services.
type App struct {
	svc      *pipeline.Service
	mu       sync.RWMutex
	emitter  Emitter
	opener   Opener
	lastEmit time.Time

	// startedAt is when the process began; the first bound call from the
	// frontend logs how long the window took to become interactive.
	startedAt     time.Time
	interactive   sync.Once
	OnInteractive func(time.Duration)

	Search   *SearchService
	Articles *ArticleService
	Status   *StatusService
	System   *SystemService
	Requests *RequestService
	Assist   *AssistService
	Settings *SettingsService
	Ledger   *LedgerService
	Editor   *EditorService
}

// New builds the services over svc. Events are dropped until SetRuntime is
// called (the window is not there yet).
func New(svc *pipeline.Service) *App {
	a := &App{svc: svc, startedAt: time.Now()}
	a.Search = &SearchService{app: a}
	a.Articles = &ArticleService{app: a}
	a.Status = &StatusService{app: a}
	a.System = &SystemService{app: a}
	a.Requests = &RequestService{app: a}
	a.Assist = newAssistService(a)
	a.Settings = &SettingsService{app: a, keychain: secrets.OS()}
	a.Ledger = &LedgerService{app: a}
	a.Editor = &EditorService{app: a}
	return a
}

// SetKeychain replaces the OS keychain (tests and the browser harness).
func (a *App) SetKeychain(kc secrets.Keychain) { a.Settings.keychain = kc }

// Bind lists the services to bind in the window.
func (a *App) Bind() []any {
	return []any{a.Search, a.Articles, a.Status, a.System, a.Requests, a.Assist, a.Settings, a.Ledger, a.Editor}
}

// SetStartTime sets the process start used for the startup measurement.
func (a *App) SetStartTime(t time.Time) { a.startedAt = t }

// markInteractive is called by the frontend's first status request.
func (a *App) markInteractive() {
	a.interactive.Do(func() {
		if a.OnInteractive != nil {
			a.OnInteractive(time.Since(a.startedAt))
		}
	})
}

// SetRuntime connects the event emitter and the URL opener.
func (a *App) SetRuntime(e Emitter, o Opener) {
	a.mu.Lock()
	a.emitter, a.opener = e, o
	a.mu.Unlock()
}

func (a *App) emit(name string, data any) {
	a.mu.RLock()
	e := a.emitter
	a.mu.RUnlock()
	if e != nil {
		e.Emit(name, data)
	}
}

// OnProgress forwards background progress, at most about 20 events a
// second plus the last one of each phase, so a fast import cannot flood the
// webview.
func (a *App) OnProgress(p pipeline.Progress) {
	a.mu.Lock()
	now := time.Now()
	if p.Done < p.Total && now.Sub(a.lastEmit) < 50*time.Millisecond {
		a.mu.Unlock()
		return
	}
	a.lastEmit = now
	a.mu.Unlock()
	a.emit(EventIndexProgress, Progress{Phase: string(p.Phase), Done: p.Done, Total: p.Total, Message: p.Message})
}

// OnState forwards state changes with fresh counts.
func (a *App) OnState(pipeline.State) {
	st, err := a.Status.State()
	if err == nil {
		a.emit(EventIndexState, st)
	}
}
