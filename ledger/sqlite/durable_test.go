package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
)

// durableWatch is a WAL sync that records how much of the log it made
// durable: the entries committed when it started (SQLite has written their
// frames to the WAL by then), known durable once the real sync returns. It
// can be slowed, held at a gate, or made to fail.
type durableWatch struct {
	store   atomic.Pointer[Store]
	durable atomic.Int64
	syncs   atomic.Int64
	delay   atomic.Int64                  // slept before each sync
	gate    atomic.Pointer[chan struct{}] // a sync waits until it is closed
	fail    atomic.Pointer[error]         // returned instead of syncing
}

func (w *durableWatch) sync(path string) error {
	var committed int64
	if s := w.store.Load(); s != nil {
		if err := s.DB().QueryRow(`SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&committed); err != nil {
			return err
		}
	}
	time.Sleep(time.Duration(w.delay.Load()))
	if g := w.gate.Load(); g != nil {
		<-*g
	}
	if err := w.fail.Load(); err != nil {
		return *err
	}
	if err := syncFile(path); err != nil {
		return err
	}
	w.syncs.Add(1)
	for {
		d := w.durable.Load()
		if committed <= d || w.durable.CompareAndSwap(d, committed) {
			return nil
		}
	}
}

// openWatched opens the store in dir with its WAL syncs going through w.
func openWatched(t *testing.T, dir string, every time.Duration, w *durableWatch) *Store {
	t.Helper()
	s, err := Open(context.Background(), Options{Path: filepath.Join(dir, "aidtrail.db"), Key: testKey(t, testOrigin),
		Logger: testLogger(t), CheckpointInterval: every, syncWAL: w.sync})
	if err != nil {
		t.Fatal(err)
	}
	w.store.Store(s)
	w.durable.Store(s.Latest().Size) // Open synced what it found
	return s
}

// TestAcknowledgedOnlyOnceDurable: the writer commits without waiting for
// the disk, but a write is answered only after a sync of the WAL that
// started after its commit, and no checkpoint is served, kept in the
// published file or recorded over entries that no sync has covered — under
// 16 concurrent writers with a slow disk and a short checkpoint interval.
func TestAcknowledgedOnlyOnceDurable(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := &durableWatch{}
	w.delay.Store(int64(3 * time.Millisecond))
	s := openWatched(t, dir, 5*time.Millisecond, w)
	defer s.Close()

	stop := make(chan struct{})
	var watched sync.WaitGroup
	var worst atomic.Int64 // the largest checkpoint seen beyond the durable size
	watched.Go(func() {
		pub := filepath.Join(dir, checkpointfile.Published)
		for {
			select {
			case <-stop:
				return
			default:
			}
			served := s.Latest().Size
			var recorded int64
			if err := s.DB().QueryRow(`SELECT coalesce(max(size), 0) FROM checkpoints`).Scan(&recorded); err != nil {
				t.Error(err)
				return
			}
			kept := int64(0)
			if b, err := os.ReadFile(pub); err == nil {
				if cp, err := checkpointfile.Parse(b, s.key.Verifier); err == nil {
					kept = cp.Size
				}
			}
			// Read last: the durable size only grows, so every checkpoint
			// read above must be within it (read first, syncs made while the
			// others were read showed as checkpoints beyond it).
			durable := w.durable.Load()
			if over := max(served, recorded, kept) - durable; over > worst.Load() {
				worst.Store(over)
				t.Errorf("a checkpoint (served %d, recorded %d, kept %d) covers entries no sync made durable (durable %d)", served, recorded, kept, durable)
			}
			time.Sleep(200 * time.Microsecond)
		}
	})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 25 {
				a, err := appendNote(ctx, s, g*1000+i, "lot:D"+strconv.Itoa(g))
				if err != nil {
					t.Error(err)
					return
				}
				if d := w.durable.Load(); a.Index >= d {
					t.Errorf("entry %d acknowledged before a sync covered it (durable %d)", a.Index, d)
				}
			}
		})
	}
	wg.Wait()
	waitUntil(t, "a checkpoint covers the durable log", func() bool { return s.Latest().Size >= w.durable.Load() })
	close(stop)
	watched.Wait()
	t.Logf("400 writes, %d syncs, serving %d", w.syncs.Load(), s.Latest().Size)
	if n := w.syncs.Load(); n >= 400 {
		t.Errorf("%d syncs for 400 writes: the commits waiting for a sync share none", n)
	}

	// A gate: while the sync hangs, a write is committed (readers see
	// it) but neither answered nor covered by a checkpoint.
	w.delay.Store(0)
	gate := make(chan struct{})
	w.gate.Store(&gate)
	open := sync.OnceFunc(func() { close(gate) })
	defer open() // before Close, which waits for the syncer
	size := s.Latest().Size
	res := make(chan error, 1)
	go func() {
		_, err := appendNote(ctx, s, 99, "lot:GATE")
		res <- err
	}()
	waitRow(t, s, "entries", "idx", size)
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-res:
		t.Fatalf("the write was answered (%v) while its sync had not run", err)
	default:
	}
	if got := s.Latest().Size; got != size {
		t.Errorf("serving a checkpoint of %d while entry %d waits for its sync", got, size)
	}
	open()
	if err := <-res; err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestFailedSyncStopsTheStore: when a sync of the WAL fails, the writes
// waiting for it are told they are not confirmed as saved, later writes
// are refused, no checkpoint is signed beyond what was durable, Failed
// is closed, and a restart (which syncs and checks what the disk holds)
// serves the log again.
func TestFailedSyncStopsTheStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w := &durableWatch{}
	s := openWatched(t, dir, 0, w)
	if _, err := appendNote(ctx, s, 1, "lot:F"); err != nil {
		t.Fatal(err)
	}
	before := s.Latest()
	keptBefore, err := os.ReadFile(filepath.Join(dir, checkpointfile.Published))
	if err != nil {
		t.Fatal(err)
	}
	// The write is committed while the sync is held; then the sync fails.
	gate := make(chan struct{})
	w.gate.Store(&gate)
	open := sync.OnceFunc(func() { close(gate) })
	defer open()
	res := make(chan error, 1)
	go func() {
		_, err := appendNote(ctx, s, 2, "lot:F")
		res <- err
	}()
	waitRow(t, s, "entries", "idx", before.Size)
	disk := errors.New("input/output error (injected)")
	w.fail.Store(&disk)
	open()
	err = <-res
	if !errors.Is(err, errNotConfirmed) || ledger.ErrorCode(err) != ledger.EUNAVAILABLE {
		t.Fatalf("a write whose sync failed: %v, want %v", err, errNotConfirmed)
	}
	select {
	case <-s.Failed():
	default:
		t.Fatal("Failed is not closed after a failed sync")
	}
	if s.Err() == nil || !errors.Is(s.Err(), disk) {
		t.Errorf("Err = %v, want the sync's error", s.Err())
	}
	w.fail.Store(nil) // the disk seems fine again: the store must not believe it
	if _, err := appendNote(ctx, s, 3, "lot:F"); !errors.Is(err, errStopped) {
		t.Errorf("a write after the failed sync: %v, want %v", err, errStopped)
	}
	time.Sleep(50 * time.Millisecond)
	if got := s.Latest(); got.Size != before.Size {
		t.Errorf("serving a checkpoint of %d after the failed sync, want still %d", got.Size, before.Size)
	}
	if kept, _ := os.ReadFile(filepath.Join(dir, checkpointfile.Published)); string(kept) != string(keptBefore) {
		t.Errorf("the published file changed after the failed sync:\n%s", kept)
	}
	if err := s.Close(); err == nil {
		t.Error("Close after a failed sync returns no error")
	}
	if _, err := os.Stat(filepath.Join(dir, "aidtrail.db") + closedSuffix); err == nil {
		t.Error("a clean close is recorded after a failed sync: the next start would skip quick_check")
	}

	s2 := openTestStore(t, filepath.Join(dir, "aidtrail.db"), s.key)
	if !s2.quickChecked {
		t.Error("the restart did not run quick_check")
	}
	if got := s2.Latest().Size; got < before.Size {
		t.Errorf("after the restart serving %d entries, fewer than the %d published", got, before.Size)
	}
	if _, err := appendNote(ctx, s2, 4, "lot:F"); err != nil {
		t.Fatal(err)
	}
	if err := s2.Verify(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestWALStaysBounded: the writer runs no WAL checkpoint of its own, and
// under a steady stream of batches (the writer going from one straight to
// the next, so a checkpoint beside it never lets the WAL start over) it
// waits for a full checkpoint once the WAL reaches its limit, so the WAL
// file stays within a few times that limit.
func TestWALStaysBounded(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	const limit = 256
	s, err := Open(ctx, Options{Path: filepath.Join(dir, "aidtrail.db"), Key: testKey(t, testOrigin), Logger: testLogger(t),
		CheckpointInterval: DefaultCheckpointInterval, walRestartFrames: limit})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var pageSize int64
	if err := s.DB().QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 64 {
		wg.Go(func() {
			for i := range 80 {
				if _, err := appendNote(ctx, s, g*1000+i, fmt.Sprintf("lot:W%d-%d", g, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	fi, err := os.Stat(walPath(s.path))
	if err != nil {
		t.Fatal(err)
	}
	frames := fi.Size() / (pageSize + 24)
	t.Logf("WAL file: %d frames at most (limit %d)", frames, limit)
	if frames > 8*limit {
		t.Errorf("the WAL grew to %d frames, more than 8 times its limit of %d", frames, limit)
	}
}

// Under a steady stream of commits the checkpointer copies the WAL into
// the database at most about once a second, not after every sync (50 ms
// apart at most, before) (it copies, writes and syncs a page once per checkpoint however
// many batches rewrote it), and once the commits stop a checkpoint still
// follows within that time.
func TestWALCheckpointsSeldom(t *testing.T) {
	ctx := context.Background()
	// A WAL bound far above what these writes append: only the time
	// between checkpoints is tested here (TestWALStaysBounded the bound).
	s, err := Open(ctx, Options{Path: filepath.Join(t.TempDir(), "aidtrail.db"), Key: testKey(t, testOrigin), Logger: testLogger(t),
		CheckpointInterval: DefaultCheckpointInterval, walRestartFrames: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	count := CountStatements(t)
	const checkpoint = `PRAGMA wal_checkpoint(PASSIVE)`
	const writing = 1500 * time.Millisecond
	start := time.Now()
	var wg sync.WaitGroup
	var writes atomic.Int64
	for g := range 8 {
		wg.Go(func() {
			for i := 0; time.Since(start) < writing; i++ {
				if _, err := appendNote(ctx, s, g*100000+i, fmt.Sprintf("lot:S%d-%d", g, i)); err != nil {
					t.Error(err)
					return
				}
				writes.Add(1)
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	ran := count()[checkpoint]
	t.Logf("%d writes in %v, %d checkpoints", writes.Load(), took, ran)
	if most := int(took/time.Second) + 2; ran > most {
		t.Errorf("%d checkpoints in %v of commits, want at most %d (one a second)", ran, took, most)
	}
	deadline := time.Now().Add(walCheckpointEvery + 2*time.Second)
	for count()[checkpoint] == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint within %v after the last commit", walCheckpointEvery+2*time.Second)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
