package sqlite_test

import (
	"context"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestNeedLinesDeliveredEqualReplay: what each need line says was
// delivered against it (kept by triggers as lots and shipments are
// received) and its copy of the need's board place equal what a full
// replay derives, as the writer keeps them and as the migration fills them.
func TestNeedLinesDeliveredEqualReplay(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		want, err := s.ReplayedDelivered(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.DB().QueryContext(ctx, `SELECT need_id, line_no, delivered FROM need_lines WHERE delivered != 0`)
		if err != nil {
			t.Fatal(err)
		}
		got := map[ledger.NeedLineRef]int64{}
		for rows.Next() {
			var r ledger.NeedLineRef
			var d int64
			if err := rows.Scan(&r.Need, &r.Line, &d); err != nil {
				t.Fatal(err)
			}
			got[r] = d
		}
		rows.Close()
		for r, d := range want {
			if d != 0 && got[r] != d {
				t.Errorf("%s: need %d line %d: %d delivered, the replay says %d", when, r.Need, r.Line, got[r], d)
			}
		}
		for r, d := range got {
			if want[r] != d {
				t.Errorf("%s: need %d line %d: %d delivered, the replay says %d", when, r.Need, r.Line, d, want[r])
			}
		}
		if len(got) < 3 {
			t.Errorf("%s: only %d need lines delivered to: the test proves little", when, len(got))
		}
		var off int
		if err := s.DB().QueryRow(`SELECT count(*) FROM need_lines nl JOIN needs n ON n.id = nl.need_id
			WHERE nl.published != (n.status = 'published') OR nl.board_rank != n.board_rank OR nl.board_deadline != n.board_deadline`).Scan(&off); err != nil || off != 0 {
			t.Errorf("%s: %d need lines out of their need's board place (%v)", when, off, err)
		}
	}
	check("kept by the writer")
	if _, err := s.DB().Exec(`UPDATE need_lines SET delivered = 0, published = 0, board_rank = 3, board_deadline = ''`); err != nil {
		t.Fatal(err)
	}
	refill(t, s, "*_need_lines_short.sql")
	check("filled by the migration")
}

// TestStockOffersNeedsBehindMetOnes: the stock page offers a need still
// short even when more met needs of the item than any fixed walk would
// read stand before it on the board (met needs stay published).
func TestStockOffersNeedsBehindMetOnes(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	donor := sqlitetest.Donor(t, w.s)
	const met = 55
	for range met {
		need := publishNeed(t, w.s, w.hospital, line("goggles", 2, ledger.UrgencyCritical))
		r, err := w.s.MakePledge(ctx, donor, to(w.hospital, goods(need, "goggles", 2, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.ReceivePledge(ctx, w.hospital, r.Code, []sqlite.LotInput{{Item: "goggles", Quantity: 2, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce()); err != nil {
			t.Fatal(err)
		}
	}
	short := publishNeed(t, w.s, w.otherHospital, line("goggles", 40, ledger.UrgencyNormal))
	receive := func() {
		r, err := w.s.MakePledge(ctx, donor, to(w.warehouse, goods(0, "goggles", 30, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.ReceivePledge(ctx, w.warehouse, r.Code, []sqlite.LotInput{{Item: "goggles", Quantity: 30, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce()); err != nil {
			t.Fatal(err)
		}
	}
	receive()
	stock, err := w.s.Stock(ctx, w.warehouse.Org)
	if err != nil {
		t.Fatal(err)
	}
	if len(stock.Items) != 1 || len(stock.Items[0].Needs) != 1 || stock.Items[0].Needs[0].Need != short || stock.Items[0].Needs[0].Remaining != 40 {
		t.Fatalf("the stock offers %+v, want only need %d short by 40 (behind %d met ones)", stock.Items, short, met)
	}
	var walk int
	if err := w.s.DB().QueryRow(`SELECT count(*) FROM need_lines INDEXED BY need_lines_short
		WHERE item_id = 'goggles' AND published = 1 AND removed = 0 AND delivered < quantity`).Scan(&walk); err != nil || walk != 1 {
		t.Errorf("the walk of goggles' lines still short reads %d lines, want 1 (%v)", walk, err)
	}
	checkReplay(t, w.s)
}
