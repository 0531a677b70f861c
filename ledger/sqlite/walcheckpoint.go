package sqlite

// WAL checkpoints off the writer: the writer's connection never runs one
// (wal_autocheckpoint=0), so copying the WAL's pages back into the
// database file no longer holds up the next batch. The checkpointer does,
// on a connection of its own, after the syncer's rounds (at most every
// walCheckpointEvery), with PRAGMA wal_checkpoint(PASSIVE), which never
// blocks the writer nor waits for readers. A WAL is only started over by a
// write transaction that begins once all of it is in the database file,
// which never happens while the writer goes from one batch straight to the
// next; so once the WAL holds walRestartFrames, the writer waits, once, for
// the checkpointer to copy the rest before its next batch, and that batch
// writes the WAL from its start again. A reader holding an old snapshot can
// still keep the WAL growing, as with SQLite's own checkpoints.

import (
	"context"
	"time"
)

const (
	// walCheckpointEvery is the least time between two checkpoints.
	walCheckpointEvery = 50 * time.Millisecond
	// walRestartFrames is the WAL's size, in frames (pages), from which the
	// writer waits for a checkpoint so that its next batch restarts the WAL
	// (32 MB with 4 KB pages).
	walRestartFrames = 8192
)

// walState is what the checkpointer last found.
type walState struct {
	frames       int64 // frames in the WAL
	checkpointed int64 // of which copied into the database file
}

// checkpointer runs WAL checkpoints when poked (see the file comment) or
// when the writer asks and waits (a reply channel), until walPoke closes.
func (s *Store) checkpointer() {
	defer close(s.walDone)
	ctx := context.Background()
	var last time.Time
	for {
		var reply chan walState
		select {
		case _, ok := <-s.walPoke:
			if !ok {
				s.closeCheckpointConn()
				return
			}
			if wait := walCheckpointEvery - time.Since(last); wait > 0 {
				select {
				case reply = <-s.walNow:
				case <-time.After(wait):
				}
			}
		case reply = <-s.walNow:
		}
		last = time.Now()
		st, err := s.checkpointWAL(ctx)
		if err != nil {
			s.log.Warn("WAL checkpoint failed; retried after the next commits", "err", err)
		} else {
			s.walFrames.Store(st.frames)
		}
		if reply != nil {
			reply <- st
		}
	}
}

// checkpointWAL runs one passive checkpoint on the checkpointer's connection.
func (s *Store) checkpointWAL(ctx context.Context) (walState, error) {
	if s.ckconn == nil {
		conn, err := s.db.Conn(ctx)
		if err != nil {
			return walState{}, err
		}
		s.ckconn = conn
	}
	var busy int
	var st walState
	if err := s.ckconn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &st.frames, &st.checkpointed); err != nil {
		s.closeCheckpointConn()
		return walState{}, err
	}
	return st, nil
}

func (s *Store) closeCheckpointConn() {
	if s.ckconn != nil {
		s.ckconn.Close()
		s.ckconn = nil
	}
}

// pokeCheckpointer tells the checkpointer that commits were made.
func (s *Store) pokeCheckpointer() {
	select {
	case s.walPoke <- struct{}{}:
	default:
	}
}

// restartWAL runs before each batch: once the WAL has grown to
// walRestartFrames (as many more after a wait that could not restart it), it waits for a checkpoint of all of it, so that the batch
// writes the WAL from its start.
func (s *Store) restartWAL() {
	if n := s.walFrames.Load(); n < max(s.walLimit, s.walWaitAt) {
		return
	}
	reply := make(chan walState, 1)
	s.walNow <- reply
	st := <-reply
	s.walWaitAt = st.frames + s.walLimit
	if st.checkpointed >= st.frames {
		s.walWaitAt = 0 // the next batch restarts the WAL
		s.walFrames.Store(0)
	}
}
