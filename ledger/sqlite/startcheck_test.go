package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// TestStartupCheckBounded: quick_check runs at the first start, after a
// crash (files copied while the store runs) and after the file was changed
// while the store was closed (a damaged page, refused); it is skipped only
// when the store closed cleanly and the file is unchanged since.
func TestStartupCheckBounded(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, testOrigin)
	dir := t.TempDir()
	path := filepath.Join(dir, "aidtrail.db")
	open := func(path string) (*Store, error) {
		return Open(ctx, Options{Path: path, Key: key, Logger: testLogger(t)})
	}

	s, err := open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !s.quickChecked {
		t.Error("first start: quick_check did not run")
	}
	addItems(t, s, "check", 40)
	// A crash image: the files as they are while the store runs.
	crash := t.TempDir()
	for _, f := range []string{"aidtrail.db", "aidtrail.db-wal", "checkpoint"} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
			os.WriteFile(filepath.Join(crash, f), b, 0o600)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + closedSuffix); err != nil {
		t.Fatalf("no record of the clean close: %v", err)
	}

	s, err = open(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.quickChecked {
		t.Error("restart after a clean close of an unchanged file: quick_check ran")
	}
	if _, err := os.Stat(path + closedSuffix); err == nil {
		t.Error("the record of the clean close is kept while the store runs (a crash would skip the next check)")
	}
	addItems(t, s, "more", 5)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The image is a copy taken while the store ran: if the checkpointer
	// wrote the database between the two reads, quick_check itself
	// refuses it (as in TestDamageMatrix).
	switch c, err := open(filepath.Join(crash, "aidtrail.db")); {
	case err == nil:
		if !c.quickChecked {
			t.Error("start after a crash: quick_check did not run")
		}
		c.Close()
	case !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "quick_check"):
		t.Fatal(err)
	}

	// Changed while stopped: a page overwritten (later than the coarse
	// file-time tick), refused by the check the change brings back.
	time.Sleep(20 * time.Millisecond)
	overwrite(t, path, 4*4096, bytes.Repeat([]byte{0xff}, 4096))
	if s, err := open(path); err == nil {
		s.Close()
		t.Fatal("a damaged page was served after a clean close")
	} else if !strings.Contains(err.Error(), "refusing to start") || !strings.Contains(err.Error(), "quick_check") {
		t.Errorf("refusal: %v", err)
	}
}

// crashedStore writes n items to a store at path and leaves the files as
// a crash would for the start-up check: no record of a clean close.
func crashedStore(t *testing.T, path string, key *ledger.LogKey, n int) (published ledger.Checkpoint) {
	t.Helper()
	s := openTestStore(t, path, key)
	addItems(t, s, "crash", n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path + closedSuffix); err != nil {
		t.Fatal(err)
	}
	return s.Latest()
}

// openChecking opens path with the start-up check beside reads, held
// until release is closed.
func openChecking(t *testing.T, path string, key *ledger.LogKey, release <-chan struct{}) (*Store, error) {
	return Open(context.Background(), Options{Path: path, Key: key, Logger: testLogger(t), CheckInBackground: true,
		beforeCheck: func(ctx context.Context) {
			select {
			case <-release:
			case <-ctx.Done():
			}
		}})
}

