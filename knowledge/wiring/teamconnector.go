package wiring

import (
	"context"

	"concierge/knowledge/core"
	"concierge/knowledge/pgstore"
	"concierge/knowledge/secrets"
)

// TeamConnector is the core's TeamConnector over the PostgreSQL adapter:
// Settings → Team database tests connections and copies the local
// knowledge base with it.
type TeamConnector struct{}

var _ core.TeamConnector = TeamConnector{}

// Probe connects to url with password and reports the server (pgstore.Probe).
func (TeamConnector) Probe(ctx context.Context, url, password string) (core.TeamProbe, error) {
	p, err := pgstore.Probe(ctx, url, password)
	if err != nil {
		return core.TeamProbe{}, err
	}
	return core.TeamProbe{ServerVersion: p.ServerVersion, LatencyMs: p.LatencyMs, Person: p.Person, Role: p.Role,
		Schema: p.Schema, Want: p.Want}, nil
}

// CopyLocal copies dataDir's local knowledge base into the team database at
// url (CopyToTeam) with password.
func (TeamConnector) CopyLocal(ctx context.Context, dataDir, url, password string, progress func(string)) (core.TeamCopyReport, error) {
	var opts []Option
	if password != "" {
		opts = append(opts, WithKeychain(secrets.Memory{PasswordAccount: password}))
	}
	r, err := CopyToTeam(ctx, dataDir, url, progress, opts...)
	count := func(c pgstore.CopyCount) core.TeamCopyCount {
		return core.TeamCopyCount{Copied: c.Copied, Present: c.Present}
	}
	rep := core.TeamCopyReport{Articles: count(r.Articles), Versions: count(r.Versions), Requests: count(r.Requests),
		Sets: count(r.Sets), Events: count(r.Events), Ratings: count(r.Ratings), Conflicts: r.Conflicts}
	return rep, err
}
