package ledger_test

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		cur, in string
		want    int64
		ok      bool
	}{
		{"CNY", "1000", 100000, true},
		{"CNY", "1,234.56", 123456, true},
		{"CNY", "0.5", 50, true},
		{"CNY", " 12.30 ", 1230, true},
		{"JPY", "5000", 5000, true},
		{"JPY", "50.5", 0, false},
		{"CNY", "1.234", 0, false},
		{"CNY", "0", 0, false},
		{"CNY", "-5", 0, false},
		{"CNY", "1e5", 0, false},
		{"CNY", "12.", 0, false},
		{"CNY", "", 0, false},
		{"CNY", "99999999999999", 0, false},
		{"XXX", "10", 0, false},
	} {
		got, err := ledger.ParseAmount(tc.cur, tc.in)
		if (err == nil) != tc.ok || got != tc.want && tc.ok {
			t.Errorf("ParseAmount(%s, %q) = %d, %v", tc.cur, tc.in, got, err)
		}
	}
}

// FuzzParseAmount: never panics; an accepted amount is within the limits.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1000", "1,234.56", "0.01", "999999999999999", "..", "1.2.3"} {
		f.Add("CNY", s)
	}
	f.Fuzz(func(t *testing.T, cur, s string) {
		n, err := ledger.ParseAmount(cur, s)
		if err == nil && (n < 1 || n > ledger.MaxAmountMinor) {
			t.Fatalf("ParseAmount(%q, %q) = %d", cur, s, n)
		}
	})
}

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
