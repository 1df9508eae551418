package pgstore

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/pgstore/pgtest"
)

// Probe reports the server, the round trip, who is signed in and the
// schema, before and after the schema is installed, for the owner and for
// a person of a group; it says clearly when the server or the database is
// not there.
func TestProbe(t *testing.T) {
	ctx := context.Background()
	url := pgtest.NewDatabase(t)
	p, err := Probe(ctx, url, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.ServerVersion == "" || p.LatencyMs <= 0 || p.Person != "postgres" || p.Role != "" || p.Schema != 0 || p.Want != len(migrations) {
		t.Errorf("empty database: %+v", p)
	}

	owner, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close()
	if p, err = Probe(ctx, url, ""); err != nil || p.Role != string(RoleAdmin) || p.Schema != len(migrations) {
		t.Errorf("after migration: %+v %v", p, err)
	}
	name := "pia_" + pgtest.RandomSuffix()
	if err := owner.CreatePerson(ctx, name, RoleAgent, testPassword); err != nil {
		t.Fatal(err)
	}
	defer owner.RemovePerson(ctx, name)
	asPia := pgtest.AsUser(t, url, name, "")
	asPia = strings.Replace(asPia, name+":@", name+"@", 1)
	if p, err = Probe(ctx, asPia, testPassword); err != nil || p.Person != name || p.Role != string(RoleAgent) {
		t.Errorf("as an agent: %+v %v", p, err)
	}

	if _, err := Probe(ctx, pgtest.WithDatabase(t, url, "no_such_db_"+pgtest.RandomSuffix()), ""); !errors.Is(err, knowledge.ErrNotFound) ||
		!strings.Contains(err.Error(), "there is no database") {
		t.Errorf("missing database: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	if _, err := Probe(ctx, "postgres://nobody@"+closed+"/x?sslmode=disable&connect_timeout=5", "secret"); !errors.Is(err, knowledge.ErrUnavailable) ||
		strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable server: %v", err)
	}
	if _, err := Probe(ctx, "postgres://a@b:notaport/c", ""); !errors.Is(err, knowledge.ErrInvalid) {
		t.Errorf("bad address: %v", err)
	}
}
