package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
)

// TestDamageMatrix: the data directory as a crash (SIGKILL, files copied
// while the store is open) leaves it, then damaged the way disks and
// operators damage it. Each case either refuses to start with ErrRefused
// and its message, or serves a log that extends the last published
// checkpoint and verifies: never a fork, never a rollback.
func TestDamageMatrix(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, testOrigin)
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string // in the refusal; "" if serving on is allowed
	}{
		{"untouched", func(*testing.T, string) {}, ""},
		{"truncated WAL", func(t *testing.T, dir string) {
			wal := filepath.Join(dir, "aidtrail.db-wal")
			fi, err := os.Stat(wal)
			if err != nil || fi.Size() < 64<<10 {
				t.Fatalf("WAL: %v, %v", fi, err)
			}
			if err := os.Truncate(wal, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, "Restore the data directory from a backup or replica"}, // as below
		// Refused either way: the log ends at the damage (fewer
		// entries than published), or, when the checkpointer had already
		// copied later frames into the database, the frames before it no
		// longer fit the database's pages (quick_check: malformed).
		{"corrupt WAL frame", func(t *testing.T, dir string) {
			overwrite(t, filepath.Join(dir, "aidtrail.db-wal"), 40<<10, bytes.Repeat([]byte{0x5a}, 256))
		}, "Restore the data directory from a backup or replica"},
		{"emptied database", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "aidtrail.db-wal"))
			if err := os.Truncate(filepath.Join(dir, "aidtrail.db"), 0); err != nil {
				t.Fatal(err)
			}
		}, "holds 0 entries"},
		{"corrupt page", func(t *testing.T, dir string) {
			checkpointWAL(t, dir)
			overwrite(t, filepath.Join(dir, "aidtrail.db"), 4*4096, bytes.Repeat([]byte{0xff}, 4096))
		}, "refusing to start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			live := t.TempDir()
			s := openTestStore(t, filepath.Join(live, "aidtrail.db"), key)
			if _, err := s.DB().Exec(`PRAGMA wal_autocheckpoint = 0`); err != nil {
				t.Fatal(err)
			}
			addItems(t, s, "damage", 150)
			published := s.Latest()
			// The crash: the files as they are on disk while the store runs.
			dir := t.TempDir()
			for _, f := range []string{"aidtrail.db", "aidtrail.db-wal", checkpointfile.Published} {
				b, err := os.ReadFile(filepath.Join(live, f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			tc.damage(t, dir)
			s2, err := Open(ctx, Options{Path: filepath.Join(dir, "aidtrail.db"), Key: key, Logger: testLogger(t)})
			if err != nil {
				if tc.want == "" || !errors.Is(err, ErrRefused) {
					t.Fatalf("refused: %v", err)
				}
				wantErrorMentioning(t, err, tc.want)
				t.Logf("refused: %v", err)
				return
			}
			defer s2.Close()
			if tc.want != "" {
				t.Logf("served on (allowed only if it extends the published checkpoint)")
			}
			if err := s2.CheckExtends(ctx, published.Size, published.Root); err != nil {
				t.Fatalf("served a log that does not extend the published checkpoint: %v", err)
			}
			if err := s2.Verify(ctx); err != nil {
				t.Fatalf("served a log that does not verify: %v", err)
			}
		})
	}
}

// overwrite writes b into the file at off.
func overwrite(t *testing.T, path string, off int64, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// checkpointWAL moves the WAL into the database file, as a clean close does.
func checkpointWAL(t *testing.T, dir string) {
	t.Helper()
	db, err := sql.Open("sqlite", DSN(filepath.Join(dir, "aidtrail.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
}
