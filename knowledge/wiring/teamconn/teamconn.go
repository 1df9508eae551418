// Package teamconn gives the knowledge core (Settings → Team database) its
// TeamConnector over the PostgreSQL adapter. It is apart from package
// wiring because the core's tests open stores through wiring.
package teamconn

import (
	"context"

	"concierge/knowledge/core"
	"concierge/knowledge/pgstore"
	"concierge/knowledge/secrets"
	"concierge/knowledge/wiring"
)

// Connector is the core's TeamConnector over the PostgreSQL adapter:
// Settings → Team database tests connections and copies the local
// knowledge base with it.
type Connector struct{}

var _ core.TeamConnector = Connector{}

// Probe connects to url with password and reports the server (pgstore.Probe).
func (Connector) Probe(ctx context.Context, url, password string) (core.TeamProbe, error) {
	p, err := pgstore.Probe(ctx, url, password)
	if err != nil {
		return core.TeamProbe{}, err
	}
	return core.TeamProbe{ServerVersion: p.ServerVersion, LatencyMs: p.LatencyMs, Person: p.Person, Role: p.Role,
		Schema: p.Schema, Want: p.Want}, nil
}

// CopyLocal copies dataDir's local knowledge base into the team database at
// url (CopyToTeam) with password.
func (Connector) CopyLocal(ctx context.Context, dataDir, url, password string, progress func(string)) (core.TeamCopyReport, error) {
	var opts []wiring.Option
	if password != "" {
		opts = append(opts, wiring.WithKeychain(secrets.Memory{wiring.PasswordAccount: password}))
	}
	r, err := wiring.CopyToTeam(ctx, dataDir, url, progress, opts...)
	count := func(c pgstore.CopyCount) core.TeamCopyCount {
		return core.TeamCopyCount{Copied: c.Copied, Present: c.Present}
	}
	rep := core.TeamCopyReport{Articles: count(r.Articles), Versions: count(r.Versions), Requests: count(r.Requests),
		Sets: count(r.Sets), Events: count(r.Events), Ratings: count(r.Ratings), Conflicts: r.Conflicts}
	return rep, err
}
