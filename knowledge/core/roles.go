package core

import (
	"errors"
	"fmt"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/config"
)

// Errors shown to users who lack the role.
var (
	ErrNeedsEditor = errors.New("this needs the editor role — switch your role in Settings")
	ErrNeedsReader = errors.New("this needs the editor or supervisor role — switch your role in Settings")
)

// Profile roles.
const (
	RoleAgent      = "agent"
	RoleEditor     = "editor"
	RoleSupervisor = "supervisor"
)

// RoleAdmin exists only in team mode: the team database's administrator,
// who may do what editors and supervisors do.
const RoleAdmin = "admin"

// profile is who is working: the local profile, or, with a team database,
// the person signed in to it with the role the server gives them (the
// local role setting then has no effect).
func (c *Core) profile() config.Profile {
	p := c.Config().Profile
	if c.signedIn != nil {
		p.Name, p.Role = c.signedIn.Name, c.signedIn.Role
	}
	return p
}

// SignedIn returns the team database's signed-in person (ok false in the
// single-user mode, where the role is picked in Settings).
func (c *Core) SignedIn() (knowledge.Person, bool) {
	if c.signedIn == nil {
		return knowledge.Person{}, false
	}
	return *c.signedIn, true
}

// roleError says what the signed-in person or the local profile may do.
func (c *Core) roleError(local error, need string) error {
	if c.signedIn == nil {
		return local
	}
	return fmt.Errorf("%w: this needs the %s role and the team database gives %s the %s role — ask your Concierge administrator",
		knowledge.ErrForbidden, need, c.signedIn.Name, c.signedIn.Role)
}

// editor checks that the profile may change articles and returns the
// author name recorded with the change.
func (c *Core) editor() (string, error) {
	p := c.profile()
	if p.Role != RoleEditor && p.Role != RoleAdmin {
		return "", c.roleError(ErrNeedsEditor, RoleEditor)
	}
	name := strings.TrimSpace(p.Name)
	if name == "" {
		return "", errors.New("enter your name in Settings: it is recorded with every version you save")
	}
	return name, nil
}

// reader checks that the profile may read the editor's lists.
func (c *Core) reader() error {
	switch c.profile().Role {
	case RoleEditor, RoleSupervisor, RoleAdmin:
		return nil
	}
	return c.roleError(ErrNeedsReader, "editor or supervisor")
}
