package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// savedState is the state file: the last checkpoint verified, kept as the
// signed note itself so that it is evidence, and re-checked on load.
type savedState struct {
	Origin     string `json:"origin"`
	Size       int64  `json:"size"`
	Root       string `json:"root"`
	Checkpoint string `json:"checkpoint"` // the signed note, as served
	Verified   string `json:"verified"`   // when, RFC 3339

	root tlog.Hash
}

func (s *savedState) info() *checkpointInfo {
	return &checkpointInfo{Origin: s.Origin, Size: s.Size, Root: s.Root, When: s.Verified}
}

// loadState reads the state file at path; it returns nil if there is none
// yet. The checkpoint in it must still verify with the key.
func loadState(path string, v note.Verifier) (*savedState, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading the state file: %w", err)
	}
	var s savedState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("state file %s is malformed: %v", path, err)
	}
	cp, err := openCheckpoint([]byte(s.Checkpoint), v)
	if err != nil {
		return nil, fmt.Errorf("state file %s: its checkpoint is not one of this log: %v (remove the file only if you changed logs on purpose)", path, err)
	}
	s.Origin, s.Size, s.Root = cp.Origin, int64(cp.Size), b64(cp.Hash)
	copy(s.root[:], cp.Hash)
	return &s, nil
}

// saveState replaces the state file with checkpoint cp (raw is its signed
// note), atomically: a crash leaves the old file or the new one.
func saveState(path string, cp *log.Checkpoint, raw []byte) error {
	s := savedState{Origin: cp.Origin, Size: int64(cp.Size), Root: b64(cp.Hash), Checkpoint: string(raw),
		Verified: time.Now().UTC().Format(time.RFC3339)}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	f, err := os.CreateTemp(dir, ".state-*")
	if err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("saving the state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("saving the state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	return nil
}
