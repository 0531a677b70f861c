package sqlite

// The start-up check, bounded: PRAGMA quick_check reads the whole file
// (about 0.35 CPU-s at 100k entries, 3 at 1M; README: Backup and restore),
// so it is skipped when the file is exactly as this store left it at a
// clean close, and runs after a crash, a restore, a copy or any change made
// to the file while the server was stopped. aidtrail admin check runs the
// full integrity_check at any time.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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

// startupCheck runs quick_check unless the database closed cleanly and is
// unchanged since. The record of the clean close is removed first, durably,
// so a crash from now on leads to a full check at the next start.
func (s *Store) startupCheck(ctx context.Context, path string) error {
	s.quickChecked = true
	if s.closedCleanly(path) {
		s.quickChecked = false
		s.log.Info("quick_check skipped: the database is as this server closed it", "file", path)
		return nil
	}
	return quickCheck(ctx, s.db)
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
