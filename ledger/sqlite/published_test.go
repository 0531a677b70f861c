package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"golang.org/x/mod/sumdb/tlog"
)

// copyDB writes a consistent copy of s's database to path (as a backup would).
func copyDB(t *testing.T, s *Store, path string) {
	t.Helper()
	if _, err := s.DB().Exec(`VACUUM INTO ?`, path); err != nil {
		t.Fatal(err)
	}
}

// replaceDB puts the database file from into dir, as an operator restoring
// a file would, and drops the old WAL.
func replaceDB(t *testing.T, dir, from string) {
	t.Helper()
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(filepath.Join(dir, "aidtrail.db"+suffix))
	}
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "aidtrail.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestOpenRefusesRollbackAndFork: a database that lost entries the log has
// published (an old copy, an emptied file), or that holds another tree at
// the published size, is refused at start with both sizes and roots;
// given its own database back, the log starts again.
func TestOpenRefusesRollbackAndFork(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "aidtrail.db")
	key := testKey(t, testOrigin)
	s := openTestStore(t, path, key)
	addItems(t, s, "pub", 5)
	old := filepath.Join(t.TempDir(), "old.db")
	copyDB(t, s, old)
	oldSize := s.Latest().Size
	addItems(t, s, "pub-later", 5)
	published := s.Latest()
	full := filepath.Join(t.TempDir(), "full.db")
	copyDB(t, s, full)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile(filepath.Join(dir, checkpointfile.Published))
	if err != nil || !bytes.Equal(kept, published.Note) {
		t.Fatalf("published checkpoint file: %v\n%s\nwant\n%s", err, kept, published.Note)
	}

	// Another log under the same key, grown to more than the published size.
	other := openTestStore(t, "", key)
	addItems(t, other, "fork", 12)
	forked := filepath.Join(t.TempDir(), "fork.db")
	copyDB(t, other, forked)
	other.Close()

	for _, tc := range []struct {
		name string
		db   string
		want []string
	}{
		{"old copy", old, []string{"holds " + itoa(oldSize) + " entries", "fewer than the " + itoa(published.Size), b64(published.Root), "Restore"}},
		{"emptied", "", []string{"holds 0 entries", "fewer than the " + itoa(published.Size), b64(published.Root)}},
		{"fork", forked, []string{"tree of size " + itoa(published.Size) + " has root", b64(published.Root), "sign a fork"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.db == "" {
				replaceDB(t, dir, os.DevNull)
			} else {
				replaceDB(t, dir, tc.db)
			}
			s, err := Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t)})
			if err == nil {
				s.Close()
				t.Fatal("started")
			}
			if !errors.Is(err, ErrRefused) {
				t.Errorf("not ErrRefused: %v", err)
			}
			wantErrorMentioning(t, err, tc.want...)
			if got, _ := os.ReadFile(filepath.Join(dir, checkpointfile.Published)); !bytes.Equal(got, published.Note) {
				t.Errorf("the published checkpoint file was changed:\n%s", got)
			}
		})
	}
	replaceDB(t, dir, full)
	s = openTestStore(t, path, key)
	if got := s.Latest(); got.Size != published.Size || got.Root != published.Root {
		t.Fatalf("own database back: serving size %d, want %d", got.Size, published.Size)
	}
}

