package core

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/config"
	"concierge/knowledge/secrets"
)

// Team database settings (Settings → Team database). The core keeps the
// address in config.json (store.driver "postgres", store.dsn) and the
// password in the OS keychain; the adapter work — connecting, copying — is
// done by the TeamConnector the wiring supplies (Options.Connector).
const (
	// TeamPasswordAccount is the keychain account of the team database
	// password (knowledge/wiring reads the same one).
	TeamPasswordAccount = "team-database"
	// EnvTeamDatabaseURL overrides store.dsn; EnvTeamDatabasePassword the
	// keychain (the same variables as knowledge/wiring).
	EnvTeamDatabaseURL      = "CONCIERGE_DATABASE_URL"
	EnvTeamDatabasePassword = "CONCIERGE_DATABASE_PASSWORD"
	// driverPostgres is config.json's store.driver of the team database.
	driverPostgres = "postgres"
)

// ErrNoConnector: the team database screen was used in a build or test
// that gave the core no TeamConnector.
var ErrNoConnector = errors.New("this Concierge cannot connect to team databases")

// TeamConnector does what needs the PostgreSQL adapter: test a connection
// and copy the local knowledge base into a team database. knowledge/wiring
// implements it.
type TeamConnector interface {
	// Probe connects with password (none when empty), changes nothing and
	// reports the server.
	Probe(ctx context.Context, url, password string) (TeamProbe, error)
	// CopyLocal copies the local (SQLite) knowledge base of dataDir into
	// the team database at url, calling progress before each record. Safe
	// to run again: what is there already is skipped.
	CopyLocal(ctx context.Context, dataDir, url, password string, progress func(string)) (TeamCopyReport, error)
}

// TeamProbe is what a connection test learns.
type TeamProbe struct {
	ServerVersion string  `json:"serverVersion"`
	LatencyMs     float64 `json:"latencyMs"` // median round trip
	Person        string  `json:"person"`    // the signed-in login
	Role          string  `json:"role"`      // agent, editor, supervisor, admin, none; "" without schema
	Schema        int     `json:"schema"`    // applied schema version, 0 = none yet
	Want          int     `json:"want"`      // the version this Concierge needs
}

// TeamCopyCount counts the records of one kind a copy copied, and those
// that were there already.
type TeamCopyCount struct {
	Copied  int `json:"copied"`
	Present int `json:"present"`
}

// TeamCopyReport is what "Copy my local knowledge base" did.
type TeamCopyReport struct {
	Articles  TeamCopyCount `json:"articles"`
	Versions  TeamCopyCount `json:"versions"`
	Requests  TeamCopyCount `json:"requests"`
	Sets      TeamCopyCount `json:"suggestionSets"`
	Events    TeamCopyCount `json:"ledgerEvents"`
	Ratings   TeamCopyCount `json:"ratings"`
	Conflicts []string      `json:"conflicts"`
	Message   string        `json:"message"`
}

// TeamDatabaseView is what Settings → Team database shows.
type TeamDatabaseView struct {
	// URL is the configured address, without a password.
	URL string `json:"url"`
	// Selected: config.json (or the environment) selects the team
	// database; Active: this session runs on it. They differ after "Use
	// this database" or "Use the local database" until the next start.
	Selected bool `json:"selected"`
	Active   bool `json:"active"`
	// RestartNeeded says the choice takes effect at the next start.
	RestartNeeded bool `json:"restartNeeded"`
	// EnvURL is set when $CONCIERGE_DATABASE_URL overrides the setting.
	EnvURL          string `json:"envUrl"`
	HasPassword     bool   `json:"hasPassword"`
	PasswordMessage string `json:"passwordMessage"`
	// Status is the connection of this session (online, as of when).
	Status TeamStatus `json:"status"`
	// Person and Role: who the team database says is signed in (Active only).
	Person string `json:"person"`
	Role   string `json:"role"`
}

// TeamTestResult is a successful connection test and what it means.
type TeamTestResult struct {
	Probe   TeamProbe `json:"probe"`
	Message string    `json:"message"`
	// Ready: Concierge can be used on it as is (schema current, the
	// person in a Concierge group, or the owner who will install it).
	Ready bool `json:"ready"`
}

