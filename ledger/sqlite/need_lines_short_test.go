package sqlite_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/simulate"
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

// TestSimulatedNeedProgressIsTheRule: after a simulated operation (pledges
// made and cancelled, receipts, short receipts and rejections, uses and
// their corrections), every need line's four figures, kept row by row by
// the triggers' deltas, equal the rule recomputed from the rows, and what
// a full replay derives (pledged through the rules' state, received and
// delivered per line).
func TestSimulatedNeedProgressIsTheRule(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := simulate.Run(ctx, s, simulate.Options{Entries: 2500, Actors: 16, Seed: 7, Cast: simulate.SmallCast, Now: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	// The operation did what moves a line's figures, on pledged lots.
	for what, q := range map[string]string{
		"cancelled pledges against needs": `SELECT count(*) FROM pledges p WHERE p.status = 'cancelled'
			AND EXISTS (SELECT 1 FROM pledge_lines pl WHERE pl.pledge_id = p.id AND pl.need_line_id IS NOT NULL)`,
		"short receipts of pledged lots": `SELECT count(*) FROM handoffs h JOIN handoff_lines hl ON hl.handoff_id = h.id JOIN lots l ON l.code = hl.lot
			WHERE h.status = 'received' AND hl.received < hl.quantity AND l.pledge != ''`,
		"rejected shipments of pledged lots": `SELECT count(*) FROM handoffs h JOIN handoff_lines hl ON hl.handoff_id = h.id JOIN lots l ON l.code = hl.lot
			WHERE h.status = 'rejected' AND l.pledge != ''`,
		"corrected uses of pledged lots":  `SELECT count(*) FROM lot_finals f JOIN lots l ON l.code = f.lot WHERE f.type = 'lot.used' AND f.corrected_by != 0 AND l.pledge != ''`,
		"lines with every figure":         `SELECT count(*) FROM need_lines WHERE pledged > 0 AND received > 0 AND delivered > 0 AND used > 0`,
		"lines received short of pledged": `SELECT count(*) FROM need_lines WHERE received > delivered AND delivered > 0`,
	} {
		var n int
		if err := s.DB().QueryRow(q).Scan(&n); err != nil || n == 0 {
			t.Errorf("%s: %d (%v): the test proves little", what, n, err)
		}
	}
	sameAsTheRule(t, s)
	st := sqlitetest.Replay(t, s)
	sqlitetest.StateEqualsReplay(t, s, st) // pledged, per line
	delivered, err := s.ReplayedDelivered(ctx)
	if err != nil {
		t.Fatal(err)
	}
	received := ledger.ReplayedReceived(st)
	rows, err := s.DB().QueryContext(ctx, `SELECT need_id, line_no, received, delivered FROM need_lines`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := 0
	for rows.Next() {
		var r ledger.NeedLineRef
		var rec, del int64
		if err := rows.Scan(&r.Need, &r.Line, &rec, &del); err != nil {
			t.Fatal(err)
		}
		if rec != received[r] || del != delivered[r] {
			t.Errorf("need %d line %d: received %d, delivered %d kept; the replay says %d, %d", r.Need, r.Line, rec, del, received[r], delivered[r])
		}
		if rec != 0 {
			seen++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if seen != len(received) {
		t.Errorf("%d lines received to, the replay has %d", seen, len(received))
	}
	rowChangesKeepTheRule(t, s)
}

// rowChangesKeepTheRule changes rows in orders the store does not write
// them (a shipment received with its lines' quantities already set, a line
// written to a shipment already received, a cancelled pledge taken back, a
// correction undone) and fails unless each moves some line's figures and
// leaves every line as the rule computes it. It rolls back.
func rowChangesKeepTheRule(t *testing.T, s *sqlite.Store) {
	t.Helper()
	tx, err := s.DB().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// A received shipment of a pledged lot to the organisation of the lot's need.
	var shipment int64
	if err := tx.QueryRow(`SELECT h.id FROM handoffs h JOIN handoff_lines hl ON hl.handoff_id = h.id JOIN lots l ON l.code = hl.lot
		JOIN pledges p ON p.code = l.pledge JOIN needs n ON n.id = p.need_id
		WHERE h.status = 'received' AND hl.received > 0 AND n.org_id = h.to_org ORDER BY h.id LIMIT 1`).Scan(&shipment); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(shipment, 10)
	for _, step := range []struct{ what, q string }{
		{"a received shipment set back to delivered", `UPDATE handoffs SET status = 'delivered' WHERE id = ` + id},
		{"a shipment received with its lines' quantities set", `UPDATE handoffs SET status = 'received' WHERE id = ` + id},
		{"a line written to a received shipment", `INSERT INTO handoff_lines (handoff_id, line_no, lot, quantity, whole, received)
			SELECT handoff_id, line_no + 1000, lot, quantity, whole, received FROM handoff_lines
			WHERE handoff_id = ` + id + ` AND received > 0 ORDER BY line_no LIMIT 1`},
		{"a cancelled pledge taken back", `UPDATE pledges SET status = 'pledged' WHERE id = (SELECT p.id FROM pledges p
			WHERE p.status = 'cancelled' AND EXISTS (SELECT 1 FROM pledge_lines pl WHERE pl.pledge_id = p.id AND pl.need_line_id IS NOT NULL) LIMIT 1)`},
		{"a correction of a use undone", `UPDATE lot_finals SET corrected_by = 0 WHERE entry = (SELECT f.entry FROM lot_finals f JOIN lots l ON l.code = f.lot
			JOIN pledges p ON p.code = l.pledge WHERE f.type = 'lot.used' AND f.corrected_by != 0 AND p.need_id IS NOT NULL LIMIT 1)`},
	} {
		var before, after int64
		const total = `SELECT sum(pledged + received + delivered + used) FROM need_lines`
		if err := tx.QueryRow(total).Scan(&before); err != nil {
			t.Fatal(err)
		}
		res, err := tx.Exec(step.q)
		if err != nil {
			t.Fatalf("%s: %v", step.what, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("%s: %d rows (%v)", step.what, n, err)
		}
		var off int
		if err := tx.QueryRow(total).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if err := tx.QueryRow(`SELECT count(*) FROM need_lines nl JOIN need_line_progress v ON v.id = nl.id
			WHERE (nl.pledged, nl.received, nl.delivered, nl.used) != (v.pledged, v.received, v.delivered, v.used)`).Scan(&off); err != nil || off != 0 {
			t.Errorf("%s: %d need lines' progress is not the rule's (%v)", step.what, off, err)
		}
		if after == before {
			t.Errorf("%s moved no need line's figures: the step proves little", step.what)
		}
	}
}
