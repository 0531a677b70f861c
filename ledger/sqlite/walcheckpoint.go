package sqlite

// WAL checkpoints off the writer: the writer's connection never runs one
// (wal_autocheckpoint=0), so copying the WAL's pages back into the
// database file no longer holds up the next batch. The checkpointer does,
// on a connection of its own, after the syncer's rounds, with PRAGMA
// wal_checkpoint(PASSIVE), which never blocks the writer nor waits for
// readers: at most every walCheckpointEvery, or sooner once the writer has
// appended walCheckpointFrames since the last one. A checkpoint copies each
// page once however many frames the WAL holds of it, and the pages a batch
// writes at 1M entries are many and mostly the same from batch to batch
// (the tables' last leaves, the indexes' inner pages): checkpointing
// seldom copies, writes and syncs each of them once per checkpoint, not
// once per batch.
//
// A WAL is only started over by a write transaction that begins once all
// of it is in the database file, which never happens while the writer goes
// from one batch straight to the next; so once the WAL holds
// walRestartFrames (the writer counts the frames its commits append), the
// writer waits, once, for the checkpointer to copy the rest before its next
// batch, and that batch writes the WAL from its start again. A reader
// holding an old snapshot can still keep the WAL growing, as with SQLite's
// own checkpoints.

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	sqlite3 "modernc.org/sqlite"
)

const (
	// walCheckpointEvery is the longest the checkpointer lets commits wait
	// (it was 50 ms: at 1M entries the checkpointer then spent about as
	// much CPU as a third of the writer's, copying the same pages again).
	walCheckpointEvery = time.Second
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
	var lastAt int64 // s.walAppended at the last checkpoint
	for {
		var reply chan walState
		select {
		case _, ok := <-s.walPoke:
			if !ok {
				s.closeCheckpointConn()
				return
			}
			// Wait out the interval unless the writer asks, or its
			// frames since the last checkpoint reach half the WAL's bound.
			for reply == nil {
				wait := walCheckpointEvery - time.Since(last)
				if wait <= 0 || s.framesSince(lastAt) >= s.walLimit/2 {
					break
				}
				select {
				case reply = <-s.walNow:
				case _, ok := <-s.walPoke: // more commits: count their frames again
					if !ok {
						s.closeCheckpointConn()
						return
					}
				case <-time.After(wait):
				}
			}
		case reply = <-s.walNow:
		}
		last, lastAt = time.Now(), s.walAppended.Load()
		st, err := s.checkpointWAL(ctx)
		if err != nil {
			s.log.Warn("WAL checkpoint failed; retried after the next commits", "err", err)
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
// walRestartFrames (as many more after a wait that could not restart it),
// it waits for a checkpoint of all of it, so that the batch writes the WAL
// from its start.
func (s *Store) restartWAL() {
	if n := s.walAppended.Load(); n < max(s.walLimit, s.walWaitAt) {
		return
	}
	reply := make(chan walState, 1)
	s.walNow <- reply
	st := <-reply
	s.walWaitAt = st.frames + s.walLimit
	s.walAppended.Store(st.frames)
	if st.checkpointed >= st.frames {
		s.walWaitAt = 0 // the next batch restarts the WAL
		s.walAppended.Store(0)
	}
}

// framesSince is how many frames the writer has appended since the count
// was at (0 after a restart of the WAL: then all it counts).
func (s *Store) framesSince(at int64) int64 {
	n := s.walAppended.Load()
	if n < at {
		return n
	}
	return n - at
}

// countFrames adds the frames the writer's commits appended to the WAL
// since it last counted (SQLite's count of the pages the connection wrote).
func (s *Store) countFrames(conn *sql.Conn) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("the writer's connection is a %T", dc)
		}
		st, ok := c.sqliteConn.(sqlite3.DBStatus)
		if !ok {
			return fmt.Errorf("the driver's connection (%T) has no page counters", c.sqliteConn)
		}
		n, _, err := st.Status(sqlite3.DBStatusCacheWrite, true)
		s.walAppended.Add(int64(n))
		return err
	})
}
