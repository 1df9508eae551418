package app

import (
	"sync"
	"time"

	"concierge/knowledge/core"
)

// EventTeamCopy carries the progress of "Copy my local knowledge base to
// it" (TeamCopyProgress).
const EventTeamCopy = "team:copy"

// TeamCopyProgress is the payload of team:copy.
type TeamCopyProgress struct {
	Done    int    `json:"done"`    // records handled so far
	Message string `json:"message"` // what is being copied, e.g. "article billing-refund"
}

// TeamService is Settings → Team database: the shared PostgreSQL address,
// its password (OS keychain), a connection test, switching to it and copying
// this computer's knowledge base into it. Switching takes effect at once
// (switch.go) when the app has a Reopener, else at the next start.
type TeamService struct {
	app     *App
	copying sync.Mutex
}

// Get returns the team database settings and this session's connection
// state (online, as of when, signed in as whom).
func (s *TeamService) Get() (core.TeamDatabaseView, error) {
	return s.app.cur().TeamDatabase(), nil
}

// Test connects to url with password (empty: the stored one) and reports
// the server version, the round trip and who the server says you are.
func (s *TeamService) Test(url, password string) (core.TeamTestResult, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.cur().TestTeamDatabase(ctx, url, password)
}

// SetPassword stores the password in the OS keychain (empty removes it).
func (s *TeamService) SetPassword(password string) (core.TeamDatabaseView, error) {
	return s.app.cur().SetTeamPassword(password)
}

// Use tests url, saves it as the store and switches to it at once: the
// calls in flight stop, the core reopens over the team database and the
// local indexes catch up with it in the background (the window hears
// store:switched and reloads its views). If the switch fails, the previous
// choice is put back and the session stays on its database.
func (s *TeamService) Use(url string) (core.TeamDatabaseView, error) {
	ctx, cancel := s.app.call(networkCall)
	prev := s.app.cur().Config().Store
	v, err := s.app.cur().UseTeamDatabase(ctx, url)
	cancel()
	if err != nil || !v.RestartNeeded {
		return v, err
	}
	return s.app.switchAndView(prev)
}

// UseLocal makes the database on this computer the store and switches to
// it at once, as Use does.
func (s *TeamService) UseLocal() (core.TeamDatabaseView, error) {
	prev := s.app.cur().Config().Store
	v, err := s.app.cur().UseLocalDatabase()
	if err != nil || !v.RestartNeeded {
		return v, err
	}
	return s.app.switchAndView(prev)
}

// CopyLocal copies this computer's knowledge base into the team database at
// url, sending team:copy progress events. One copy runs at a time.
func (s *TeamService) CopyLocal(url string) (core.TeamCopyReport, error) {
	s.copying.Lock()
	defer s.copying.Unlock()
	ctx, cancel := s.app.call(bulkCall)
	defer cancel()
	done := 0
	var last time.Time
	return s.app.cur().CopyLocalToTeam(ctx, url, func(what string) {
		done++
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond {
			last = now
			s.app.emit(EventTeamCopy, TeamCopyProgress{Done: done, Message: what})
		}
	})
}
