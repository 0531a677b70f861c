package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// TestTamperDetected: someone with write access to the database file drops
// the append-only triggers and edits the log; the store's own Verify names
// what was changed, and the changed entry no longer shows as verified.
func TestTamperDetected(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db *sql.DB)
		want   []string
	}{
		{"entry byte changed", func(t *testing.T, db *sql.DB) {
			var data []byte
			if err := db.QueryRow(`SELECT data FROM entries WHERE idx = 5`).Scan(&data); err != nil {
				t.Fatal(err)
			}
			i := bytes.Index(data, []byte("Test item 5"))
			if i < 0 {
				t.Fatalf("entry 5 is not the item expected: %s", data)
			}
			data[i] = 't'
			mustExec(t, db, `UPDATE entries SET data = ? WHERE idx = 5`, data)
		}, []string{"leaf of entry 5", "does not match"}},
		{"leaf hash changed", func(t *testing.T, db *sql.DB) {
			flipHash(t, db, tlog.StoredHashIndex(0, 3))
		}, []string{"leaf of entry 3", "does not match"}},
		{"node hash changed", func(t *testing.T, db *sql.DB) {
			flipHash(t, db, tlog.StoredHashIndex(1, 2))
		}, []string{"level 1 node 2", "does not match"}},
		{"entry removed", func(t *testing.T, db *sql.DB) {
			mustExec(t, db, `DELETE FROM entries WHERE idx = 7`)
		}, []string{"entry 7 is missing"}},
		{"last entry removed", func(t *testing.T, db *sql.DB) {
			mustExec(t, db, `DELETE FROM entries WHERE idx = 11`)
		}, []string{"refusing to start", "holds 11 entries", "fewer than the 12"}},
		{"hash removed", func(t *testing.T, db *sql.DB) {
			mustExec(t, db, `DELETE FROM hashes WHERE id = ?`, tlog.StoredHashIndex(0, 9))
		}, []string{"leaf of entry 9", "missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "aidtrail.db")
			key := testKey(t, testOrigin)
			s := openTestStore(t, path, key)
			addItems(t, s, "tamper", 12)
			if err := s.Verify(ctx); err != nil {
				t.Fatalf("untouched log does not verify: %v", err)
			}
			e5, err := s.Entry(ctx, 5)
			if err != nil {
				t.Fatal(err)
			}
			if !s.LeafVerified(ctx, e5) {
				t.Fatal("untouched entry 5 is not verified")
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			// The attacker: a plain connection, triggers gone, foreign keys off.
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			for _, trig := range []string{"entries_append_only_u", "entries_append_only_d", "hashes_append_only_u", "hashes_append_only_d"} {
				mustExec(t, db, `DROP TRIGGER `+trig)
			}
			tc.tamper(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}

			// A log that no longer extends its published checkpoint is
			// refused at start; any other change is named by Verify.
			s, err = Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t)})
			if err == nil {
				t.Cleanup(func() { s.Close() })
				err = s.Verify(ctx)
			}
			wantErrorMentioning(t, err, tc.want...)
			t.Logf("Verify: %v", err)
			if tc.name == "entry byte changed" {
				e5, err := s.Entry(ctx, 5)
				if err != nil {
					t.Fatal(err)
				}
				if s.LeafVerified(ctx, e5) {
					t.Error("tampered entry 5 still shows as verified")
				}
				e4, err := s.Entry(ctx, 4)
				if err != nil {
					t.Fatal(err)
				}
				if !s.LeafVerified(ctx, e4) {
					t.Error("untouched entry 4 no longer shows as verified")
				}
			}
		})
	}
}

// TestAppendOnlyTriggers: through the store's own connection, ledger rows
// cannot be rewritten or deleted.
func TestAppendOnlyTriggers(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	addItems(t, s, "trig", 2)
	for _, q := range []string{
		`UPDATE entries SET data = x'00' WHERE idx = 0`,
		`DELETE FROM entries WHERE idx = 1`,
		`UPDATE hashes SET hash = x'00' WHERE id = 0`,
		`DELETE FROM hashes WHERE id = 0`,
		`UPDATE checkpoints SET note = x'00'`,
		`DELETE FROM checkpoints`,
	} {
		if _, err := s.DB().Exec(q); err == nil {
			t.Errorf("%s: succeeded", q)
		}
	}
	if err := s.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if n, _ := res.RowsAffected(); n != 1 && q[:4] != "DROP" {
		t.Fatalf("%s: %d rows changed, want 1", q, n)
	}
}

func flipHash(t *testing.T, db *sql.DB, id int64) {
	t.Helper()
	var h []byte
	if err := db.QueryRow(`SELECT hash FROM hashes WHERE id = ?`, id).Scan(&h); err != nil {
		t.Fatal(err)
	}
	h[0] ^= 1
	mustExec(t, db, `UPDATE hashes SET hash = ? WHERE id = ?`, h, id)
}
