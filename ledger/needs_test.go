package ledger_test

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// TestNeedUpdateRule: an update may lower, drop or reschedule approved
// lines, never raise them, change their item or add lines.
func TestNeedUpdateRule(t *testing.T) {
	l := func(n int, item string, q int64) ledger.NeedLine {
		return ledger.NeedLine{Line: n, Item: item, Quantity: q}
	}
	approved := []ledger.NeedLine{l(1, "mask-surgical", 1000), l(2, "goggles", 50)}
	for _, tc := range []struct {
		name    string
		updated []ledger.NeedLine
		ok      bool
	}{
		{"same", approved, true},
		{"lower and drop", []ledger.NeedLine{l(1, "mask-surgical", 10)}, true},
		{"raise", []ledger.NeedLine{l(1, "mask-surgical", 1001)}, false},
		{"other item", []ledger.NeedLine{l(2, "gloves-exam", 5)}, false},
		{"new line", []ledger.NeedLine{l(3, "tent", 1)}, false},
	} {
		if err := ledger.CheckNeedUpdate(approved, tc.updated); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
