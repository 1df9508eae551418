package config

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(dir); err != nil {
		t.Fatalf("a temp folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the check left %d files behind", len(entries))
	}
	if err := CheckWritable(filepath.Join(dir, "missing")); err == nil || errors.Is(err, ErrReadOnly) {
		t.Fatalf("a missing folder: %v; want an error that is not ErrReadOnly", err)
	}
}

// A read-only file system (a tmpfs mounted read-only, since root ignores
// permission bits) is reported as ErrReadOnly, naming the folder.
func TestCheckWritableReadOnlyMount(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("needs a read-only mount, and mounting is not permitted here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	err := CheckWritable(dir)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("CheckWritable = %v; want ErrReadOnly naming %s", err, dir)
	}
}