// TestCheckpointInterval: under a stream of writes at most one checkpoint
// is signed per interval, each write is acknowledged once committed (not
// when its checkpoint comes), and the checkpoint covering the last write
// is published, in the file and served, within the interval after it.
func TestCheckpointInterval(t *testing.T) {
	ctx := context.Background()
	const every = 100 * time.Millisecond
	dir := t.TempDir()
	s, err := Open(ctx, Options{Path: filepath.Join(dir, "aidtrail.db"), Key: testKey(t, testOrigin), Logger: testLogger(t), CheckpointInterval: every})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before, err := s.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var last int64
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				a, err := appendNote(ctx, s, g*1000+i, "lot:I"+strconv.Itoa(g))
				if err != nil {
					t.Error(err)
					return
				}
				var n int64
				if err := s.DB().QueryRow(`SELECT count(*) FROM entries WHERE idx = ?`, a.Index).Scan(&n); err != nil || n != 1 {
					t.Errorf("acknowledged entry %d is not committed: %d, %v", a.Index, n, err)
				}
				mu.Lock()
				last = max(last, a.Index)
				mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	acked := time.Now()
	elapsed := acked.Sub(start)
	for s.Latest().Size <= last {
		if time.Since(acked) > every+time.Second {
			t.Fatalf("the last write (entry %d) was not covered by a served checkpoint %v after its acknowledgement (serving %d)", last, time.Since(acked), s.Latest().Size)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("last write covered %v after its acknowledgement", time.Since(acked))
	total := time.Since(start) // the trailing checkpoint included
	after, err := s.Checkpoints(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signed := len(after) - len(before)
	if most := int(total/every) + 1; signed > most {
		t.Errorf("%d checkpoints signed in %v, want at most %d (one per %v)", signed, total, most, every)
	}
	t.Logf("320 writes in %v: %d checkpoints", elapsed, signed)
	kept, err := os.ReadFile(filepath.Join(dir, checkpointfile.Published))
	if err != nil || !bytes.Equal(kept, s.Latest().Note) {
		t.Errorf("the published file does not hold the served checkpoint: %v", err)
	}
}

// TestDamagedHashIsNeverSigned: a stored tree hash whose value is wrong is
// damage quick_check cannot see (the row is well formed). If only the
// larger tree reads it (the hash of a subtree that straddles the published
// size), the root of the larger tree is wrong while the published size's
// root still matches: signing it would publish a fork. The checkpoint
// signed at the next close is not kept or served, and the next start is
// refused: both check a consistency proof, not only the old root.
func TestDamagedHashIsNeverSigned(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "aidtrail.db")
	key := testKey(t, testOrigin)
	s := openTestStore(t, path, key)
	addItems(t, s, "signed", 140)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t), CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	published := s.Latest()
	addItems(t, s, "unsigned", 10)
	size, err := s.committedSize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The subtree of the larger tree's root that straddles the published size.
	id := int64(-1)
	for l, start := 62, int64(0); l >= 0; l-- {
		if size&(1<<l) == 0 {
			continue
		}
		if start < published.Size && published.Size < start+1<<l {
			id = tlog.StoredHashIndex(l, start>>l)
		}
		start += 1 << l
	}
	if published.Size != 140 || id < 0 {
		t.Fatalf("published %d of %d entries: no stored hash straddles it", published.Size, size)
	}
	db, err := sql.Open("sqlite", DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`DROP TRIGGER hashes_append_only_u`,
		`UPDATE hashes SET hash = zeroblob(32) WHERE id = ` + strconv.FormatInt(id, 10),
		`CREATE TRIGGER hashes_append_only_u BEFORE UPDATE ON hashes BEGIN SELECT RAISE(ABORT, 'ledger hashes are append-only'); END`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := quickCheck(ctx, db); err != nil {
		t.Fatalf("quick_check sees a changed value: %v", err)
	}
	db.Close()
	s.Close() // signs over the damaged hash at the close
	if got := s.Latest(); got.Size != published.Size {
		t.Errorf("serving a checkpoint of %d entries signed over a damaged hash", got.Size)
	}
	if kept, _ := os.ReadFile(filepath.Join(dir, checkpointfile.Published)); !bytes.Equal(kept, published.Note) {
		t.Errorf("kept a checkpoint signed over a damaged hash:\n%s", kept)
	}
	s, err = Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t)})
	if err == nil {
		s.Close()
		t.Fatal("started (and signed) over a damaged hash")
	}
	if !errors.Is(err, ErrRefused) {
		t.Errorf("not ErrRefused: %v", err)
	}
	wantErrorMentioning(t, err, "do not prove", "sign a fork", "Restore")
}
