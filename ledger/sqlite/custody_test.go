package sqlite_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

type custodyWorld struct {
	s                            *sqlite.Store
	warehouse, hospital, carrier ledger.Member
	otherHospital, pendingHosp   ledger.Member
}

func newCustodyWorld(t *testing.T) *custodyWorld {
	s := sqlitetest.Open(t)
	return &custodyWorld{
		s:             s,
		warehouse:     sqlitetest.Org(t, s, ledger.OrgWarehouse, "Central Warehouse"),
		hospital:      sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Hospital"),
		carrier:       sqlitetest.Org(t, s, ledger.OrgLogistics, "Swift Logistics"),
		otherHospital: sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital"),
		pendingHosp:   sqlitetest.PendingOrg(t, s, ledger.OrgRecipient, "Unverified Clinic"),
	}
}

// receive has a donor pledge q surgical masks and m's organisation receive
// them as one lot, through the real pledge receipt.
func receive(t *testing.T, s *sqlite.Store, m ledger.Member, q int64) string {
	t.Helper()
	ctx := context.Background()
	r, err := s.MakePledge(ctx, sqlitetest.Donor(t, s), to(m, goods(0, "mask-surgical", q, 0)))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := s.ReceivePledge(ctx, m, ledger.FormatCode(r.Code), []sqlite.LotInput{{Item: "mask-surgical", Quantity: q, Batch: "20260201", Expiry: "2027-02-01", Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return codes[0]
}

// TestReceivePledge: who may receive a pledge, and what.
func TestReceivePledge(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	donor := sqlitetest.Donor(t, w.s)
	r, err := w.s.MakePledge(ctx, donor, to(w.warehouse, goods(0, "goggles", 200, 0)))
	if err != nil {
		t.Fatal(err)
	}
	goggles := []sqlite.LotInput{{Item: "goggles", Quantity: 150, Condition: ledger.ConditionGood}}
	_, err = w.s.ReceivePledge(ctx, w.carrier, r.Code, goggles, "", sqlite.NewNonce())
	wantCode(t, "receipt by a carrier", err, ledger.EFORBIDDEN)
	_, err = w.s.ReceivePledge(ctx, w.pendingHosp, r.Code, goggles, "", sqlite.NewNonce())
	wantCode(t, "receipt by an unverified clinic", err, ledger.EFORBIDDEN)
	_, err = w.s.ReceivePledge(ctx, w.warehouse, r.Code, []sqlite.LotInput{{Item: "blanket", Quantity: 1, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	wantCode(t, "an item not pledged", err, ledger.EINVALID)
	nonce := sqlite.NewNonce()
	if _, err := w.s.ReceivePledge(ctx, w.warehouse, r.Code, goggles, "", nonce); err != nil {
		t.Fatal(err)
	}
	_, err = w.s.ReceivePledge(ctx, w.warehouse, r.Code, goggles, "", nonce)
	wantCode(t, "the same receipt twice", err, ledger.ECONFLICT)
	p, err := w.s.PledgeByCode(ctx, r.Code)
	if err != nil || p.Status != ledger.PledgeStatusReceived {
		t.Fatalf("pledge after receipt: %+v, %v", p, err)
	}
	// A second delivery of the same pledge is a new receipt.
	if _, err := w.s.ReceivePledge(ctx, w.warehouse, r.Code, []sqlite.LotInput{{Item: "goggles", Quantity: 50, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	cancelled, err := w.s.MakePledge(ctx, donor, to(w.warehouse, goods(0, "goggles", 10, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.CancelPledge(ctx, donor, cancelled.Code, "changed plans"); err != nil {
		t.Fatal(err)
	}
	_, err = w.s.ReceivePledge(ctx, w.warehouse, cancelled.Code, goggles, "", sqlite.NewNonce())
	wantCode(t, "a cancelled pledge", err, ledger.ECONFLICT)
	checkReplay(t, w.s)
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if ledger.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

func lotOf(t *testing.T, s *sqlite.Store, code string) ledger.Lot {
	t.Helper()
	tr, err := s.TraceLot(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return tr.Lot
}

// TestCustodyFlow: receive, split, dispatch via a carrier, a receipt with
// a discrepancy, a use, a correction; each step checked, then the whole
// ledger replayed and compared with the rows.
func TestCustodyFlow(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	lot := receive(t, s, w.warehouse, 1000)
	kids, err := s.SplitLot(ctx, w.warehouse, ledger.FormatCode(lot), []int64{600, 300}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if l := lotOf(t, s, lot); l.Held != 100 {
		t.Errorf("parent holds %d after split, want 100", l.Held)
	}
	_, err = s.SplitLot(ctx, w.warehouse, lot, []int64{101}, sqlite.NewNonce())
	wantCode(t, "split more than held", err, ledger.ECONFLICT)
	_, err = s.SplitLot(ctx, w.hospital, lot, []int64{1}, sqlite.NewNonce())
	wantCode(t, "split by another organisation", err, ledger.EFORBIDDEN)

	id, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Via: w.carrier.Org,
		Lines: []ledger.SentLot{{Lot: kids[0], Quantity: 600}, {Lot: lot, Quantity: 40}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "receipt by the carrier", s.ConfirmReceipt(ctx, w.carrier, id, nil), ledger.EFORBIDDEN)
	wantCode(t, "pickup by the receiver", s.ConfirmPickup(ctx, w.hospital, id), ledger.EFORBIDDEN)
	wantCode(t, "pickup by another carrier's member", s.ConfirmPickup(ctx, w.otherHospital, id), ledger.EFORBIDDEN)
	if err := s.ConfirmPickup(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "pickup twice", s.ConfirmPickup(ctx, w.carrier, id), ledger.ECONFLICT)
	if err := s.ConfirmDelivery(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "receipt by another hospital", s.ConfirmReceipt(ctx, w.otherHospital, id, nil), ledger.EFORBIDDEN)
	lines := []sqlite.ReceiptLine{
		{Lot: kids[0], Received: 590, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing, Note: "one carton short"},
		{Lot: lot, Received: 40, Condition: ledger.ConditionGood},
	}
	if err := s.ConfirmReceipt(ctx, w.hospital, id, lines); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "receipt twice", s.ConfirmReceipt(ctx, w.hospital, id, lines), ledger.ECONFLICT)
	if l := lotOf(t, s, kids[0]); l.Holder != w.hospital.Org || l.Held != 590 {
		t.Errorf("whole lot after receipt: %+v", l)
	}
	tr, err := s.TraceLot(ctx, lot)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Children) != 3 {
		t.Fatalf("parent has children %v, want the two split lots and the received part", tr.Children)
	}
	part := tr.Children[2]
	if l := lotOf(t, s, part); l.Holder != w.hospital.Org || l.Held != 40 || l.Pledge != tr.Lot.Pledge {
		t.Errorf("received part: %+v", l)
	}

	// The hospital uses; a wrong quantity is corrected and re-issued.
	_, err = s.UseLot(ctx, w.warehouse, sqlite.FinalInput{Lot: kids[1], Quantity: 1, Use: "ward", Date: "2026-02-03"}, sqlite.NewNonce())
	wantCode(t, "use by a warehouse", err, ledger.EFORBIDDEN)
	wrong, err := s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: kids[0], Quantity: 500, Use: "ICU", Date: "2026-02-03"}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "correction by another organisation", s.CorrectEntry(ctx, w.otherHospital, wrong, "typo", nil), ledger.EFORBIDDEN)
	if err := s.CorrectEntry(ctx, w.hospital, wrong, "typed 500 for 50", &sqlite.FinalInput{Quantity: 50, Use: "ICU", Date: "2026-02-03"}); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "second correction", s.CorrectEntry(ctx, w.hospital, wrong, "again", nil), ledger.ECONFLICT)
	if l := lotOf(t, s, kids[0]); l.Held != 540 {
		t.Errorf("after correction the lot holds %d, want 540", l.Held)
	}
	tr, err = s.TraceLot(ctx, kids[0])
	if err != nil {
		t.Fatal(err)
	}
	if tr.Corrected[wrong] != wrong+1 {
		t.Error("the wrong entry is not shown as corrected in the lot's chain")
	}
	if _, err := s.WriteOffLot(ctx, w.warehouse, sqlite.FinalInput{Lot: kids[1], Quantity: 10, Cause: ledger.CauseDamage, Reason: "crushed by a forklift"}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	// A rejected shipment returns its quantity to the sender.
	rej, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.otherHospital.Org, Lines: []ledger.SentLot{{Lot: kids[1], Quantity: 290}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if l := lotOf(t, s, kids[1]); l.Held != 0 || l.InTransit != 290 || l.Holder != w.warehouse.Org {
		t.Errorf("in transit: %+v", l)
	}
	if err := s.RejectHandoff(ctx, w.otherHospital, rej, ledger.ReasonSubstandard, "no registration certificates"); err != nil {
		t.Fatal(err)
	}
	if l := lotOf(t, s, kids[1]); l.Held != 290 || l.InTransit != 0 {
		t.Errorf("after rejection: %+v", l)
	}
	// Packs move their contents.
	pack, err := s.PackLots(ctx, w.warehouse, []string{kids[1]}, "pallet 1", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Lines: []ledger.SentLot{{Lot: pack, Quantity: 1}}}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	checkReplay(t, s)
	checkChainsReachPledge(t, s)
}

// checkReplay re-derives custody from the ledger entries alone and
// compares every lot and the stock figures with the store's.
func checkReplay(t *testing.T, s *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	st := replay(t, s)
	sqlitetest.StateEqualsReplay(t, s, st)
	if err := s.CheckFigures(ctx); err != nil {
		t.Error(err)
	}
	c := ledger.CustodyOf(st)
	held := map[int64]map[string]int64{} // org -> item -> held, re-derived
	for code, want := range c.Lots {
		got := lotOf(t, s, code)
		if got.Holder != want.Holder || got.Held != want.Held || got.InTransit != want.InTransit || got.Pack != want.Pack || got.Pledge != want.Pledge {
			t.Errorf("lot %s: store %+v, replay %+v", code, got, *want)
		}
		if want.Pack == "" && !want.IsPack() && !want.IsMoney() && want.Held > 0 {
			if held[want.Holder] == nil {
				held[want.Holder] = map[string]int64{}
			}
			held[want.Holder][want.Item] += want.Held
		}
	}
	var orgs []int64
	s.DB().QueryRowContext(ctx, `SELECT count(*) FROM lots`).Scan(new(int))
	rows, _ := s.DB().QueryContext(ctx, `SELECT id FROM orgs WHERE id > 1`)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		orgs = append(orgs, id)
	}
	rows.Close()
	for _, org := range orgs {
		stock, err := s.Stock(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, it := range stock.Items {
			got[it.Item.ID] = it.Held
		}
		if len(got) != len(held[org]) {
			t.Errorf("org %d: stock page %v, replay %v", org, got, held[org])
		}
		for item, q := range held[org] {
			if got[item] != q {
				t.Errorf("org %d item %s: stock page %d, replay %d", org, item, got[item], q)
			}
		}
	}
}

// checkChainsReachPledge: every lot's chain starts with the entry that
// created it, which names its origin pledge or its parent lot, and
// following parents always ends at a lot.received naming the pledge.
func checkChainsReachPledge(t *testing.T, s *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	var codes []string
	rows, _ := s.DB().QueryContext(ctx, `SELECT code FROM lots WHERE item != ''`)
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	if len(codes) < 4 {
		t.Fatalf("only %d lots", len(codes))
	}
	for _, code := range codes {
		for cur, steps := code, 0; ; steps++ {
			tr, err := s.TraceLot(ctx, cur)
			if err != nil {
				t.Fatal(err)
			}
			first := tr.Chain[0]
			if first.Index != tr.Lot.Created {
				t.Fatalf("lot %s: chain starts at %d, created by %d", cur, first.Index, tr.Lot.Created)
			}
			if first.Entry.Type == ledger.TypeLotReceived {
				if !slices.Contains(first.Entry.Subjects, ledger.Subject(ledger.SubjectPledge, tr.Lot.Pledge)) {
					t.Errorf("lot %s: first entry does not name pledge %s", cur, tr.Lot.Pledge)
				}
				break
			}
			if tr.Lot.Parent == "" || !slices.Contains(first.Entry.Subjects, ledger.Subject(ledger.SubjectLot, tr.Lot.Parent)) || steps > 10 {
				t.Fatalf("lot %s: first entry %s does not link to a parent", cur, first.Entry.Type)
			}
			cur = tr.Lot.Parent
		}
	}
}

// TestConcurrentDoubleDispatch: two dispatches of the same whole lot at
// once; the single writer serialises them and exactly one succeeds.
func TestConcurrentDoubleDispatch(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	for round := 0; round < 5; round++ {
		lot := receive(t, w.s, w.warehouse, 100)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, to := range []int64{w.hospital.Org, w.otherHospital.Org} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = w.s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: to, Lines: []ledger.SentLot{{Lot: lot, Quantity: 100}}}, sqlite.NewNonce())
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if ledger.ErrorCode(err) != ledger.ECONFLICT {
				t.Errorf("losing dispatch: %v, want ECONFLICT", err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d dispatches succeeded (%v), want exactly 1", round, ok, errs)
		}
		if l := lotOf(t, w.s, lot); l.Held != 0 || l.InTransit != 100 {
			t.Errorf("lot after the race: %+v", l)
		}
	}
	checkReplay(t, w.s)
}

// TestFormNonce: the same dispatch form submitted twice is applied once.
func TestFormNonce(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	lot := receive(t, w.s, w.warehouse, 100)
	in := sqlite.DispatchInput{To: w.hospital.Org, Lines: []ledger.SentLot{{Lot: lot, Quantity: 10}}}
	nonce := sqlite.NewNonce()
	if _, err := w.s.Dispatch(ctx, w.warehouse, in, nonce); err != nil {
		t.Fatal(err)
	}
	_, err := w.s.Dispatch(ctx, w.warehouse, in, nonce)
	wantCode(t, "resubmitted form", err, ledger.ECONFLICT)
	_, err = w.s.Dispatch(ctx, w.warehouse, in, "")
	wantCode(t, "form without nonce", err, ledger.EINVALID)
	if l := lotOf(t, w.s, lot); l.Held != 90 {
		t.Errorf("lot holds %d, want 90 (one dispatch)", l.Held)
	}
	// A refused action does not use up its nonce.
	nonce = sqlite.NewNonce()
	in.Lines[0].Quantity = 1000
	_, err = w.s.Dispatch(ctx, w.warehouse, in, nonce)
	wantCode(t, "too much", err, ledger.ECONFLICT)
	in.Lines[0].Quantity = 5
	if _, err := w.s.Dispatch(ctx, w.warehouse, in, nonce); err != nil {
		t.Errorf("retry with the same nonce after a refusal: %v", err)
	}
}

// TestDispatchParties: only verified receivers and carriers.
func TestDispatchParties(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	lot := receive(t, w.s, w.warehouse, 100)
	for _, tc := range []struct {
		name    string
		m       ledger.Member
		to, via int64
		code    string
	}{
		{"to an unverified clinic", w.warehouse, w.pendingHosp.Org, 0, ledger.EINVALID},
		{"to a carrier", w.warehouse, w.carrier.Org, 0, ledger.EINVALID},
		{"via a hospital", w.warehouse, w.hospital.Org, w.otherHospital.Org, ledger.EINVALID},
		{"by the carrier", w.carrier, w.hospital.Org, 0, ledger.EFORBIDDEN},
		{"by an unverified clinic", w.pendingHosp, w.hospital.Org, 0, ledger.EFORBIDDEN},
		{"by a hospital not holding it", w.hospital, w.otherHospital.Org, 0, ledger.EFORBIDDEN},
		{"to no such org", w.warehouse, 999, 0, ledger.EINVALID},
	} {
		_, err := w.s.Dispatch(ctx, tc.m, sqlite.DispatchInput{To: tc.to, Via: tc.via, Lines: []ledger.SentLot{{Lot: lot, Quantity: 1}}}, sqlite.NewNonce())
		wantCode(t, tc.name, err, tc.code)
	}
	_, err := w.s.Dispatch(ctx, ledger.Member{}, sqlite.DispatchInput{To: w.hospital.Org, Lines: []ledger.SentLot{{Lot: lot, Quantity: 1}}}, sqlite.NewNonce())
	wantCode(t, "signed out", err, ledger.EUNAUTHORIZED)
}

// TestNeedProgress: custody feeds the need progress figures: lots trace
// to pledges, pledges to need lines; received at the warehouse, delivered
// to the hospital that published the need, used there (a corrected use
// counts as corrected). The stock page offers the need.
func TestNeedProgress(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	need := publishNeed(t, w.s, w.hospital, line("mask-surgical", 5000, ledger.UrgencyHigh))
	donor := sqlitetest.Donor(t, w.s)
	r, err := w.s.MakePledge(ctx, donor, to(w.warehouse, goods(need, "mask-surgical", 3000, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// A pledge made and cancelled counts for nothing.
	c, err := w.s.MakePledge(ctx, donor, to(w.warehouse, goods(need, "mask-surgical", 500, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.CancelPledge(ctx, donor, c.Code, "sent elsewhere"); err != nil {
		t.Fatal(err)
	}
	sameAsTheRule(t, w.s)
	stock, err := w.s.Stock(ctx, w.warehouse.Org)
	if err != nil {
		t.Fatal(err)
	}
	if len(stock.Items) != 0 {
		t.Fatalf("stock before receipt: %+v", stock.Items)
	}
	lots, err := w.s.ReceivePledge(ctx, w.warehouse, r.Code, []sqlite.LotInput{{Item: "mask-surgical", Quantity: 2800, Condition: ledger.ConditionGood}}, "", sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if stock, err = w.s.Stock(ctx, w.warehouse.Org); err != nil {
		t.Fatal(err)
	}
	if len(stock.Items) != 1 || len(stock.Items[0].Needs) != 1 || stock.Items[0].Needs[0].Org != w.hospital.Org || stock.Items[0].Needs[0].Remaining != 5000 {
		t.Fatalf("stock page does not offer the need: %+v", stock.Items)
	}
	id, err := w.s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Lines: []ledger.SentLot{{Lot: lots[0], Quantity: 2000}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.ConfirmReceipt(ctx, w.hospital, id, []sqlite.ReceiptLine{{Lot: lots[0], Received: 1990, Condition: ledger.ConditionGood, Reason: ledger.ReasonDamaged}}); err != nil {
		t.Fatal(err)
	}
	tr, err := w.s.TraceLot(ctx, lots[0])
	if err != nil {
		t.Fatal(err)
	}
	part := tr.Children[0]
	wrong, err := w.s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: part, Quantity: 900, Use: "fever clinic", Date: "2026-02-04"}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.s.CorrectEntry(ctx, w.hospital, wrong, "typed 900 for 90", &sqlite.FinalInput{Quantity: 90}); err != nil {
		t.Fatal(err)
	}
	sameAsTheRule(t, w.s)
	prog, err := w.s.NeedProgress(ctx, need)
	if err != nil {
		t.Fatal(err)
	}
	var got ledger.Progress
	for _, p := range prog {
		got.Add(p)
	}
	if want := (ledger.Progress{Pledged: 3000, Received: 2800, Delivered: 1990, Used: 90}); got != want {
		t.Errorf("need progress %+v, want %+v", got, want)
	}
	if stock, err = w.s.Stock(ctx, w.warehouse.Org); err != nil {
		t.Fatal(err)
	}
	if n := stock.Items[0].Needs; len(n) != 1 || n[0].Remaining != 5000-1990 {
		t.Errorf("need still short by %+v, want 3010", n)
	}
	// The corrective use copies the department and date of the wrong one.
	tr, err = w.s.TraceLot(ctx, part)
	if err != nil {
		t.Fatal(err)
	}
	last := tr.Chain[len(tr.Chain)-1]
	if b, err := last.Entry.DecodeBody(); err != nil || b.(*ledger.LotUsed).Use != "fever clinic" || b.(*ledger.LotUsed).Quantity != 90 {
		t.Errorf("corrective entry %s: %+v %v", last.Entry.Type, b, err)
	}
	checkReplay(t, w.s)
}

// Custody's catalogue is cached by the writer: an item added later is
// known to the next write, one added by a write that was rolled back is not.
func TestCustodyCatalogueFollowsItems(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	before, err := s.CustodyItems(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Once read, the catalogue is neither read nor counted again.
	count := sqlite.CountStatements(t)
	if _, err := s.CustodyItems(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for q, n := range count() {
		if strings.Contains(q, "FROM items") {
			t.Errorf("a custody write ran %q %d times with the catalogue unchanged", q, n)
		}
	}
	visor := ledger.Item{ID: "visor-test", NameEN: "Visor", NameZH: "面罩", Unit: "piece", Category: "ppe"}
	inside, err := s.CustodyItems(ctx, &visor)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(inside, visor.ID) {
		t.Errorf("the write that added %s does not see it", visor.ID)
	}
	after, err := s.CustodyItems(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(after, before) {
		t.Errorf("after a rolled-back item: %d items, want %d", len(after), len(before))
	}
	visor.ID = "visor-kept"
	if err := s.AddItem(ctx, sqlite.PlatformActor, visor); err != nil {
		t.Fatal(err)
	}
	after, err = s.CustodyItems(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(after, visor.ID) || len(after) != len(before)+1 {
		t.Errorf("after adding %s: %v", visor.ID, after)
	}
}

// A custody write writes back only the rows it changed: a pickup changes
// the shipment's status and none of its lots or lines, and a loose lot's
// load looks for no pack contents; the receipt then writes its lots.
func TestCustodyWritesOnlyChangedRows(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	lot := receive(t, s, w.warehouse, 1000)
	kids, err := s.SplitLot(ctx, w.warehouse, lot, []int64{600, 300}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Via: w.carrier.Org,
		Lines: []ledger.SentLot{{Lot: kids[0], Quantity: 600}, {Lot: lot, Quantity: 40}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	count := sqlite.CountStatements(t)
	ran := func() map[string]int {
		out := map[string]int{}
		for q, n := range count() {
			for _, what := range []string{"INSERT INTO lots ", "INSERT INTO handoffs ", "INSERT INTO handoff_lines ", "FROM lots WHERE pack = ?"} {
				if strings.Contains(q, what) {
					out[what] += n
				}
			}
		}
		return out
	}
	if err := s.ConfirmPickup(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	if got := ran(); got["INSERT INTO lots "] != 0 || got["INSERT INTO handoff_lines "] != 0 || got["INSERT INTO handoffs "] != 1 || got["FROM lots WHERE pack = ?"] != 0 {
		t.Errorf("a pickup ran %v, want only the shipment's row written", got)
	}
	if err := s.ConfirmDelivery(ctx, w.carrier, id); err != nil {
		t.Fatal(err)
	}
	count()
	if err := s.ConfirmReceipt(ctx, w.hospital, id, []sqlite.ReceiptLine{{Lot: kids[0], Received: 600, Condition: ledger.ConditionGood},
		{Lot: lot, Received: 38, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing}}); err != nil {
		t.Fatal(err)
	}
	if got := ran(); got["INSERT INTO lots "] == 0 || got["INSERT INTO handoff_lines "] != 2 {
		t.Errorf("the receipt ran %v, want its lots and both lines written", got)
	}
	checkReplay(t, s)
}

// A new lot's code was just checked to have no entries: the entry that
// creates it links to no earlier one without asking the database.
func TestNewCodesNeedNoChainLookup(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	lot := receive(t, w.s, w.warehouse, 100)
	count := sqlite.CountStatements(t)
	if _, err := w.s.SplitLot(ctx, w.warehouse, lot, []int64{60, 30}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	if n := count()[`SELECT max(idx) FROM entry_subjects WHERE subject = ?`]; n != 0 {
		t.Errorf("a split into two new lots looked up %d chains, want none", n)
	}
	if err := w.s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	checkReplay(t, w.s)
}
