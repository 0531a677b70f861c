package sqlite_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// stockHeld is what the stock page's totals by item say org holds.
func stockHeld(t *testing.T, s *sqlite.Store, org int64) map[string]int64 {
	t.Helper()
	st, err := s.StockAt(context.Background(), org, sqlite.StockFrom{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, si := range st.Items {
		out[si.Item.ID] = si.Held
	}
	return out
}

// lotsHeld sums what org holds from every lot row, as the stock page did
// on each request before stock_held kept the sums.
func lotsHeld(t *testing.T, s *sqlite.Store, org int64) map[string]int64 {
	t.Helper()
	rows, err := s.DB().Query(`SELECT l.item, sum(l.held) FROM lots l LEFT JOIN lots p ON p.code = l.pack WHERE l.holder = ? AND l.held > 0
		AND l.item NOT IN ('', 'money') AND (l.pack = '' OR p.held > 0) GROUP BY l.item`, org)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var item string
		var held int64
		if err := rows.Scan(&item, &held); err != nil {
			t.Fatal(err)
		}
		out[item] = held
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameStockHeld checks every organisation's totals against the lot rows
// and, with replay, against a full replay of the log.
func sameStockHeld(t *testing.T, s *sqlite.Store, step string, orgs []int64, replay bool) {
	t.Helper()
	for _, org := range orgs {
		got := stockHeld(t, s, org)
		if want := lotsHeld(t, s, org); !maps.Equal(got, want) {
			t.Errorf("%s: org %d holds %v by its totals, %v by its lots", step, org, got, want)
		}
		if !replay {
			continue
		}
		want, err := s.ReplayedStockHeld(context.Background(), org)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s: org %d holds %v by its totals, %v by a replay", step, org, got, want)
		}
	}
}

// The totals by item follow every move of custody: splits and packs keep
// them, a pack in transit takes its contents out of the sender's stock
// and a receipt puts them in the receiver's, uses and write-offs lower
// them, a rejected shipment comes back, a pack lost on the way is held by
// nobody.
func TestStockHeldFollowsEveryMove(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	orgs := []int64{w.warehouse.Org, w.hospital.Org, w.otherHospital.Org, w.carrier.Org}
	step := func(what string, err error, wh, hosp, other int64) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for m, want := range map[ledger.Member]int64{w.warehouse: wh, w.hospital: hosp, w.otherHospital: other} {
			if got := stockHeld(t, s, m.Org)["mask-surgical"]; got != want {
				t.Errorf("after %s, org %d holds %d masks, want %d", what, m.Org, got, want)
			}
		}
		sameStockHeld(t, s, what, orgs, false)
	}
	lot := receive(t, s, w.warehouse, 1000)
	step("a receipt", nil, 1000, 0, 0)
	kids, err := s.SplitLot(ctx, w.warehouse, lot, []int64{600, 300}, sqlite.NewNonce())
	step("a split", err, 1000, 0, 0)
	pack, err := s.PackLots(ctx, w.warehouse, kids, "pallet 1", sqlite.NewNonce())
	step("packing", err, 1000, 0, 0)
	id, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Via: w.carrier.Org, Lines: []ledger.SentLot{{Lot: pack, Quantity: 1}}}, sqlite.NewNonce())
	step("dispatching the pack", err, 100, 0, 0)
	step("its pickup", s.ConfirmPickup(ctx, w.carrier, id), 100, 0, 0)
	step("its delivery", s.ConfirmDelivery(ctx, w.carrier, id), 100, 0, 0)
	err = s.ConfirmReceipt(ctx, w.hospital, id, []sqlite.ReceiptLine{{Lot: pack, Received: 1, Condition: ledger.ConditionGood}})
	step("its receipt", err, 100, 900, 0)
	step("unpacking", s.UnpackLot(ctx, w.hospital, pack), 100, 900, 0)
	_, err = s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: kids[0], Quantity: 50, Use: "ICU", Date: "2026-02-03"}, sqlite.NewNonce())
	step("a use", err, 100, 850, 0)
	_, err = s.WriteOffLot(ctx, w.warehouse, sqlite.FinalInput{Lot: lot, Quantity: 10, Cause: ledger.CauseDamage, Reason: "crushed"}, sqlite.NewNonce())
	step("a write-off", err, 90, 850, 0)
	rej, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.otherHospital.Org, Lines: []ledger.SentLot{{Lot: lot, Quantity: 40}}}, sqlite.NewNonce())
	step("a dispatch of part of a lot", err, 50, 850, 0)
	step("its rejection", s.RejectHandoff(ctx, w.otherHospital, rej, ledger.ReasonSubstandard, "no certificates"), 90, 850, 0)
	part, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.otherHospital.Org, Lines: []ledger.SentLot{{Lot: lot, Quantity: 40}}}, sqlite.NewNonce())
	step("a dispatch of part of a lot", err, 50, 850, 0)
	err = s.ConfirmReceipt(ctx, w.otherHospital, part, []sqlite.ReceiptLine{{Lot: lot, Received: 38, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing}})
	step("its short receipt", err, 50, 850, 38)
	box, err := s.PackLots(ctx, w.hospital, []string{kids[1]}, "box 2", sqlite.NewNonce())
	step("packing", err, 50, 850, 38)
	lost, err := s.Dispatch(ctx, w.hospital, sqlite.DispatchInput{To: w.otherHospital.Org, Lines: []ledger.SentLot{{Lot: box, Quantity: 1}}}, sqlite.NewNonce())
	step("dispatching the box", err, 50, 550, 38)
	err = s.ConfirmReceipt(ctx, w.otherHospital, lost, []sqlite.ReceiptLine{{Lot: box, Received: 0, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing}})
	step("the box lost on the way", err, 50, 550, 38)
	sameStockHeld(t, s, "the end", orgs, true)
}

// Over a simulated operation (every custody entry type) every
// organisation's totals equal its lot rows and a full replay, and the
// migration that brought stock_held fills it with the same sums.
func TestStockHeldEqualsTheLots(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 800, Actors: 8, Seed: 5, Cast: simulate.SmallCast}); err != nil {
		t.Fatal(err)
	}
	var orgs []int64
	rows, err := s.DB().Query(`SELECT id FROM orgs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, id)
	}
	rows.Close()
	var held int64
	if err := s.DB().QueryRow(`SELECT count(*) FROM stock_held WHERE held > 0`).Scan(&held); err != nil || held == 0 {
		t.Fatalf("no stock held after a simulated operation (%d rows, %v)", held, err)
	}
	sameStockHeld(t, s, "kept by the writer", orgs, true)

	// aidtrail admin check reports a drifted total, and -rebuild-figures
	// mends it.
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE stock_held SET held = held + 1 WHERE (org, item) IN (SELECT org, item FROM stock_held WHERE held > 0 LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err == nil || !strings.Contains(err.Error(), "stock_held") {
		t.Fatalf("a drifted stock total passed the check: %v", err)
	}
	if err := s.RebuildFigures(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(ctx); err != nil {
		t.Fatal(err)
	}
	sameStockHeld(t, s, "rebuilt", orgs, true)

	refill(t, s, "*_stock_held.sql", "stock_held")
	sameStockHeld(t, s, "filled by the migration", orgs, false)
}
