// Package app is the desktop shell and the only package that knows about
// Wails: thin bound services, one per use case, each method mapping to a
// call of the knowledge core (concierge/knowledge/core), and the
// forwarding of the core's changes and progress to the window as scoped
// events.
package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"concierge/knowledge/core"
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
	// core is the knowledge core the services call; a switch of database
	// (switch.go) replaces it while the window runs.
	core     atomic.Pointer[core.Core]
	opening  chan struct{}               // closed when OpenInBackground's open ends
	check    func(context.Context) error // OpenInBackground's check of the store, until it runs
	fail     func(error)                 // OpenInBackground's
	started  bool                        // Start has run: a core opened later starts its work (startWhenShown)
	wailsCtx context.Context             // Wails' context, once Startup ran (closes windowUp)
	windowUp chan struct{}
	mu       sync.RWMutex
	emitter  Emitter
	opener   Opener
	notifier Notifier // desktop notifications for due reminders (notify.go)
	lastEmit time.Time

	lastProgress Progress    // the latest index:progress payload
	lastChanges  LastChanges // the latest change of each topic

	// life is the lifecycle context every bound call derives from; Shutdown
	// cancels it, stopping whatever is in flight.
	life     context.Context
	stopLife context.CancelFunc
	stopped  bool
	inflight sync.WaitGroup
	parent   context.Context // what Start was given: the parent of life

	// The gate of bound calls while the database is switched (switch.go):
	// calls are counted in and out, and wait while switching.
	gate      sync.Mutex
	gateC     *sync.Cond
	active    int
	switching bool
	reopen    Reopener

	// startedAt is when the process began; the first bound call from the
	// frontend logs how long the window took to become interactive.
	startedAt     time.Time
	interactive   sync.Once
	answered      chan struct{} // closed by the first status answer (markInteractive)
	shown         chan struct{} // closed by the first answer or backgroundDelay after Start (Shown)
	shownOnce     sync.Once
	OnInteractive func(time.Duration)

	Search    *SearchService
	Articles  *ArticleService
	Status    *StatusService
	System    *SystemService
	Requests  *RequestService
	Assist    *AssistService
	Settings  *SettingsService
	Ledger    *LedgerService
	Editor    *EditorService
	History   *HistoryService
	Autosave  *AutosaveService
	Attention *AttentionService
	Transfer  *TransferService
	Lifecycle *LifecycleService
	Review    *ReviewService
	Team      *TeamService
}

// New builds the services over the core. Events are dropped until
// SetRuntime is called (the window is not there yet). Wire the core's
// Options.OnProgress and Options.OnChange to OnProgress and OnChange.
func New(c *core.Core) *App {
	a := &App{startedAt: time.Now(),
		lastChanges: LastChanges{KB: ChangeEvent{IDs: []string{}}, Requests: ChangeEvent{IDs: []string{}}, Ledger: ChangeEvent{IDs: []string{}}}}
	a.core.Store(c)
	a.windowUp = make(chan struct{})
	a.answered = make(chan struct{})
	a.shown = make(chan struct{})
	a.gateC = sync.NewCond(&a.gate)
	a.parent = context.Background()
	a.life, a.stopLife = context.WithCancel(a.parent)
	a.Search = &SearchService{app: a}
	a.Articles = &ArticleService{app: a}
	a.Status = &StatusService{app: a}
	a.System = &SystemService{app: a}
	a.Requests = &RequestService{app: a}
	a.Assist = &AssistService{app: a, running: map[string]*running{}}
	a.Settings = &SettingsService{app: a}
	a.Ledger = &LedgerService{app: a}
	a.Editor = &EditorService{app: a}
	a.History = &HistoryService{app: a}
	a.Autosave = &AutosaveService{app: a}
	a.Attention = &AttentionService{app: a}
	a.Transfer = &TransferService{app: a}
	a.Lifecycle = &LifecycleService{app: a}
	a.Review = &ReviewService{app: a}
	a.Team = &TeamService{app: a}
	return a
}

// cur is the core in use.
// While OpenInBackground opens the first one, it waits for it (bound calls
// that do not pass the gate, such as the settings, come here first); when
// that open failed the app is ending (Fatal) and the call never returns.
func (a *App) cur() *core.Core {
	if c := a.core.Load(); c != nil {
		return c
	}
	a.waitOpened()
	if c := a.core.Load(); c != nil {
		return c
	}
	select {}
}

// Bind lists the services to bind in the window.
func (a *App) Bind() []any {
	return []any{a.Search, a.Articles, a.Status, a.System, a.Requests, a.Assist, a.Settings, a.Ledger,
		a.Editor, a.History, a.Autosave, a.Attention, a.Transfer, a.Lifecycle, a.Review, a.Team}
}

// SetStartTime sets the process start used for the startup measurement.
func (a *App) SetStartTime(t time.Time) { a.startedAt = t }

// markInteractive is called by the frontend's first status request.
func (a *App) markInteractive() {
	a.interactive.Do(func() {
		close(a.answered)
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

func (a *App) runtimeOpener() Opener {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.opener
}
