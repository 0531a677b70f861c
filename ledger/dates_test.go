package ledger_test

import (
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// TestDatesWithinReason: uses, receipts and value dates from 2000-01-01 to
// a day ahead; expiries up to 30 years ahead; and the replay refuses an
// entry that breaks them, changing nothing.
func TestDatesWithinReason(t *testing.T) {
	now := time.Date(2026, 2, 5, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		check func(string, time.Time) error
		date  string
		ok    bool
	}{
		{ledger.CheckPastDate, "2026-02-05", true},
		{ledger.CheckPastDate, "2026-02-06", true}, // a day's grace
		{ledger.CheckPastDate, "2026-02-07", false},
		{ledger.CheckPastDate, "2000-01-01", true},
		{ledger.CheckPastDate, "1999-12-31", false},
		{ledger.CheckPastDate, "0001-01-01", false},
		{ledger.CheckPastDate, "9999-12-31", false},
		{ledger.CheckPastDate, "2026-02-30", false},
		{ledger.CheckExpiry, "2056-02-05", true},
		{ledger.CheckExpiry, "2056-02-06", false},
		{ledger.CheckExpiry, "2020-01-01", true}, // an expired lot is still recorded as it is
		{ledger.CheckExpiry, "1999-12-31", false},
		{ledger.CheckExpiry, "9999-12-31", false},
	} {
		if err := tc.check(tc.date, now); (err == nil) != tc.ok || (err != nil && ledger.ErrorCode(err) != ledger.EINVALID) {
			t.Errorf("%s: %v, want ok=%v", tc.date, err, tc.ok)
		}
	}
	w := newWorld(t)
	_, lot := w.receive(hospital, 100)
	for _, d := range []string{"9999-12-31", "0001-01-01", "2026-02-07"} {
		w.refuse(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 1, Use: "ICU", Date: d}, ledger.EINVALID, "must be between 2000-01-01 and today")
	}
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: w.pledge(ledger.PledgeGoods, "mask-surgical"), Lots: []ledger.NewLot{
		{Code: ledger.NewCode(), Item: "mask-surgical", Quantity: 1, Unit: "pcs", Expiry: "9999-12-31", Condition: ledger.ConditionGood}}}, ledger.EINVALID, "30 years")
}
