package sqlite

// The start-up check, bounded: PRAGMA quick_check reads the whole file
// (about 0.35 CPU-s at 100k entries, 4 at 1M; README: Backup and restore),
// so it is skipped when the file is exactly as this store left it at a
// clean close, and runs after a crash, a restore, a copy or any change made
// to the file while the server was stopped. aidtrail admin check runs the
// full integrity_check at any time.
//
// When it runs, the server may run it beside serving reads
// (Options.CheckInBackground): the store then serves the checkpoint the
// log has published, writes nothing (writes wait, WAL checkpoints and
// signing do not start, tiles are not served) until the check passes, and
// stops with the refusal if it fails. A record beside the database
// (checkingSuffix) marks a check that has not passed yet: a start that
// finds it (the last check failed, or the server stopped before it ended)
// checks before it serves anything.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
)

// closedSuffix names the record of a clean close beside the database.
const closedSuffix = "-closed"

// fileStamp is what a clean close records of the database file.
type fileStamp struct {
	Size    int64 `json:"size"`
	ModTime int64 `json:"mtime_ns"`
}

func stampOf(path string) (fileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, err
	}
	return fileStamp{Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}, nil
}

// errStillChecking answers tile reads while the start-up check runs.
var errStillChecking = ledger.Errorf(ledger.EUNAVAILABLE, "the server is checking its data after an unclean stop; try again in a minute")

// checkingSuffix names the record of a start-up check that has not passed
// yet, beside the database.
const checkingSuffix = "-checking"

// startupCheck runs quick_check unless the database closed cleanly and is
// unchanged since. The record of the clean close is removed first, durably,
// so a crash from now on leads to a full check at the next start. With
// later allowed it only reports that the check is due (and records that it
// is), unless an earlier start's check never passed.
func (s *Store) startupCheck(ctx context.Context, path string, later bool) (due bool, err error) {
	s.quickChecked = true
	if s.closedCleanly(path) {
		s.quickChecked = false
		s.log.Info("quick_check skipped: the database is as this server closed it", "file", path)
		return false, nil
	}
	if later {
		if _, err := os.Stat(path + checkingSuffix); err == nil {
			s.log.Warn("the start-up check of an earlier start did not pass: checking the whole database before serving", "file", path)
		} else if err := checkpointfile.WriteAtomic(path+checkingSuffix, nil, 0o600); err != nil {
			s.log.Warn("cannot record the start-up check: checking before serving", "err", err)
		} else {
			return true, nil
		}
	}
	return false, s.checkNow(ctx)
}

// checkNow runs quick_check before anything is served, and removes the
// record of an earlier start's check once it passes.
func (s *Store) checkNow(ctx context.Context) error {
	if err := quickCheck(ctx, s.db); err != nil {
		return err
	}
	return removeDurably(s.path + checkingSuffix)
}

// removeDurably removes the file at path, if any, and syncs its directory.
func removeDurably(path string) error {
	if err := os.Remove(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return syncDir(filepath.Dir(path))
}

// closedCleanly reads and removes the record of the last clean close; it
// reports whether the file still has the size and modification time
// recorded then and no write-ahead log holds frames.
func (s *Store) closedCleanly(path string) bool {
	rec := path + closedSuffix
	b, err := os.ReadFile(rec)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if rerr := os.Remove(rec); rerr != nil || syncDir(filepath.Dir(path)) != nil {
		return false
	}
	var was fileStamp
	if err != nil || json.Unmarshal(b, &was) != nil {
		return false
	}
	now, err := stampOf(path)
	if err != nil || now != was {
		return false
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return false
	}
	return true
}

// recordCleanClose records, after the last connection closed, the file as
// it is, unless the write-ahead log still holds frames.
func recordCleanClose(path string) error {
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil
	}
	st, err := stampOf(path)
	if err != nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := checkpointfile.WriteAtomic(path+closedSuffix, b, 0o600); err != nil {
		return fmt.Errorf("recording the clean close: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