// TeamDatabase returns the team database settings and the connection state.
func (c *Core) TeamDatabase() TeamDatabaseView {
	cfg := c.Config()
	v := TeamDatabaseView{
		URL:      strings.TrimSpace(cfg.Store.DSN),
		EnvURL:   strings.TrimSpace(os.Getenv(EnvTeamDatabaseURL)),
		Selected: strings.EqualFold(strings.TrimSpace(cfg.Store.Driver), driverPostgres),
		Active:   c.feed != nil,
		Status:   c.TeamStatus(),
	}
	if v.EnvURL != "" {
		v.Selected = true
	}
	v.RestartNeeded = v.Selected != v.Active
	if who, ok := c.SignedIn(); ok {
		v.Person, v.Role = who.Name, who.Role
	}
	_, err := secrets.Lookup(c.keychain, TeamPasswordAccount, EnvTeamDatabasePassword)
	switch {
	case err == nil:
		v.HasPassword = true
		v.PasswordMessage = "A password is stored in the OS keychain."
		if os.Getenv(EnvTeamDatabasePassword) != "" {
			v.PasswordMessage = "The password comes from " + EnvTeamDatabasePassword + "."
		}
	case errors.Is(err, secrets.ErrNoKey):
		v.PasswordMessage = "No password stored: the server's own sign-in (peer, certificate, .pgpass) decides."
	case errors.Is(err, secrets.ErrNoKeychain):
		v.PasswordMessage = "This computer has no OS keychain to keep a password in: start Concierge with " + EnvTeamDatabasePassword +
			" set, or use the server's own sign-in (peer, certificate, .pgpass). A password typed here is used for the test only."
	default:
		v.PasswordMessage = err.Error()
	}
	return v
}

// SetTeamPassword stores the team database password in the keychain (empty
// removes it). It never goes to config.json.
func (c *Core) SetTeamPassword(password string) (TeamDatabaseView, error) {
	var err error
	if password == "" {
		err = c.keychain.Delete(TeamPasswordAccount)
	} else {
		err = c.keychain.Set(TeamPasswordAccount, password)
	}
	if err != nil {
		return TeamDatabaseView{}, fmt.Errorf("%w — or start Concierge with %s set", err, EnvTeamDatabasePassword)
	}
	return c.TeamDatabase(), nil
}

// splitTeamURL checks a team database address and takes out a password
// written into it (which must not be saved): it returns the address
// without it and the password ("" when none).
func splitTeamURL(raw string) (string, string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "", knowledge.Errorf(knowledge.ErrInvalid, "enter the team database address, like postgres://alice@db.example.org:5432/concierge")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return "", "", knowledge.Errorf(knowledge.ErrInvalid,
			"%q is not a team database address: write it like postgres://alice@db.example.org:5432/concierge", redactURL(raw))
	}
	pw, has := "", false
	if u.User != nil {
		pw, has = u.User.Password()
	}
	if has {
		u.User = url.User(u.User.Username())
	}
	if u.Query().Has("password") {
		q := u.Query()
		pw = q.Get("password")
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String(), pw, nil
}

// redactURL hides a password in an address shown in a message.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an address that cannot be read)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

// teamPassword is the password typed in the form, else the stored one.
func (c *Core) teamPassword(typed string) (string, error) {
	if typed != "" {
		return typed, nil
	}
	pw, err := secrets.Lookup(c.keychain, TeamPasswordAccount, EnvTeamDatabasePassword)
	if err != nil && !errors.Is(err, secrets.ErrNoKey) && !errors.Is(err, secrets.ErrNoKeychain) {
		return "", err
	}
	return pw, nil
}

