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
// this computer's knowledge base into it. Switching takes effect at the
// next start.
type TeamService struct {
	app     *App
	copying sync.Mutex
}

// Get returns the team database settings and this session's connection
// state (online, as of when, signed in as whom).
func (s *TeamService) Get() (core.TeamDatabaseView, error) {
	return s.app.core.TeamDatabase(), nil
}

// Test connects to url with password (empty: the stored one) and reports
// the server version, the round trip and who the server says you are.
func (s *TeamService) Test(url, password string) (core.TeamTestResult, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.core.TestTeamDatabase(ctx, url, password)
}

// SetPassword stores the password in the OS keychain (empty removes it).
func (s *TeamService) SetPassword(password string) (core.TeamDatabaseView, error) {
	return s.app.core.SetTeamPassword(password)
}

// Use tests url and saves it as the store from the next start.
func (s *TeamService) Use(url string) (core.TeamDatabaseView, error) {
	ctx, cancel := s.app.call(networkCall)
	defer cancel()
	return s.app.core.UseTeamDatabase(ctx, url)
}

// UseLocal makes the database on this computer the store from the next start.
func (s *TeamService) UseLocal() (core.TeamDatabaseView, error) {
	return s.app.core.UseLocalDatabase()
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
	return s.app.core.CopyLocalToTeam(ctx, url, func(what string) {
		done++
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond {
			last = now
			s.app.emit(EventTeamCopy, TeamCopyProgress{Done: done, Message: what})
		}
	})
}
