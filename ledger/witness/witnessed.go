package witness

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger/checkpointfile"
	"golang.org/x/mod/sumdb/note"
)

// WitnessedName is the file, beside the published checkpoint, that keeps
// the largest checkpoint the witnesses' quorum cosigned.
const WitnessedName = "witnessed-checkpoint"

// WitnessedBy names the witnessed checkpoint in Store.CheckKept's refusals.
const WitnessedBy = "the witnesses' quorum cosigned"

// OpenWitnessed reads the largest checkpoint the witnesses' quorum
// cosigned, with its cosignatures, kept at path outside the database as
// the published checkpoint is: a database restored from an old backup or
// swapped for a fork cannot take it back. The service advances it with
// Store.Keep; Store.CheckKept(ctx, f, WitnessedBy) refuses at start a log
// that does not extend it. v is the log's key.
func OpenWitnessed(path string, v note.Verifier) (*checkpointfile.File, error) {
	f, err := checkpointfile.Open(path, v)
	if err != nil {
		return nil, fmt.Errorf("witnessed checkpoint: %w", err)
	}
	return f, nil
}
