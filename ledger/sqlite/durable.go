package sqlite

// Durability off the writer's path: the writer commits each batch with
// synchronous=NORMAL (its frames are written to the WAL file, not synced)
// and hands the batch to the syncer, which makes the WAL durable with one
// fdatasync for every batch committed meanwhile and only then acknowledges
// the writes. Checkpoints are signed by the syncer too, over the entries it
// has made durable and no further, and published (kept in the published
// file, then served) before the writer records them in the checkpoints
// table. A sync that fails stops the store: what the disk holds is known
// again only after a restart (SQLite recovers the WAL), so no write is
// acknowledged and no checkpoint signed after it.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
)

// committedBatch is a batch the writer committed: its writes wait for the
// WAL to be synced before they are acknowledged.
type committedBatch struct {
	waiting []*writeReq // the writes that succeeded, unanswered
	size    int64       // the log's size after the commit
}

// errNotConfirmed answers writes committed just before a sync of the log
// failed: the disk may or may not hold them.
var errNotConfirmed = ledger.Errorf(ledger.EUNAVAILABLE, "not confirmed as saved — a disk error stopped the server; check again after it restarts")

// errStopped answers writes after a sync of the log failed.
var errStopped = ledger.Errorf(ledger.EUNAVAILABLE, "not saved — a disk error stopped the server; please try again after it restarts")

