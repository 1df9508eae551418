package core

import (
	"errors"
	"strings"

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

func (c *Core) profile() config.Profile { return c.Config().Profile }

// editor checks that the profile may change articles and returns the
// author name recorded with the change.
func (c *Core) editor() (string, error) {
	p := c.profile()
	if p.Role != RoleEditor {
		return "", ErrNeedsEditor
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
	case RoleEditor, RoleSupervisor:
		return nil
	}
	return ErrNeedsReader
}
