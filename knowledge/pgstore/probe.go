package pgstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"concierge/knowledge"

	"github.com/jackc/pgx/v5"
)

// ProbeReport is what a connection test learns about a team database.
type ProbeReport struct {
	// ServerVersion is the server's version string (SHOW server_version).
	ServerVersion string `json:"serverVersion"`
	// LatencyMs is the median round trip of a trivial query, in milliseconds.
	LatencyMs float64 `json:"latencyMs"`
	// Person is the signed-in login role; Role its Concierge group (agent,
	// editor, supervisor, admin, or none when it is in no group), "" when
	// the schema is not installed yet.
	Person string `json:"person"`
	Role   string `json:"role"`
	// Schema is the applied schema version (0: none yet); Want the version
	// this Concierge needs.
	Schema int `json:"schema"`
	Want   int `json:"want"`
}

// probeRounds is how many round trips the latency is the median of.
const probeRounds = 5

// Probe connects to the database at url (with password when not empty),
// measures the round trip and reports the server version, who is signed in
// and the schema version, without changing anything. It fails like Open: a
// server that cannot be reached wraps knowledge.ErrUnavailable, a refused
// sign-in knowledge.ErrForbidden, an unreadable address knowledge.ErrInvalid.
func Probe(ctx context.Context, url, password string) (ProbeReport, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return ProbeReport{}, fmt.Errorf("team database address %q: %w", redact(url), knowledge.ErrInvalid)
	}
	if password != "" {
		cfg.Password = password
	}
	cfg.RuntimeParams["application_name"] = "concierge"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if isCode(err, "3D000") { // invalid_catalog_name
		return ProbeReport{}, fmt.Errorf("connect to the team database at %s: there is no database %q on that server: %w",
			redact(url), cfg.Database, knowledge.ErrNotFound)
	}
	if err != nil {
		return ProbeReport{}, dbErr(fmt.Sprintf("connect to the team database at %s", redact(url)), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	rep := ProbeReport{Want: len(migrations)}
	rounds := make([]time.Duration, 0, probeRounds)
	for range probeRounds {
		start := time.Now()
		if _, err := conn.Exec(ctx, `SELECT 1`); err != nil {
			return ProbeReport{}, dbErr("measure the round trip to the team database", err)
		}
		rounds = append(rounds, time.Since(start))
	}
	sort.Slice(rounds, func(i, j int) bool { return rounds[i] < rounds[j] })
	rep.LatencyMs = float64(rounds[len(rounds)/2].Microseconds()) / 1000
	var hasSchema, hasRoleFn bool
	if err := conn.QueryRow(ctx, `SELECT current_setting('server_version'), current_user::text,
		to_regclass('schema_migrations') IS NOT NULL, to_regprocedure('concierge_current_role()') IS NOT NULL`).
		Scan(&rep.ServerVersion, &rep.Person, &hasSchema, &hasRoleFn); err != nil {
		return ProbeReport{}, dbErr("read the team database's version", err)
	}
	if hasSchema {
		if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&rep.Schema); err != nil {
			return ProbeReport{}, dbErr("read the schema version", err)
		}
	}
	if hasRoleFn {
		if err := conn.QueryRow(ctx, `SELECT concierge_current_role()`).Scan(&rep.Role); err != nil {
			return ProbeReport{}, dbErr("ask the team database who you are", err)
		}
	}
	return rep, nil
}
