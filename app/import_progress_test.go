package app

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"concierge/knowledge/core"
)

// TestImportApplyReportsProgress: importing a folder from the window puts
// the status into "importing", reports per-file progress (index:progress,
// phase import) up to the folder's size, then the index phase, and ends
// Ready; the status bar's bar and time-left estimate are built from these.
func TestImportApplyReportsProgress(t *testing.T) {
	a, rec := openApp(t, t.TempDir(), core.Options{SkipSample: true})
	setProfile(t, a, "Erin Editor", "editor")
	dir := t.TempDir()
	const files = 40
	for i := 0; i < files; i++ {
		body := fmt.Sprintf("---\ntitle: Locker %d\ndepartment: Facilities\nstatus: published\n---\n\nLocker %d is on floor %d.\n", i, i, i%5)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("locker-%02d.md", i)), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	n := rec.count()
	rep, err := a.Transfer.ImportApply(dir, "")
	if err != nil || len(rep.Create) != files {
		t.Fatalf("import: %d created, %v", len(rep.Create), err)
	}
	names, data := rec.since(n)
	var importing, ready bool
	var lastImport, lastIndex *Progress
	for i, nm := range names {
		switch d := data[i].(type) {
		case core.IndexState:
			importing = importing || d.State == core.StateImporting
			ready = d.State == core.StateReady
		case Progress:
			if nm != EventIndexProgress {
				t.Fatalf("%s carried a Progress", nm)
			}
			p := d
			switch p.Phase {
			case string(core.PhaseImport):
				if lastIndex != nil {
					t.Fatalf("import progress after the index phase began: %+v", p)
				}
				lastImport = &p
			case string(core.PhaseIndex):
				lastIndex = &p
			}
		}
	}
	if !importing {
		t.Fatalf("no index:state importing among %v", names)
	}
	if lastImport == nil || lastImport.Done != files || lastImport.Total != files {
		t.Fatalf("the import phase must end at %d of %d: %+v", files, files, lastImport)
	}
	if lastIndex == nil || lastIndex.Done != lastIndex.Total || lastIndex.Total == 0 {
		t.Fatalf("the index phase must end complete: %+v", lastIndex)
	}
	if !ready {
		t.Fatalf("the last index:state must be ready: %v", names)
	}
}
