package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

func runAdmin(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"admin"}, args...), noEnv, strings.NewReader(""), &out, &errOut)
	t.Logf("admin %q: %s%s%v", args, out.String(), errOut.String(), err)
	return out.String(), err
}

// grow opens the data directory's log as the server does, adds n items and
// returns the checkpoint it published.
func grow(t *testing.T, dir string, n int) ledger.Checkpoint {
	t.Helper()
	c := config{data: dir, addr: "localhost:8080"}
	if err := c.resolve(); err != nil {
		t.Fatal(err)
	}
	s, err := c.openStore(context.Background(), sqlitetest.Logger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i := range n {
		id := fmt.Sprintf("backup-%d-%d", s.Latest().Size, i)
		if err := s.AddItem(context.Background(), sqlite.PlatformActor, ledger.Item{ID: id, NameEN: id, NameZH: "物品", Unit: "pcs"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return s.Latest()
}

// TestBackupRestore: a backup holds the database, the keys and the
// published checkpoint in a 0600 file; the data directory is deleted and
// restored from it, passes admin check and serves the same log. A backup
// older than what was published afterwards, restored with the newest
// checkpoint the world saw (an aidtrail-verify state file), is refused at
// start with both sizes; damage to a page is named by admin check.
func TestBackupRestore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	backup := filepath.Join(t.TempDir(), "aidtrail-backup.tar.gz")
	cp := grow(t, dir, 20)
	if out, err := runAdmin(t, "check", "-data", dir); err != nil || !strings.Contains(out, fmt.Sprintf("ok: %d entries", cp.Size)) {
		t.Fatalf("check: %v %s", err, out)
	}
	if _, err := runAdmin(t, "backup", "-data", dir, "-to", backup); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v; want mode 0600", fi, err)
	}
	key, _ := os.ReadFile(filepath.Join(dir, "log.key"))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := runAdmin(t, "restore", "-from", backup, "-data", dir); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "log.key")); !bytes.Equal(got, key) {
		t.Fatal("the log key was not restored")
	}
	if _, err := runAdmin(t, "restore", "-from", backup, "-data", dir); err == nil {
		t.Error("restore over an existing log")
	}
	if out, err := runAdmin(t, "check", "-data", dir); err != nil || !strings.Contains(out, "ok:") {
		t.Fatalf("check after restore: %v", err)
	}
	later := grow(t, dir, 5) // serves again, extending what it published
	if later.Size != cp.Size+5 {
		t.Fatalf("restored log grew to %d, want %d", later.Size, cp.Size+5)
	}

	// The world saw a checkpoint the backup lacks: refused at start.
	state := filepath.Join(t.TempDir(), "verify-state.json")
	if err := os.WriteFile(state, fmt.Appendf(nil, `{"origin": %q, "checkpoint": %q}`, sqlitetest.Origin, later.Note), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := runAdmin(t, "restore", "-from", backup, "-data", dir, "-published", state); err != nil {
		t.Fatal(err)
	}
	c := config{data: dir, addr: "localhost:8080"}
	c.resolve()
	s, err := c.openStore(context.Background(), sqlitetest.Logger(t))
	if err == nil {
		s.Close()
		t.Fatal("a backup lacking published entries was served")
	}
	if !errors.Is(err, sqlite.ErrRefused) || !strings.Contains(err.Error(), fmt.Sprintf("holds %d entries", cp.Size)) || !strings.Contains(err.Error(), fmt.Sprintf("fewer than the %d", later.Size)) {
		t.Errorf("refusal does not name both sizes: %v", err)
	}
	if _, err := runAdmin(t, "check", "-data", dir); err == nil {
		t.Error("admin check passed a rolled-back log")
	}
	if kept, _ := os.ReadFile(filepath.Join(dir, checkpointfile.Published)); !bytes.Equal(kept, later.Note) {
		t.Error("the newest published checkpoint was not kept")
	}
}
