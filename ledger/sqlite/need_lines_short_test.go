package sqlite_test

import (
	"context"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestNeedLinesDeliveredEqualReplay: what each need line says was
// delivered against it (kept by triggers as lots and shipments are
// received) and its copy of the need's board place equal what a full
// replay derives, as the writer keeps them and as the migration fills
// them; and every figure of its progress the writer kept is what the
// migration's rule computes from the rows.
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
	// Every figure of every line, as kept: each is recomputed by the
	// migration's rule from the rows.
	progress := func() map[int64][4]int64 {
		rows, err := s.DB().QueryContext(ctx, `SELECT id, pledged, received, delivered, used FROM need_lines`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[int64][4]int64{}
		for rows.Next() {
			var id int64
			var p [4]int64
			if err := rows.Scan(&id, &p[0], &p[1], &p[2], &p[3]); err != nil {
				t.Fatal(err)
			}
			out[id] = p
		}
		return out
	}
	check("kept by the writer")
	kept := progress()
	if _, err := s.DB().Exec(`UPDATE need_lines SET pledged = 0, received = 0, delivered = 0, used = 0`); err != nil {
		t.Fatal(err)
	}
	refill(t, s, "*_need_lines_progress.sql")
	check("filled by the migration")
	filled := progress()
	var some [4]int
	for id, p := range filled {
		if kept[id] != p {
			t.Errorf("need line %d: the writer kept pledged, received, delivered, used %v, the rule says %v", id, kept[id], p)
		}
		for i := range p {
			if p[i] != 0 {
				some[i]++
			}
		}
	}
	if slices.Contains(some[:], 0) {
		t.Errorf("lines with each figure (pledged, received, delivered, used): %v; the test proves little", some)
	}
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

// sameAsTheRule fails unless every need line's progress, as the writer
// kept it, is what the rule (need_line_progress) computes from the rows.
func sameAsTheRule(t *testing.T, s *sqlite.Store) {
	t.Helper()
	var off int
	if err := s.DB().QueryRow(`SELECT count(*) FROM need_lines nl JOIN need_line_progress v ON v.id = nl.id
		WHERE (nl.pledged, nl.received, nl.delivered, nl.used) != (v.pledged, v.received, v.delivered, v.used)`).Scan(&off); err != nil || off != 0 {
		t.Errorf("%d need lines' progress is not the rule's (%v)", off, err)
	}
}
