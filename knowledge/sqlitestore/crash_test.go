package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"concierge/knowledge"
)

const crashEnv = "CONCIERGE_SQLITESTORE_CRASH_DB"

// TestCrashHelper is not a test on its own: TestCrashMidTransaction runs the
// test binary again with crashEnv set, and this process dies in the middle
// of a write transaction, as a killed app would.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs only as the child process that TestCrashMidTransaction starts and kills mid-write (" + crashEnv + " set)")
	}
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		os.Exit(10)
	}
	if _, err := s.Put(ctx, knowledge.Article{ID: "committed", Title: "Committed", Body: "v1"}, knowledge.PutOptions{}); err != nil {
		os.Exit(11)
	}
	_ = s.inTx(ctx, func(tx *sql.Tx) error {
		for _, a := range []knowledge.Article{
			{ID: "committed", Title: "Committed", Body: "v2 never committed"},
			{ID: "half-written", Title: "Half"},
		} {
			if _, err := s.put(ctx, tx, s.prepare(a, time.Time{}), knowledge.PutOptions{}, false); err != nil {
				os.Exit(12)
			}
		}
		os.Exit(3) // crash before COMMIT
		return nil
	})
	os.Exit(13)
}

func TestCrashMidTransaction(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("this is the crash child process of TestCrashMidTransaction; it runs only TestCrashHelper")
	}
	path := filepath.Join(t.TempDir(), "kb.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("helper process ended with %v, want exit status 3 (crashed mid-transaction)", err)
	}

	s := openTest(t, path)
	ctx := context.Background()
	var check string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	a, err := s.Get(ctx, "committed")
	if err != nil || a.Version != 1 || a.Body != "v1" {
		t.Errorf("committed article after crash = %+v, %v; want version 1 with body v1", a, err)
	}
	if vs, err := s.Versions(ctx, "committed"); err != nil || len(vs) != 1 {
		t.Errorf("history after crash = %d entries, %v; want 1", len(vs), err)
	}
	if _, err := s.Get(ctx, "half-written"); !errors.Is(err, knowledge.ErrNotFound) {
		t.Errorf("uncommitted article survived the crash: %v", err)
	}
}
