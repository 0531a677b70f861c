package witness

import (
	"context"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"golang.org/x/mod/sumdb/note"
)

// WitnessedName is the file, beside the published checkpoint, that keeps
// the largest checkpoint the witnesses' quorum cosigned.
const WitnessedName = "witnessed-checkpoint"

// WitnessedFile keeps the largest checkpoint the witnesses' quorum
// cosigned, with its cosignatures, outside the database (a
// checkpointfile.File, as the published checkpoint is kept): a database
// restored from an old backup or swapped for a fork cannot take it back,
// and the server refuses to start on a log that does not extend it.
type WitnessedFile struct{ f *checkpointfile.File }

// OpenWitnessed reads the witnessed checkpoint kept at path, if any; v is
// the log's key.
func OpenWitnessed(path string, v note.Verifier) (*WitnessedFile, error) {
	f, err := checkpointfile.Open(path, v)
	if err != nil {
		return nil, fmt.Errorf("witnessed checkpoint: %w", err)
	}
	return &WitnessedFile{f: f}, nil
}

// Path is the file's path.
func (w *WitnessedFile) Path() string { return w.f.Path() }

// Save keeps signed (a checkpoint meeting the policy, with its
// cosignatures) if it extends the one kept, durably.
func (w *WitnessedFile) Save(ctx context.Context, store *sqlite.Store, signed []byte) error {
	_, err := w.f.Advance(signed, func(old checkpointfile.Checkpoint) error {
		return store.CheckExtends(ctx, old.Size, old.Root)
	})
	return err
}

// Check refuses a log that does not extend the witnessed checkpoint: one
// smaller than the largest size the witnesses cosigned, or whose tree at
// that size has another root.
func (w *WitnessedFile) Check(ctx context.Context, store *sqlite.Store) error {
	cp, ok := w.f.Current()
	if !ok {
		return nil
	}
	if latest := store.Latest().Size; latest < cp.Size {
		return fmt.Errorf("%w: witnesses cosigned this log at size %d (root %s), but the database holds only %d entries (restored from an old backup?); the cosigned checkpoint is in %s",
			sqlite.ErrRefused, cp.Size, cp.RootString(), latest, w.f.Path())
	}
	if err := store.CheckExtends(ctx, cp.Size, cp.Root); err != nil {
		return fmt.Errorf("%w: the database's tree does not extend the checkpoint witnesses cosigned at size %d (%s): %v", sqlite.ErrRefused, cp.Size, w.f.Path(), err)
	}
	return nil
}
