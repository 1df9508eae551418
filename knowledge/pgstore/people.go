package pgstore

import (
	"context"
	"fmt"

	"concierge/knowledge"
)

// Role is the group a person belongs to; the server grants each group what
// it may do (see migrations/0002_roles.sql).
type Role string

const (
	// RoleAgent handles requests, records suggestions and rates articles;
	// reads articles and only its own ledger entries.
	RoleAgent Role = "agent"
	// RoleEditor also edits articles and shared settings, and reads the
	// whole ledger (usage of articles) and the query log.
	RoleEditor Role = "editor"
	// RoleSupervisor handles requests and reviews the whole ledger.
	RoleSupervisor Role = "supervisor"
	// RoleAdmin may do everything, including creating and removing people.
	RoleAdmin Role = "admin"
	// RoleNone is a database login that is in no Concierge group.
	RoleNone Role = "none"
)

// Person is one login role of the team database and its group.
type Person struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
}

// WhoAmI returns the signed-in person and their role as the server sees it
// (the table owner and superusers are admins).
func (s *Store) WhoAmI(ctx context.Context) (Person, error) {
	if err := s.check(); err != nil {
		return Person{}, err
	}
	var p Person
	if err := s.pool.QueryRow(ctx, `SELECT current_user::text, concierge_current_role()`).Scan(&p.Name, &p.Role); err != nil {
		return Person{}, dbErr("ask the team database who you are", err)
	}
	return p, nil
}

// CreatePerson creates a login role name in group role with password. Only
// admins may (others get knowledge.ErrForbidden); a bad name, role or a
// password under 8 characters is knowledge.ErrInvalid; an existing name is
// knowledge.ErrConflict. Login roles are shared by every database of the
// server.
func (s *Store) CreatePerson(ctx context.Context, name string, role Role, password string) error {
	if err := s.check(); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `SELECT concierge_create_person($1, $2, $3)`, name, string(role), password); err != nil {
		return dbErr(fmt.Sprintf("create person %q", name), err)
	}
	return nil
}

// RemovePerson drops the login role name (its ledger entries, ratings and
// versions keep the name). Only admins may; an unknown person is
// knowledge.ErrNotFound.
func (s *Store) RemovePerson(ctx context.Context, name string) error {
	if err := s.check(); err != nil {
		return err
	}
	if _, err := s.pool.Exec(ctx, `SELECT concierge_remove_person($1)`, name); err != nil {
		return dbErr(fmt.Sprintf("remove person %q", name), err)
	}
	return nil
}

// People lists the people and their roles, by name. Admins and supervisors
// may.
func (s *Store) People(ctx context.Context) ([]Person, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT person, grp FROM concierge_people()`)
	if err != nil {
		return nil, dbErr("list people", err)
	}
	defer rows.Close()
	out := []Person{}
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.Name, &p.Role); err != nil {
			return nil, dbErr("list people", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr("list people", err)
	}
	return out, nil
}

// SignedIn is WhoAmI as knowledge.Team has it.
func (s *Store) SignedIn(ctx context.Context) (knowledge.Person, error) {
	p, err := s.WhoAmI(ctx)
	return knowledge.Person{Name: p.Name, Role: string(p.Role)}, err
}
