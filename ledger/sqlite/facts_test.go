package sqlite_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Trace pages describe their entries with what the store keeps in memory
// (lots' and shipments' facts, names, the tree's upper hashes). Through a
// custody cycle (split, dispatch, pickup, delivery, a short receipt, a use
// and its correction), each lot's and the pledge's trace read with what
// the earlier pages left in memory equals the same trace read with nothing
// kept: what is kept never changes once written. It fails if something
// that does change is kept (say a line's quantity received for the
// quantity sent: the shipment's facts are first read at dispatch).
func TestTraceFactsFollowTheLog(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	type trace struct {
		names  ledger.Names
		chain  []ledger.StoredEntry
		holder string
	}
	read := func(code string) trace {
		t.Helper()
		var tr trace
		var chain []*ledger.StoredEntry
		if p, pt, err := s.Trace(ctx, ledger.Member{}, code); err != nil {
			t.Fatal(err)
		} else if p != nil {
			tr.names, chain, tr.holder = p.Names, p.Chain, p.HolderName
		} else {
			tr.names, chain = pt.Names, pt.Chain
		}
		for _, e := range chain {
			tr.chain = append(tr.chain, ledger.StoredEntry{Index: e.Index, Leaf: e.Leaf, Verified: e.Verified})
		}
		return tr
	}
	var codes []string
	// step traces every code with what the previous step's traces left in
	// memory, then again with nothing kept (which fills the memory again).
	step := func(what string) {
		t.Helper()
		var kept []trace
		for _, code := range codes {
			kept = append(kept, read(code))
		}
		s.ForgetCaches()
		for i, code := range codes {
			fresh := read(code)
			if !reflect.DeepEqual(kept[i], fresh) {
				t.Fatalf("after %s, %s traced with what the store kept:\n%+v\nread afresh:\n%+v", what, code, kept[i], fresh)
			}
			for _, e := range fresh.chain {
				if !e.Verified {
					t.Fatalf("after %s, %s: entry %d not verified", what, code, e.Index)
				}
			}
		}
	}
	lot := receive(t, s, w.warehouse, 1000)
	codes = append(codes, lot, lotOf(t, s, lot).Pledge)
	step("the receipt")
	kids, err := s.SplitLot(ctx, w.warehouse, ledger.FormatCode(lot), []int64{600, 300}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, kids...)
	step("a split")
	id, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Via: w.carrier.Org,
		Lines: []ledger.SentLot{{Lot: kids[0], Quantity: 600}, {Lot: lot, Quantity: 40}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	step("the dispatch")
	if err := s.ConfirmPickup(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	step("the pickup")
	if err := s.ConfirmDelivery(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	step("the delivery")
	if err := s.ConfirmReceipt(ctx, w.hospital, id, []sqlite.ReceiptLine{
		{Lot: kids[0], Received: 590, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing, Note: "one carton short"},
		{Lot: lot, Received: 40, Condition: ledger.ConditionGood},
	}); err != nil {
		t.Fatal(err)
	}
	tr, err := s.TraceLot(ctx, lot)
	if err != nil {
		t.Fatal(err)
	}
	codes = append(codes, tr.Children[len(tr.Children)-1]) // the part received
	step("the short receipt")
	wrong, err := s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: kids[0], Quantity: 500, Use: "ICU", Date: "2026-02-03"}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	step("a use")
	if err := s.CorrectEntry(ctx, w.hospital, wrong, "typed 500 for 50", &sqlite.FinalInput{Quantity: 50, Use: "ICU", Date: "2026-02-03"}); err != nil {
		t.Fatal(err)
	}
	step("its correction")
	if kept := read(kids[0]); len(kept.names.Handoffs) != 1 || kept.names.Handoffs[id].Sent[kids[0]] != 600 || kept.holder != "Union Hospital" {
		t.Errorf("the lot shipped: %+v", kept)
	}
}

// TestTraceIsOneTransaction: /t/{code} reads a lot's page, or else a
// pledge's trace, in one read transaction (a pledge's code first misses
// the lots), and each is the page its own method reads.
func TestTraceIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	lot := receive(t, s, w.warehouse, 100)
	pledge := lotOf(t, s, lot).Pledge
	ran := sqlite.CountStatements(t)
	p, pt, err := s.Trace(ctx, w.warehouse, pledge)
	if n := ran()["BEGIN"]; err != nil || p != nil || pt == nil || n != 1 {
		t.Fatalf("the pledge's trace: %v, lot page %v, %d transactions", err, p != nil, n)
	}
	if want, err := s.TracePledge(ctx, pledge); err != nil || !reflect.DeepEqual(pt, want) {
		t.Errorf("the pledge's trace differs from TracePledge's (%v)", err)
	}
	ran()
	p, pt, err = s.Trace(ctx, w.warehouse, lot)
	if n := ran()["BEGIN"]; err != nil || p == nil || pt != nil || n != 1 {
		t.Fatalf("the lot's page: %v, pledge trace %v, %d transactions", err, pt != nil, n)
	}
	if want, err := s.LotPage(ctx, w.warehouse, lot); err != nil || !reflect.DeepEqual(p, want) {
		t.Errorf("the lot's page differs from LotPage's (%v)", err)
	}
	if _, _, err := s.Trace(ctx, w.warehouse, ledger.NewCode()); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("an unknown code: %v", err)
	}
}
