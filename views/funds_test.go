package views

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		cur  string
		n    int64
		want string
	}{
		{"CNY", 123456, "1,234.56"}, {"CNY", 5, "0.05"}, {"CNY", 0, "0.00"}, {"JPY", 1234567, "1,234,567"}, {"USD", -150, "-1.50"},
	} {
		if got := Amount(tc.cur, tc.n); got != tc.want {
			t.Errorf("Amount(%s, %d) = %q, want %q", tc.cur, tc.n, got, tc.want)
		}
	}
}

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		cur, in string
		want    int64
		ok      bool
	}{
		{"CNY", "1,234.56", 123456, true}, {"CNY", "1234.5", 123450, true}, {"CNY", " 100 ", 10000, true}, {"JPY", "500", 500, true},
		{"CNY", "1.234", 0, false}, {"JPY", "5.0", 0, false}, {"CNY", "-5", 0, false}, {"CNY", "0", 0, false}, {"CNY", "1e3", 0, false},
		{"CNY", "", 0, false}, {"CNY", "5.", 0, false}, {"XXX", "5", 0, false}, {"CNY", "99999999999999", 0, false},
	} {
		got, err := ledger.ParseAmount(tc.cur, tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ledger.ParseAmount(%s, %q) = %d, %v", tc.cur, tc.in, got, err)
		}
	}
}

// FuzzParseAmount: whatever is typed, an accepted amount is in range and
// writes back to the same number.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.56", "0.01", "10000000000", ".5", "1..2", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ledger.ParseAmount("CNY", s)
		if err != nil {
			return
		}
		back, err := ledger.ParseAmount("CNY", Amount("CNY", n))
		if err != nil || back != n || n < 1 {
			t.Fatalf("%q -> %d -> %q -> %d, %v", s, n, Amount("CNY", n), back, err)
		}
	})
}
