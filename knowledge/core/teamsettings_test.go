package core

import (
	"testing"

	"concierge/knowledge/config"
	"concierge/knowledge/pgstore/pgtest"
)

// TestTeamSettingsShowTheServersRole: signed in to a team database, the
// settings show the person and role the server gives (so the window offers
// an admin or editor the editor's tools), and saving the other settings
// neither fails on that role nor overwrites the single-user profile.
func TestTeamSettingsShowTheServersRole(t *testing.T) {
	d := openDesk(t, pgtest.NewDatabase(t), t.TempDir())
	defer d.close(t)
	who, ok := d.core.SignedIn()
	if !ok || who.Role == "" {
		t.Fatalf("signed in: %+v %v", who, ok)
	}
	local := d.core.Config().Profile
	v := d.core.Settings()
	if !v.RoleFromServer || v.Profile.Role != who.Role || v.Profile.Name != who.Name {
		t.Fatalf("settings in team mode: %+v; want %s's role %q from the server", v, who.Name, who.Role)
	}
	saved, err := d.core.SaveSettings(config.LLM{Provider: "none"}, v.Profile)
	if err != nil {
		t.Fatalf("saving the settings shown in team mode: %v", err)
	}
	if !saved.RoleFromServer || saved.Profile.Role != who.Role {
		t.Errorf("after saving: %+v", saved.Profile)
	}
	if got := d.core.Config().Profile; got.Role != local.Role && !(local.Role == "" && got.Role == RoleAgent) {
		t.Errorf("the single-user profile changed from %+v to %+v", local, got)
	}
}
