package app

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// The window starts before the knowledge base is open (OpenInBackground):
// the status answers at once that it is opening (the window is usable),
// other bound calls made meanwhile wait and then answer from the core, and
// index:state tells the window when the core is open; the core's
// background work (the first-run import of the sample) starts once both
// are there, whichever comes first.
func TestOpenInBackgroundCallsWaitForTheCore(t *testing.T) {
	for _, windowFirst := range []bool{true, false} {
		dir := t.TempDir()
		ctx := context.Background()
		a := New(nil)
		rec := &recorder{}
		a.SetRuntime(rec, rec)
		release := make(chan struct{})
		opened := make(chan struct{})
		a.OpenInBackground(ctx, func(ctx context.Context) (*core.Core, func(context.Context) error, error) {
			<-release
			defer close(opened)
			cfg, _ := config.Load(dir)
			o, check, err := wiring.OpenForAppCheckLater(ctx, dir, cfg)
			if err != nil {
				return nil, nil, err
			}
			c, err := core.Open(ctx, core.Options{DataDir: dir, Stores: o.Stores, Keychain: secrets.Memory{},
				OnProgress: func(p core.Progress) { a.OnProgress(p) }, OnChange: func(ch knowledge.Change) { a.OnChange(ch) }})
			return c, check, err
		}, func(err error) { t.Errorf("open failed: %v", err) })
		if !windowFirst {
			close(release)
			<-opened
			a.waitOpened() // the core is stored after open returns
		}
		// Wails runs Startup (Start) before the frontend makes any call.
		a.Start(ctx)
		state := make(chan core.IndexState, 1)
		settings := make(chan core.SettingsView, 1)
		go func() {
			st, err := a.Status.State()
			if err != nil {
				t.Error(err)
			}
			state <- st
		}()
		go func() {
			v, err := a.Settings.Get()
			if err != nil {
				t.Error(err)
			}
			settings <- v
		}()
		if windowFirst {
			select {
			case st := <-state:
				if st.State != core.StateStarting || st.Message != openingMessage {
					t.Fatalf("status while opening: %+v", st)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the status waited for the knowledge base to open")
			}
			select {
			case <-settings:
				t.Fatal("the settings answered before the knowledge base was open")
			case <-time.After(100 * time.Millisecond):
			}
			before, _ := rec.since(0)
			n := len(before)
			close(release)
			<-settings
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
				names, data := rec.since(n)
				i := slices.Index(names, EventIndexState)
				if i >= 0 {
					if st, ok := data[i].(core.IndexState); !ok || st.State == "" {
						t.Fatalf("index:state after the open: %#v", data[i])
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the window was not told the knowledge base is open")
				}
			}
		} else {
			// Opened first: the first answer comes from the core, before its
			// background work starts (startWhenShown).
			if st := <-state; st.State != core.StateStarting || st.Message == openingMessage {
				t.Fatalf("first status %+v, want the core's, not started yet", st)
			}
			<-settings
		}
		// The first answer releases the work held back for the window
		// (main.go reads the stored vectors then).
		select {
		case <-a.Shown():
		case <-time.After(time.Second): // before backgroundDelay
			t.Fatalf("window first %v: Shown not closed after the first answer", windowFirst)
		}
		select {
		case <-a.cur().Ready(): // Start's bootstrap ran: nothing here calls it
		case <-time.After(time.Minute):
			t.Fatalf("window first %v: the core's background work never started", windowFirst)
		}
		if st, err := a.Status.State(); err != nil || st.Articles < 40 {
			t.Fatalf("window first %v: the sample was not imported once both were up: %+v %v", windowFirst, st, err)
		}
		a.Shutdown(ctx)
	}
}

// A knowledge base that cannot be opened is reported once, and closing the
// window then does not wait for a core that never came.
func TestOpenInBackgroundReportsFailure(t *testing.T) {
	a := New(nil)
	a.SetRuntime(&recorder{}, &recorder{})
	boom := errors.New("the database is newer than this Concierge")
	got := make(chan error, 1)
	a.OpenInBackground(context.Background(), func(context.Context) (*core.Core, func(context.Context) error, error) { return nil, nil, boom }, func(err error) { got <- err })
	a.Start(context.Background())
	if err := <-got; !errors.Is(err, boom) {
		t.Fatalf("failure reported as %v", err)
	}
	done := make(chan struct{})
	go func() { a.Shutdown(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Shutdown waited for a core that never opened")
	}
}
