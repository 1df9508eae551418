package assist

import (
	"slices"
	"testing"
)

func TestCheckDraft(t *testing.T) {
	req := testRequest
	req.AgentName = "Robin Okafor"
	ok := CheckDraft(req, "Hi Anna,\n\nSorry about that. "+multiDept[1].Text+"\n\nKind regards,\nRobin Okafor", multiDept[:2])
	if !ok.Verified || len(ok.Gaps) != 0 {
		t.Errorf("clean draft: %+v", ok)
	}
	gap := CheckDraft(req, "Hi Anna,\n\n"+multiDept[1].Text+" Your reference is REF-\u2026", multiDept[:2])
	if len(gap.Gaps) != 1 || gap.Gaps[0].Placeholder != "REF-\u2026" {
		t.Errorf("gaps %+v", gap.Gaps)
	}
	staff := CheckDraft(req, "Hi Anna,\n\nConfirm the duplicate charge in the billing console.", multiDept[:2])
	if staff.Verified || !slices.Contains(staff.Flags, FlagInternalInReply) {
		t.Errorf("staff text: %+v", staff)
	}
	secret := CheckDraft(req, "Hi Anna,\n\nPlease send us your full card number.", multiDept[:2])
	if secret.Verified || !slices.Contains(secret.Flags, FlagAsksForSecret) {
		t.Errorf("secret: %+v", secret)
	}
}
