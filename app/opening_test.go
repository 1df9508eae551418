package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// The window starts before the knowledge base is open (OpenInBackground):
// bound calls made meanwhile, through the gate (status) or not (settings),
// wait and then answer from the core; the core's background work (the
// first-run import of the sample) starts once both are there, whichever
// comes first.
func TestOpenInBackgroundCallsWaitForTheCore(t *testing.T) {
	for _, windowFirst := range []bool{true, false} {
		dir := t.TempDir()
		ctx := context.Background()
		a := New(nil)
		a.SetRuntime(&recorder{}, &recorder{})
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
			case <-state:
				t.Fatal("the status answered before the knowledge base was open")
			case <-settings:
				t.Fatal("the settings answered before the knowledge base was open")
			case <-time.After(100 * time.Millisecond):
			}
			close(release)
		}
		// The first answer comes before the core's background work starts
		// (startWhenShown): the status still says it is starting.
		if st := <-state; st.State != core.StateStarting {
			t.Fatalf("window first %v: first status %+v, want the core not started yet", windowFirst, st)
		}
		<-settings
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
