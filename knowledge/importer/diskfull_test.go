package importer

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/sqlitestore"
)

// An import that fills the disk stops with a message saying the disk is
// full; the articles imported before are intact and no half of the failed
// batch is stored.
func TestImportOnFullDisk(t *testing.T) {
	ctx := context.Background()
	mnt := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("needs a small tmpfs to fill, and mounting one is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	st, err := sqlitestore.Open(ctx, filepath.Join(mnt, "kb.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	small := t.TempDir()
	for i := range 5 {
		write(t, small, fmt.Sprintf("a%d.md", i), []byte(fmt.Sprintf("# Article %d\n\nKept safe.\n", i)))
	}
	if _, err := ImportDir(ctx, st, small, Options{}); err != nil {
		t.Fatal(err)
	}

	// Random hex, so that the store's compression cannot make it fit:
	// 80 articles of 64 KB still take about 2.5 MB compressed.
	big := t.TempDir()
	rnd := rand.New(rand.NewSource(1))
	noise := make([]byte, 32<<10)
	for i := range 80 {
		rnd.Read(noise)
		write(t, big, fmt.Sprintf("b%02d.md", i), []byte(fmt.Sprintf("# Big %d\n\n", i)+hex.EncodeToString(noise)))
	}
	rep, err := ImportDir(ctx, st, big, Options{})
	if !errors.Is(err, sqlitestore.ErrDiskFull) || !strings.Contains(err.Error(), "disk") || !strings.Contains(err.Error(), "full") {
		t.Fatalf("import on a full disk = %v (report %s); want ErrDiskFull", err, rep.Summary())
	}
	t.Logf("the user sees: %v", err)
	all, err := st.List(ctx, knowledge.ListFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 {
		t.Fatalf("%d articles stored, want the 5 imported before (the failed batch is rolled back)", len(all))
	}
	for _, a := range all {
		if !strings.Contains(a.Body, "Kept safe.") {
			t.Fatalf("article %s changed: %q", a.ID, a.Body)
		}
	}
}
