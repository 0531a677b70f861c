package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// WitnessedFile keeps the largest checkpoint the witnesses' quorum
// cosigned, with its cosignatures, in a small fsynced file beside the
// database: a database restored from an old backup or swapped for a fork
// cannot take it back, and the server refuses to start on a log that does
// not extend it.
type WitnessedFile struct {
	Path string
	mu   sync.Mutex
	size int64
}

// Save replaces the file with signed (a cosigned checkpoint note) if it is
// larger than the one kept, atomically and durably.
func (f *WitnessedFile) Save(signed []byte) error {
	cp, err := parseCheckpoint(signed)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if int64(cp.Size) <= f.size {
		return nil
	}
	if err := writeFileSync(f.Path, signed); err != nil {
		return fmt.Errorf("keeping the witnessed checkpoint: %w", err)
	}
	f.size = int64(cp.Size)
	return nil
}

// Check refuses a log that does not extend the witnessed checkpoint kept in
// the file: one smaller than the largest size the witnesses cosigned, or
// one whose tree is not consistent with it. v is the log's key.
func (f *WitnessedFile) Check(ctx context.Context, store *sqlite.Store, v note.Verifier) error {
	b, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("reading the witnessed checkpoint: %w", err)
	}
	n, err := note.Open(b, note.VerifierList(v))
	if err != nil {
		return fmt.Errorf("the witnessed checkpoint %s is not signed by this log's key: %v", f.Path, err)
	}
	var cp log.Checkpoint
	if _, err := cp.Unmarshal([]byte(n.Text)); err != nil || len(cp.Hash) != tlog.HashSize {
		return fmt.Errorf("the witnessed checkpoint %s is malformed", f.Path)
	}
	latest := store.Latest()
	size := int64(cp.Size)
	if size > latest.Size {
		return fmt.Errorf("refusing to start: witnesses cosigned this log at size %d, but the database holds only %d entries (restored from an old backup?); the cosigned checkpoint is in %s",
			size, latest.Size, f.Path)
	}
	var old tlog.Hash
	copy(old[:], cp.Hash)
	proof, err := store.ConsistencyProof(ctx, size, latest.Size)
	if err == nil {
		err = tlog.CheckTree(proof, latest.Size, latest.Root, size, old)
	}
	if err != nil {
		return fmt.Errorf("refusing to start: the database's tree does not extend the checkpoint witnesses cosigned at size %d (%s): %v", size, f.Path, err)
	}
	f.mu.Lock()
	f.size = max(f.size, size)
	f.mu.Unlock()
	return nil
}

func parseCheckpoint(signed []byte) (*log.Checkpoint, error) {
	text, _, ok := bytes.Cut(signed, []byte("\n\n"))
	if !ok {
		return nil, errors.New("malformed checkpoint note")
	}
	var cp log.Checkpoint
	if _, err := cp.Unmarshal(append(text, '\n')); err != nil {
		return nil, fmt.Errorf("malformed checkpoint: %w", err)
	}
	return &cp, nil
}

// writeFileSync writes data to path through a synced temporary file and a
// rename, then syncs the directory.
func writeFileSync(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".witnessed-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
