package views

import (
	"encoding/base64"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
)

// CheckpointRow is one signed checkpoint in the history.
type CheckpointRow struct {
	Size   int64
	Root   string // base64, as in the note
	Signed string
}

// VerifyVM is the verify page.
type VerifyVM struct {
	BaseURL   string
	VKey      string
	Latest    string // the signed note
	History   []CheckpointRow
	OlderHref string
	Witnesses *WitnessVM // nil: no witness policy
}

// NewVerifyVM lays out the verify page.
func NewVerifyVM(baseURL, vkey string, latest ledger.Checkpoint, h *ledger.CheckpointPage) VerifyVM {
	vm := VerifyVM{BaseURL: baseURL, VKey: vkey, Latest: string(latest.Note)}
	for _, c := range h.Checkpoints {
		vm.History = append(vm.History, CheckpointRow{c.Size, base64.StdEncoding.EncodeToString(c.Root[:]), c.Created.UTC().Format("2006-01-02 15:04:05")})
	}
	if h.Older > 0 {
		vm.OlderHref = "/verify?before=" + strconv.FormatInt(h.Older, 10) + "#history-h"
	}
	return vm
}
