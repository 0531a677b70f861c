// Package checkpointfile keeps the largest checkpoint a log has published
// in a small file outside its database, so that a database that lost its
// tail (a truncated WAL, an old backup, a lagging replica) is refused
// instead of signing a fork. It never replaces the checkpoint it holds with
// a smaller one or with one that does not extend it.
//
// The file holds the signed note exactly as served (a C2SP tlog-checkpoint,
// possibly with witness cosignatures), so it is evidence by itself and an
// operator can read it with cat. The server keeps the checkpoint it
// publishes in <data>/checkpoint (Published); a witness-cosigned checkpoint
// can be kept the same way in a file of its own beside it.
package checkpointfile

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/transparency-dev/formats/log"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Published is the name of the server's published-checkpoint file in its
// data directory.
const Published = "checkpoint"

// Checkpoint is a parsed signed checkpoint.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   tlog.Hash
	Note   []byte // the signed note, byte-exact
}

// RootString is the root as checkpoints write it (standard base64).
func (c Checkpoint) RootString() string { return base64.StdEncoding.EncodeToString(c.Root[:]) }

// Parse opens a signed checkpoint note with the log's verifier (other
// signatures, such as witness cosignatures, are kept but not required).
func Parse(signed []byte, v note.Verifier) (Checkpoint, error) {
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("not a checkpoint signed by %s: %w", v.Name(), err)
	}
	var cp log.Checkpoint
	if _, err := cp.Unmarshal([]byte(n.Text)); err != nil {
		return Checkpoint{}, fmt.Errorf("malformed checkpoint: %w", err)
	}
	if cp.Origin != v.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint of origin %q, not %q", cp.Origin, v.Name())
	}
	if len(cp.Hash) != tlog.HashSize || cp.Size > 1<<62 {
		return Checkpoint{}, errors.New("malformed checkpoint")
	}
	c := Checkpoint{Origin: cp.Origin, Size: int64(cp.Size), Note: bytes.Clone(signed)}
	copy(c.Root[:], cp.Hash)
	return c, nil
}

// ErrNotExtending is returned by Advance for a checkpoint smaller than the
// one kept, or of the same size with another root, or one whose tree does
// not contain the kept one.
var ErrNotExtending = errors.New("checkpoint does not extend the one kept")

// File is one kept checkpoint. Its methods are safe for concurrent use.
type File struct {
	path string
	v    note.Verifier

	mu  sync.Mutex
	cur *Checkpoint
}

// Open reads the checkpoint kept at path, if any. A file that exists but
// does not hold a checkpoint signed by v is an error: it is never silently
// replaced.
func Open(path string, v note.Verifier) (*File, error) {
	f := &File{path: path, v: v}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading the published checkpoint: %w", err)
	}
	cp, err := Parse(b, v)
	if err != nil {
		return nil, fmt.Errorf("the published checkpoint %s is damaged: %v (restore it from a backup, or from the log's witnesses or monitors)", path, err)
	}
	f.cur = &cp
	return f, nil
}

// Path is the file's path.
func (f *File) Path() string { return f.path }

// Current returns the kept checkpoint; ok is false if none was kept yet.
func (f *File) Current() (cp Checkpoint, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur == nil {
		return Checkpoint{}, false
	}
	return *f.cur, true
}

// Advance keeps signed if it extends the kept checkpoint, writing it
// atomically and durably (temporary file, fsync, rename, fsync of the
// directory) before it returns: only then may it be served. extends
// must return nil only if signed's tree contains old (a consistency proof,
// or the log's own tree at old.Size having old.Root); it is not called when
// nothing is kept yet. A checkpoint equal to the kept one is a no-op. It
// returns ErrNotExtending (wrapped) and keeps the old file otherwise.
func (f *File) Advance(signed []byte, extends func(old Checkpoint) error) (Checkpoint, error) {
	cp, err := Parse(signed, f.v)
	if err != nil {
		return Checkpoint{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if old := f.cur; old != nil {
		switch {
		case cp.Size < old.Size:
			return Checkpoint{}, fmt.Errorf("%w: size %d is older than the kept size %d", ErrNotExtending, cp.Size, old.Size)
		case cp.Size == old.Size && cp.Root != old.Root:
			return Checkpoint{}, fmt.Errorf("%w: size %d has root %s, the kept one %s", ErrNotExtending, cp.Size, cp.RootString(), old.RootString())
		case cp.Size == old.Size && bytes.Equal(cp.Note, old.Note):
			return *old, nil
		}
		if err := extends(*old); err != nil {
			return Checkpoint{}, fmt.Errorf("%w: %v", ErrNotExtending, err)
		}
	}
	if err := WriteAtomic(f.path, cp.Note, 0o644); err != nil {
		return Checkpoint{}, fmt.Errorf("keeping the published checkpoint: %w", err)
	}
	f.cur = &cp
	return cp, nil
}

// WriteAtomic replaces the file at path with data: a crash leaves the old
// file or the new one, and the new one is on disk when it returns.
func WriteAtomic(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
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