// syncFile makes what was written to the file at path durable (the WAL:
// SQLite's frames, written by its own descriptor, are the inode's data).
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = datasync(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// walPath is the WAL file of the database at path.
func walPath(path string) string { return path + "-wal" }

// syncAll makes everything committed to the database durable: the WAL and
// the database file. Open runs it before signing over what an earlier run
// committed (a killed process leaves its last commits unsynced).
func (s *Store) syncAll() error {
	for _, p := range []string{walPath(s.path), s.path} {
		if err := syncFile(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("syncing %s: %w", p, err)
		}
	}
	return nil
}

// Failed is closed once a sync of the log has failed: the store then
// refuses writes, signs nothing more and must be restarted (Err says why).
func (s *Store) Failed() <-chan struct{} { return s.failedCh }

// Err returns why the store stopped (Failed), or nil.
func (s *Store) Err() error {
	if p := s.failure.Load(); p != nil {
		return *p
	}
	return nil
}

// fail stops the store after a failed sync, once.
func (s *Store) fail(err error) {
	s.stop(fmt.Errorf("syncing the log to disk: %w", err), "the log could not be made durable: the server takes no more changes and signs no more checkpoints until it is restarted (SQLite then recovers what the disk holds)")
}

// stop stops the store for err, once, logging msg unless it is empty:
// later writes are refused and nothing more is signed.
func (s *Store) stop(err error, msg string) {
	if s.failure.CompareAndSwap(nil, &err) {
		if msg != "" {
			s.log.Error(msg, "err", err)
		}
		close(s.failedCh)
	}
}

// errDamaged answers writes after the start-up check found damage.
var errDamaged = ledger.Errorf(ledger.EUNAVAILABLE, "not saved — the server found its data damaged and stopped; please try again after it is restored")

// stoppedError is what a write gets once the store has stopped.
func (s *Store) stoppedError() error {
	switch err := s.Err(); {
	case errors.Is(err, ErrRefused):
		return errDamaged
	case errors.Is(err, errClosed):
		return errClosed
	}
	return errStopped
}

// syncer acknowledges the writer's commits once durable and signs and
// publishes the checkpoints over them (see the file comment). It stops
// when the writer closes toSync, after covering what it synced.
func (s *Store) syncer() {
	defer close(s.syncDone)
	var due <-chan time.Time
	for {
		select {
		case c, ok := <-s.toSync:
			if !ok {
				s.signDurable(true)
				return
			}
			round := []*committedBatch{c}
		more:
			for {
				select {
				case c, ok := <-s.toSync:
					if !ok {
						break more
					}
					round = append(round, c)
				default:
					break more
				}
			}
			s.syncRound(round)
			s.pokeCheckpointer()
		case <-due:
			due = nil
			s.signDurable(false)
		}
		if due == nil && s.synced.Load() > s.signedSize && s.Err() == nil {
			due = time.After(max(s.checkpointWait(), time.Millisecond))
		}
	}
}

// syncRound makes the round's commits durable with one sync, then answers
// their writes: all succeed, or all get errNotConfirmed and the store
// stops. With no checkpoint interval the checkpoint covering them is
// published before they are answered.
func (s *Store) syncRound(round []*committedBatch) {
	err := s.Err()
	if err == nil {
		if err = s.syncWAL(walPath(s.path)); err != nil {
			s.fail(err)
		} else {
			s.synced.Store(round[len(round)-1].size)
			if s.cpEvery <= 0 {
				s.signDurable(false)
			}
		}
	}
	for _, c := range round {
		for _, r := range c.waiting {
			if err != nil {
				r.done <- errNotConfirmed
			} else {
				r.done <- nil
			}
		}
	}
	if err == nil && s.cpEvery > 0 && s.checkpointWait() <= 0 {
		s.signDurable(false)
	}
}

// checkpointWait is how long until the next checkpoint may be signed: the
// interval after the last one (at least a second after keeping one failed).
func (s *Store) checkpointWait() time.Duration {
	every := s.cpEvery
	if s.publishFailed {
		every = max(every, time.Second)
	}
	return every - time.Since(s.lastSigned)
}

// signDurable signs a checkpoint over the entries synced so far, if any is
// not covered yet and one is due (or final), publishes it and hands it to
// the writer to record.
func (s *Store) signDurable(final bool) {
	size := s.synced.Load()
	if s.Err() != nil || (size <= s.signedSize && !s.publishFailed) || (!final && s.checkpointWait() > 0) {
		return
	}
	ctx := context.Background()
	s.lastSigned = time.Now()
	cp, err := s.signCheckpoint(ctx, size)
	if err == nil {
		err = s.publish(ctx, cp)
	}
	if err != nil {
		if !s.publishFailed {
			s.log.Error("keeping the signed checkpoint failed: the entries are saved, the checkpoint is not served yet and is retried every second", "size", size, "err", err)
		}
		s.publishFailed = true
		return
	}
	if s.publishFailed {
		s.log.Info("the signed checkpoint is kept and served again", "size", size)
	}
	s.publishFailed = false
	s.signedSize = size
	s.toRecord.add(cp)
}

// signCheckpoint signs the checkpoint of the first size entries, read
// outside the writer (they are committed and durable).
func (s *Store) signCheckpoint(ctx context.Context, size int64) (*ledger.Checkpoint, error) {
	root, err := treeHash(size, s.hashReader(ctx))
	if err != nil {
		return nil, fmt.Errorf("computing root: %w", err)
	}
	body := log.Checkpoint{Origin: s.Origin(), Size: uint64(size), Hash: root[:]}.Marshal()
	signed, err := note.Sign(&note.Note{Text: string(body)}, s.key.Signer)
	if err != nil {
		return nil, fmt.Errorf("signing checkpoint: %w", err)
	}
	return &ledger.Checkpoint{Size: size, Root: root, Note: signed, Created: s.now().UTC()}, nil
}

// insertCheckpoint stores a published checkpoint in the history.
func insertCheckpoint(ctx context.Context, db execer, cp *ledger.Checkpoint) error {
	if _, err := db.ExecContext(ctx, `INSERT INTO checkpoints (size, root, note, created) VALUES (?, ?, ?, ?)
		ON CONFLICT (size) DO NOTHING`, cp.Size, cp.Root[:], cp.Note, ledger.FormatTime(cp.Created)); err != nil {
		return fmt.Errorf("storing checkpoint: %w", err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// signedQueue holds the checkpoints the syncer published and the writer
// has yet to record (the syncer never waits for the writer).
type signedQueue struct {
	mu    sync.Mutex
	cps   []*ledger.Checkpoint
	ready chan struct{} // has a value while cps is not empty
}

func (q *signedQueue) add(cp *ledger.Checkpoint) {
	q.mu.Lock()
	q.cps = append(q.cps, cp)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// take empties the queue.
func (q *signedQueue) take() []*ledger.Checkpoint {
	q.mu.Lock()
	defer q.mu.Unlock()
	cps := q.cps
	q.cps = nil
	return cps
}

// putBack returns checkpoints whose recording was not committed; the
// next batch records them.
func (q *signedQueue) putBack(cps []*ledger.Checkpoint) {
	if len(cps) == 0 {
		return
	}
	q.mu.Lock()
	q.cps = append(cps, q.cps...)
	q.mu.Unlock()
}