// TestStartupCheckBesideReads: after a crash the store serves reads and
// the published checkpoint while quick_check runs, but writes nothing:
// a write waits (unanswered), no checkpoint is signed, no tile is served
// (full tiles are cached for ever), and the record of the running check
// stays on disk. Once the check passes the write is stored and covered by
// a checkpoint that extends the published one.
func TestStartupCheckBesideReads(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, testOrigin)
	path := filepath.Join(t.TempDir(), "aidtrail.db")
	published := crashedStore(t, path, key, 30)

	release := make(chan struct{})
	s, err := openChecking(t, path, key, release)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Latest(); got.Size != published.Size || !bytes.Equal(got.Note, published.Note) {
		t.Fatalf("serving checkpoint %d while checking, want the published %d", got.Size, published.Size)
	}
	if items, err := s.Items(ctx); err != nil || len(items) < 30 {
		t.Fatalf("reads while checking: %d items, %v", len(items), err)
	}
	if _, err := s.ReadEntryBundle(ctx, 0, int(published.Size)); ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Errorf("an entry bundle while checking: %v, want unavailable", err)
	}
	if _, err := s.ReadTile(ctx, 0, 0, int(published.Size)); ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Errorf("a tile while checking: %v, want unavailable", err)
	}
	if _, err := os.Stat(path + checkingSuffix); err != nil {
		t.Errorf("no record of the running check: %v", err)
	}
	wrote := make(chan error, 1)
	go func() { wrote <- s.AddItem(ctx, PlatformActor, testItem("during", 0)) }()
	select {
	case err := <-wrote:
		t.Fatalf("a write was answered before the check passed: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	cosigned := make(chan error, 1)
	go func() {
		cosigned <- s.SaveCosignature(ctx, Cosignature{Witness: "w", KeyHash: 1, Size: published.Size, Line: "— w AAAA\n", Signed: time.Now()})
	}()
	select {
	case err := <-cosigned:
		t.Fatalf("a cosignature was stored before the check passed: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	var entries int64
	s.DB().QueryRow(`SELECT count(*) FROM entries`).Scan(&entries)
	if entries != published.Size || s.Latest().Size != published.Size {
		t.Fatalf("while checking: %d entries stored, checkpoint %d; want %d and %d", entries, s.Latest().Size, published.Size, published.Size)
	}

	close(release)
	if err := <-wrote; err != nil {
		t.Fatalf("the write after the check: %v", err)
	}
	if err := <-cosigned; err != nil {
		t.Fatalf("the cosignature after the check: %v", err)
	}
	waitUntil(t, "the write is covered by a checkpoint", func() bool { return s.Latest().Size == published.Size+1 })
	if err := s.CheckExtends(ctx, published.Size, published.Root); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadEntryBundle(ctx, 0, int(s.Latest().Size)); err != nil {
		t.Errorf("an entry bundle after the check: %v", err)
	}
	if _, err := os.Stat(path + checkingSuffix); err == nil {
		t.Error("the record of the check is kept after it passed")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + closedSuffix); err != nil {
		t.Errorf("no clean close recorded after the check passed: %v", err)
	}
}

// TestStartupCheckBesideReadsFindsDamage: a damaged page that the start's
// own reads do not touch is found by the check running beside reads: the
// store stops with the refusal (Failed, Err), answers the write that
// waited "not saved" without storing it, signs nothing, and leaves the
// record of the check, so the next start refuses before serving. A stop
// before the check ends leaves the record too, and records no clean close.
func TestStartupCheckBesideReadsFindsDamage(t *testing.T) {
	ctx := context.Background()
	key := testKey(t, testOrigin)
	dir := t.TempDir()
	path := filepath.Join(dir, "aidtrail.db")
	published := crashedStore(t, path, key, 30)
	kept, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		t.Fatal(err)
	}

	// Stopped before the check ends: nothing written, the next start checks first.
	s, err := openChecking(t, path, key, make(chan struct{}))
	if err != nil {
		t.Fatal(err)
	}
	wrote := make(chan error, 1)
	go func() { wrote <- s.AddItem(ctx, PlatformActor, testItem("stopped", 0)) }()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	if err := <-wrote; err == nil {
		t.Error("a write was stored by a store stopped before its check passed")
	}
	for suffix, want := range map[string]bool{checkingSuffix: true, closedSuffix: false} {
		if _, err := os.Stat(path + suffix); (err == nil) != want {
			t.Errorf("after a stop during the check: %s exists = %v, want %v", suffix, err == nil, want)
		}
	}
	os.Remove(path + checkingSuffix)

	// A page of a table the start does not read (the users table's root).
	var root int64
	s2 := openTestStore(t, path, key)
	if err := s2.DB().QueryRow(`SELECT rootpage FROM sqlite_master WHERE name = 'users'`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	os.Remove(path + closedSuffix)
	overwrite(t, path, (root-1)*4096, bytes.Repeat([]byte{0xff}, 4096))

	release := make(chan struct{})
	s, err = openChecking(t, path, key, release)
	if err != nil {
		t.Fatalf("the start's own reads met the damage: %v", err)
	}
	go func() { wrote <- s.AddItem(ctx, PlatformActor, testItem("damaged", 0)) }()
	time.Sleep(50 * time.Millisecond)
	close(release)
	select {
	case <-s.Failed():
	case <-time.After(20 * time.Second):
		t.Fatal("the check beside reads did not stop the store")
	}
	if err := s.Err(); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "quick_check") {
		t.Errorf("Err = %v, want the quick_check refusal", err)
	}
	if err := <-wrote; !errors.Is(err, errDamaged) {
		t.Errorf("the write that waited: %v, want %v", err, errDamaged)
	}
	var entries int64
	s.DB().QueryRow(`SELECT count(*) FROM entries`).Scan(&entries)
	if entries != published.Size || s.Latest().Size != published.Size {
		t.Errorf("after the failed check: %d entries, checkpoint %d; want %d", entries, s.Latest().Size, published.Size)
	}
	if err := s.Close(); err == nil {
		t.Error("Close after a failed check returns no error")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "checkpoint")); !bytes.Equal(got, kept) {
		t.Errorf("the published checkpoint changed:\n%s", got)
	}
	if _, err := os.Stat(path + checkingSuffix); err != nil {
		t.Errorf("the record of the failed check is gone: %v", err)
	}
	if s, err := openChecking(t, path, key, nil); err == nil {
		s.Close()
		t.Fatal("the start after a failed check served before checking")
	} else if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "quick_check") {
		t.Errorf("the start after a failed check: %v", err)
	}
}
