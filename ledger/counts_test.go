package ledger_test

import (
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

func TestCountNeedsApproval(t *testing.T) {
	for _, c := range []struct {
		held, counted int64
		want          bool
	}{
		{1200, 1200, false}, {1200, 1180, false}, {1200, 1140, false}, {1200, 1139, true},
		{1200, 1260, false}, {1200, 1261, true}, {10000, 9899, true}, {10000, 9900, false},
		{10, 9, true}, {0, 1, true}, {100, 95, false},
	} {
		if got := ledger.CountNeedsApproval(c.held, c.counted); got != c.want {
			t.Errorf("held %d counted %d: %v", c.held, c.counted, got)
		}
	}
}

// A count that agrees changes nothing; a small difference adjusts the lot
// at once; a large one waits, freezes the lot, and needs a second member
// to approve (the counter cannot); a rejection leaves the books; every
// step replays the same (world.do applies each entry to a replay too).
func TestStockCount(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(warehouse, 1000)
	count := func(counted int64, reason string) *ledger.LotCounted {
		return &ledger.LotCounted{Lot: lot, Held: w.lot(lot).Held, Counted: counted, Reason: reason}
	}
	w.must(warehouse, ledger.TypeLotCounted, count(1000, ""))
	w.expect(lot, warehouse, 1000, 0)
	w.refuse(warehouse, ledger.TypeLotCounted, count(980, ""), ledger.EINVALID, "choose a reason")
	w.refuse(warehouse, ledger.TypeLotCounted, &ledger.LotCounted{Lot: lot, Held: 900, Counted: 890, Reason: ledger.CountReasonLost}, ledger.ECONFLICT, "count again")
	w.refuse(hospital, ledger.TypeLotCounted, count(980, ledger.CountReasonLost), ledger.EFORBIDDEN, "not held by your organisation")

	w.must(warehouse, ledger.TypeLotCounted, count(980, ledger.CountReasonDamaged)) // 20 of 1000: under 5% and 100
	w.expect(lot, warehouse, 980, 0)

	pending := w.n
	w.must(warehouse, ledger.TypeLotCounted, count(800, ledger.CountReasonLost)) // 180: above 100
	w.expect(lot, warehouse, 980, 0)
	if k := w.c().Counts[pending]; k == nil || k.Status != ledger.CountPending || k.Delta() != -180 {
		t.Fatalf("count %+v, want pending -180", k)
	}
	w.refuse(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: ledger.NewCode(), Quantity: 10}}}, ledger.ECONFLICT, "waiting for approval")
	w.refuse(warehouse, ledger.TypeLotCounted, count(800, ledger.CountReasonLost), ledger.ECONFLICT, "waiting for approval")
	review := &ledger.LotCountReviewed{Lot: lot, Count: pending, Approved: true}
	w.refuse(warehouse, ledger.TypeLotCountReviewed, review, ledger.EFORBIDDEN, "second member")
	w.user = 2
	w.refuse(hospital, ledger.TypeLotCountReviewed, review, ledger.EFORBIDDEN, "not held by your organisation")
	w.must(warehouse, ledger.TypeLotCountReviewed, review)
	w.expect(lot, warehouse, 800, 0)
	w.refuse(warehouse, ledger.TypeLotCountReviewed, review, ledger.ECONFLICT, "already reviewed")

	w.user = 1
	again := w.n
	w.must(warehouse, ledger.TypeLotCounted, count(1500, ledger.CountReasonFound))
	w.user = 3
	w.must(warehouse, ledger.TypeLotCountReviewed, &ledger.LotCountReviewed{Lot: lot, Count: again, Approved: false, Note: "recount: 800"})
	w.expect(lot, warehouse, 800, 0)
	if w.c().Counts[again].Status != ledger.CountRejected {
		t.Error("the rejected count is not marked rejected")
	}
	w.must(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: ledger.NewCode(), Quantity: 10}}})
}