// teamAdvice says what to do about a failed connection.
func teamAdvice(err error) error {
	switch {
	case errors.Is(err, knowledge.ErrUnavailable):
		return fmt.Errorf("%w. Check the host and port, that the server is running and that it accepts connections from this computer (pg_hba.conf, firewall)", err)
	case errors.Is(err, knowledge.ErrForbidden):
		return fmt.Errorf("%w. Check the user name in the address and the password; your Concierge administrator can reset it", err)
	case errors.Is(err, knowledge.ErrNotFound):
		return fmt.Errorf("%w. Check the database name at the end of the address", err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("the team database did not answer in time: %w. Check the host and port and your network", err)
	}
	return err
}

// TestTeamDatabase connects to the team database at rawURL with password
// (empty: the stored one) and reports the server version, the round trip
// and who the server says you are, with what that means. Nothing is saved.
func (c *Core) TestTeamDatabase(ctx context.Context, rawURL, password string) (TeamTestResult, error) {
	if c.connector == nil {
		return TeamTestResult{}, ErrNoConnector
	}
	u, inURL, err := splitTeamURL(rawURL)
	if err != nil {
		return TeamTestResult{}, err
	}
	if password == "" {
		password = inURL
	}
	pw, err := c.teamPassword(password)
	if err != nil {
		return TeamTestResult{}, err
	}
	p, err := c.connector.Probe(ctx, u, pw)
	if err != nil {
		return TeamTestResult{}, teamAdvice(err)
	}
	return TeamTestResult{Probe: p, Message: describeProbe(p), Ready: probeReady(p)}, nil
}

// probeReady: the database can be used as it is.
func probeReady(p TeamProbe) bool {
	switch {
	case p.Schema > p.Want:
		return false
	case p.Schema == 0:
		return true // the first start installs it, if the person may
	}
	return p.Role != "" && p.Role != "none"
}

func describeProbe(p TeamProbe) string {
	version, _, _ := strings.Cut(p.ServerVersion, " ")
	s := fmt.Sprintf("Connected to PostgreSQL %s in %.1f ms as %s", version, p.LatencyMs, p.Person)
	switch {
	case p.Schema == 0:
		return s + ". The Concierge tables are not there yet: they are created when the database owner uses it first (or runs indexer migrate --to URL)."
	case p.Schema > p.Want:
		return s + fmt.Sprintf(". The team database has schema version %d, newer than this Concierge (%d): update Concierge first.", p.Schema, p.Want)
	case p.Role == "none" || p.Role == "":
		return s + fmt.Sprintf(". %s is in no Concierge group: ask your Concierge administrator to add them as an agent, editor or supervisor.", p.Person)
	case p.Schema < p.Want:
		return s + fmt.Sprintf(" (%s). Its schema (version %d) is updated to version %d when the database owner next opens it.", p.Role, p.Schema, p.Want)
	}
	return s + fmt.Sprintf(" (%s).", p.Role)
}

// UseTeamDatabase tests the address and saves it as the store in
// config.json (without a password: one written into the address goes to
// the keychain). It takes effect at the next start: the local indexes are
// then rebuilt from the team database, so the window asks for a restart.
func (c *Core) UseTeamDatabase(ctx context.Context, rawURL string) (TeamDatabaseView, error) {
	u, inURL, err := splitTeamURL(rawURL)
	if err != nil {
		return TeamDatabaseView{}, err
	}
	if inURL != "" {
		if _, err := c.SetTeamPassword(inURL); err != nil {
			return TeamDatabaseView{}, err
		}
	}
	res, err := c.TestTeamDatabase(ctx, u, "")
	if err != nil {
		return TeamDatabaseView{}, err
	}
	if !res.Ready {
		return TeamDatabaseView{}, knowledge.Errorf(knowledge.ErrInvalid, "not switched: %s", res.Message)
	}
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.Store.Driver, cfg.Store.DSN = driverPostgres, u }); err != nil {
		return TeamDatabaseView{}, err
	}
	return c.TeamDatabase(), nil
}

// UseLocalDatabase makes the embedded database on this computer the store
// again from the next start (the team address is kept for later).
func (c *Core) UseLocalDatabase() (TeamDatabaseView, error) {
	if _, err := c.UpdateConfig(func(cfg *config.Config) { cfg.Store.Driver = config.StoreSQLite }); err != nil {
		return TeamDatabaseView{}, err
	}
	return c.TeamDatabase(), nil
}

// CopyLocalToTeam copies this computer's local knowledge base (articles
// with their history, requests, the ledger and ratings) into the team
// database at rawURL with the stored password, calling progress with what
// it is copying. Running it again copies only what is missing.
func (c *Core) CopyLocalToTeam(ctx context.Context, rawURL string, progress func(string)) (TeamCopyReport, error) {
	if c.connector == nil {
		return TeamCopyReport{}, ErrNoConnector
	}
	u, inURL, err := splitTeamURL(rawURL)
	if err != nil {
		return TeamCopyReport{}, err
	}
	pw, err := c.teamPassword(inURL)
	if err != nil {
		return TeamCopyReport{}, err
	}
	start := time.Now()
	rep, err := c.connector.CopyLocal(ctx, c.dataDir, u, pw, progress)
	if rep.Conflicts == nil {
		rep.Conflicts = []string{}
	}
	if errors.Is(err, knowledge.ErrNotFound) {
		return rep, err // nothing local to copy: the message says so
	}
	if err != nil {
		return rep, teamAdvice(err)
	}
	rep.Message = fmt.Sprintf("Copied %d articles (%d versions), %d requests, %d suggestion sets with %d events and %d ratings in %s; %d records were there already.",
		rep.Articles.Copied, rep.Versions.Copied, rep.Requests.Copied, rep.Sets.Copied, rep.Events.Copied, rep.Ratings.Copied,
		time.Since(start).Round(100*time.Millisecond),
		rep.Articles.Present+rep.Versions.Present+rep.Requests.Present+rep.Sets.Present+rep.Events.Present+rep.Ratings.Present)
	if len(rep.Conflicts) > 0 {
		rep.Message += fmt.Sprintf(" %d differ from the team's copy and were left as they are there.", len(rep.Conflicts))
	}
	return rep, nil
}
