package app

import (
	"context"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// wailsRuntime adapts the Wails runtime to Emitter and Opener.
type wailsRuntime struct{ ctx context.Context }

func (w wailsRuntime) Emit(name string, data any) { runtime.EventsEmit(w.ctx, name, data) }

func (w wailsRuntime) OpenURL(u string) error {
	runtime.BrowserOpenURL(w.ctx, u)
	return nil
}

func (w wailsRuntime) SetClipboard(text string) error {
	return runtime.ClipboardSetText(w.ctx, text)
}

func (w wailsRuntime) PickFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
}

func (w wailsRuntime) SaveFile(title, defaultName string) (string, error) {
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, CanCreateDirectories: true})
}

// Startup is Wails' OnStartup hook: it keeps Wails' context as the parent
// of every bound call, connects the runtime and starts the background
// bootstrap (first-run import, index repair).
func (a *App) Startup(ctx context.Context) {
	rt := wailsRuntime{ctx: ctx}
	a.SetRuntime(rt, rt)
	a.wailsCtx = ctx
	close(a.windowUp)
	a.Start(ctx)
}

// Fatal tells the user, in a native error dialog, that Concierge cannot go
// on, then closes the window (when the knowledge base opened in the
// background cannot be opened; see OpenInBackground).
func (a *App) Fatal(err error) {
	<-a.windowUp
	_, _ = runtime.MessageDialog(a.wailsCtx, runtime.MessageDialogOptions{
		Type:    runtime.ErrorDialog,
		Title:   "Concierge cannot start",
		Message: err.Error(),
	})
	runtime.Quit(a.wailsCtx)
}
