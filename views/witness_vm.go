package views

import (
	"strings"
	"time"

	"github.com/aidtrail/aidtrail/ledger/witness"
)

// WitnessVM is the verify page's witnessing section; nil when the log has
// no witness policy.
type WitnessVM struct {
	Cosigned, FailOpen bool
	ServedSize         int64
	Behind             int64 // entries newer than the served checkpoint
	K, N               int
	Rows               []WitnessRow
	Policy             string
}

// WitnessRow is one witness.
type WitnessRow struct {
	Name, VKey, URL string
	Demo            bool
	Cosigned        int64 // -1: never
	When            string
	Answering       bool
	NotAsked        bool
	LastTry         string
	LastErr         string
}

// NewWitnessVM lays out the witnesses' status; nil st means no policy.
func NewWitnessVM(st *witness.Status, policy []byte) *WitnessVM {
	if st == nil {
		return nil
	}
	vm := &WitnessVM{FailOpen: st.FailOpen, K: st.K, N: st.N, Policy: string(policy)}
	if sv := st.Served; sv != nil {
		vm.Cosigned, vm.ServedSize = sv.Cosigned, sv.Size
		vm.Behind = st.Latest - sv.Size
	}
	for _, w := range st.Witnesses {
		r := WitnessRow{Name: w.Name, VKey: w.VKey, URL: strings.TrimSuffix(w.URL, "/add-checkpoint"), Demo: w.Demo,
			Cosigned: w.Cosigned, When: utcTime(w.SignedAt), Answering: w.Answering(), NotAsked: w.LastTry.IsZero(),
			LastTry: utcTime(w.LastTry), LastErr: w.LastErr}
		vm.Rows = append(vm.Rows, r)
	}
	return vm
}

func utcTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}
