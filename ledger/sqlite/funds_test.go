package sqlite_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// moneyPledge makes a general pledge of money to warehouse wh.
func moneyPledge(t *testing.T, s *sqlite.Store, wh ledger.Member, currency string, amount int64) string {
	t.Helper()
	r, err := s.MakePledge(context.Background(), sqlitetest.Donor(t, s), sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: currency,
		AmountMinor: amount, Handover: ledger.HandoverTransfer, Due: inDays(3), DeliverTo: wh.Org})
	if err != nil {
		t.Fatal(err)
	}
	return r.Code
}

func receiveMoney(t *testing.T, s *sqlite.Store, m ledger.Member, pledge string, amount int64) string {
	t.Helper()
	lot, err := s.ReceiveMoney(context.Background(), m, sqlite.MoneyReceiptInput{Pledge: pledge, AmountMinor: amount, Date: pastDate(), Reference: "TRX-" + pledge}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	return lot
}

func pastDate() string { return inDays(-1) }

var invoice = &sqlite.File{Name: "invoice-2026-017.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 invoice 2026-017: 10,000 N95 masks")}

func maskPurchase(lines []ledger.SentLot, qty int64) sqlite.SpendInput {
	return sqlite.SpendInput{Category: ledger.SpendSupplies, Lines: lines, Supplier: "Wuhan Medical Supplies Co.", Invoice: invoice, InvoicePublic: true,
		Date: pastDate(), Bought: []sqlite.LotInput{{Item: "mask-medical-protective", Quantity: qty, Batch: "M2026", Expiry: "2029-01-31"}}}
}

// TestMoneyFlow follows two donations to the central charity: receipts
// (one short of its pledge), a disbursement to a hospital, a purchase of
// masks drawing on both donors, a bank fee, the masks delivered and used,
// and the hospital's own purchase; each refusal is checked on the way, and
// at the end the balances and each donor's trace are compared with what
// the ledger alone implies.
func TestMoneyFlow(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	pa, pb := moneyPledge(t, s, w.warehouse, "CNY", 100000), moneyPledge(t, s, w.warehouse, "CNY", 50000)

	in := sqlite.MoneyReceiptInput{Pledge: pa, AmountMinor: 90000, Date: pastDate(), Reference: "BOC 2026-0201-7781 RELIEF"}
	for _, tc := range []struct {
		name string
		m    ledger.Member
		edit func(*sqlite.MoneyReceiptInput)
		code string
	}{
		{"by a carrier", w.carrier, nil, ledger.EFORBIDDEN},
		{"by an unverified clinic", w.pendingHosp, nil, ledger.EFORBIDDEN},
		{"signed out", ledger.Member{}, nil, ledger.EUNAUTHORIZED},
		{"a goods pledge", w.warehouse, func(i *sqlite.MoneyReceiptInput) {
			r, _ := s.MakePledge(ctx, sqlitetest.Donor(t, s), to(w.warehouse, goods(0, "goggles", 5, 0)))
			i.Pledge = r.Code
		}, ledger.EINVALID},
		{"no such pledge", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.Pledge = ledger.NewCode() }, ledger.ENOTFOUND},
		{"dated the day after tomorrow", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.Date = inDays(2) }, ledger.EINVALID},
		{"dated 0001-01-01", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.Date = "0001-01-01" }, ledger.EINVALID},
		{"dated 9999-12-31", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.Date = "9999-12-31" }, ledger.EINVALID},
		{"by a hospital it is not delivered to", w.hospital, nil, ledger.EFORBIDDEN},
		{"more than pledged, unstated", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.AmountMinor = 100001 }, ledger.ECONFLICT},
		{"no bank reference", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.Reference = " " }, ledger.EINVALID},
		{"nothing", w.warehouse, func(i *sqlite.MoneyReceiptInput) { i.AmountMinor = 0 }, ledger.EINVALID},
	} {
		x := in
		if tc.edit != nil {
			tc.edit(&x)
		}
		_, err := s.ReceiveMoney(ctx, tc.m, x, sqlite.NewNonce())
		wantCode(t, "receipt "+tc.name, err, tc.code)
	}
	nonce := sqlite.NewNonce()
	a, err := s.ReceiveMoney(ctx, w.warehouse, in, nonce)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ReceiveMoney(ctx, w.warehouse, in, nonce)
	wantCode(t, "the same form twice", err, ledger.ECONFLICT)
	_, err = s.ReceiveMoney(ctx, w.warehouse, in, sqlite.NewNonce())
	wantCode(t, "a second receipt", err, ledger.ECONFLICT)
	b := receiveMoney(t, s, w.warehouse, pb, 50000)

	// The bank reference stays private: only its hash is in the ledger.
	// (Searched as a whole: a short part such as its last digits can
	// occur by chance in a hash or code.)
	var n int
	s.DB().QueryRowContext(ctx, `SELECT count(*) FROM entries WHERE instr(data, ?) > 0 OR instr(data, ?) > 0`,
		[]byte("0201-7781"), []byte("RELIEF")).Scan(&n)
	if n != 0 {
		t.Error("the bank reference is in the ledger")
	}

	// Disbursement: a handoff of money, confirmed by the receiver.
	send := func(m ledger.Member, to, via int64, q int64) (int64, error) {
		return s.Dispatch(ctx, m, sqlite.DispatchInput{To: to, Via: via, Lines: []ledger.SentLot{{Lot: a, Quantity: q}}}, sqlite.NewNonce())
	}
	_, err = send(w.warehouse, w.hospital.Org, 0, 90001)
	wantCode(t, "disburse more than held", err, ledger.ECONFLICT)
	_, err = send(w.warehouse, w.hospital.Org, w.carrier.Org, 100)
	wantCode(t, "money via a carrier", err, ledger.EINVALID)
	_, err = send(w.hospital, w.otherHospital.Org, 0, 100)
	wantCode(t, "disburse another's money", err, ledger.EFORBIDDEN)
	_, err = send(w.warehouse, w.pendingHosp.Org, 0, 100)
	wantCode(t, "disburse to an unverified clinic", err, ledger.EINVALID)
	id, err := send(w.warehouse, w.hospital.Org, 0, 30000)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "confirmed by another hospital", s.ConfirmReceipt(ctx, w.otherHospital, id, []sqlite.ReceiptLine{{Lot: a, Received: 30000, Condition: ledger.ConditionGood}}), ledger.EFORBIDDEN)
	if err := s.ConfirmReceipt(ctx, w.hospital, id, []sqlite.ReceiptLine{{Lot: a, Received: 30000, Condition: ledger.ConditionGood}}); err != nil {
		t.Fatal(err)
	}
	desk, err := s.MoneyDesk(ctx, w.hospital)
	if err != nil {
		t.Fatal(err)
	}
	if len(desk.Lots) != 1 || desk.Lots[0].Held != 30000 || desk.Lots[0].Pledge != pa {
		t.Fatalf("hospital's money lots %+v", desk.Lots)
	}
	hospLot := desk.Lots[0].Code

	// The purchase draws on both donations; nobody spends more than held.
	_, _, err = s.Spend(ctx, w.warehouse, maskPurchase([]ledger.SentLot{{Lot: a, Quantity: 60001}}, 10), sqlite.NewNonce())
	wantCode(t, "spend more than held", err, ledger.ECONFLICT)
	_, _, err = s.Spend(ctx, w.hospital, maskPurchase([]ledger.SentLot{{Lot: b, Quantity: 1}}, 10), sqlite.NewNonce())
	wantCode(t, "spend another's money", err, ledger.EFORBIDDEN)
	_, _, err = s.Spend(ctx, w.carrier, maskPurchase([]ledger.SentLot{{Lot: b, Quantity: 1}}, 10), sqlite.NewNonce())
	wantCode(t, "spend as a carrier", err, ledger.EFORBIDDEN)
	noInvoice := maskPurchase([]ledger.SentLot{{Lot: b, Quantity: 1}}, 10)
	noInvoice.Invoice = nil
	_, _, err = s.Spend(ctx, w.warehouse, noInvoice, sqlite.NewNonce())
	wantCode(t, "a purchase without invoice", err, ledger.EINVALID)
	_, err = s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: hospLot, Quantity: 1, Use: "ward", Date: pastDate()}, sqlite.NewNonce())
	wantCode(t, "money used like goods", err, ledger.EINVALID)

	buy, bought, err := s.Spend(ctx, w.warehouse, maskPurchase([]ledger.SentLot{{Lot: a, Quantity: 25000}, {Lot: b, Quantity: 50000}}, 10000), sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Spend(ctx, w.warehouse, sqlite.SpendInput{Category: ledger.SpendBankFee, Lines: []ledger.SentLot{{Lot: a, Quantity: 150}},
		Supplier: "Bank of China", Purpose: "transfer fee", Date: pastDate()}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	// A refused transfer returns to the sender; a short one is a public discrepancy.
	back, err := s.Disburse(ctx, w.warehouse, sqlite.DisburseInput{Lot: a, Amount: "1.00", To: w.otherHospital.Org}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RejectHandoff(ctx, w.otherHospital, back, ledger.ReasonOther, "not expected"); err != nil {
		t.Fatal(err)
	}
	short, err := s.Disburse(ctx, w.warehouse, sqlite.DisburseInput{Lot: a, Amount: "2.00", To: w.otherHospital.Org}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, "a shortfall without reason", s.ConfirmTransfer(ctx, w.otherHospital, short, a, "1.50", "", ""), ledger.EINVALID)
	if err := s.ConfirmTransfer(ctx, w.otherHospital, short, a, "1.50", ledger.ReasonMissing, "bank charge"); err != nil {
		t.Fatal(err)
	}
	f, err := s.FileBySHA256(ctx, sha256Hex(invoice.Data))
	if err != nil || !f.Public || f.Org != w.warehouse.Org {
		t.Errorf("invoice file: %+v, %v", f, err)
	}
	// The masks bought move through the normal custody flow.
	hid, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: w.hospital.Org, Via: w.carrier.Org, Lines: []ledger.SentLot{{Lot: bought[0], Quantity: 10000}}}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmPickup(ctx, w.carrier, hid); err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmDelivery(ctx, w.carrier, hid); err != nil {
		t.Fatal(err)
	}
	if err := s.ConfirmReceipt(ctx, w.hospital, hid, []sqlite.ReceiptLine{{Lot: bought[0], Received: 10000, Condition: ledger.ConditionGood}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLot(ctx, w.hospital, sqlite.FinalInput{Lot: bought[0], Quantity: 4000, Use: "ICU", Date: pastDate()}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	// The hospital buys gloves with the money passed to it, and splits the masks to another hospital.
	if _, _, err := s.Spend(ctx, w.hospital, sqlite.SpendInput{Category: ledger.SpendSupplies, Lines: []ledger.SentLot{{Lot: hospLot, Quantity: 12000}},
		Supplier: "Hubei Gloves Ltd.", Invoice: &sqlite.File{Name: "inv.jpg", Type: "image/jpeg", Data: []byte("gloves invoice")}, Date: pastDate(),
		Bought: []sqlite.LotInput{{Item: "gloves-exam", Quantity: 600}}}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Dispatch(ctx, w.hospital, sqlite.DispatchInput{To: w.otherHospital.Org, Lines: []ledger.SentLot{{Lot: bought[0], Quantity: 1000}}}, sqlite.NewNonce()); err != nil {
		t.Fatal(err)
	}

	// Balances: the figures expected, and the same as the ledger implies.
	st := replay(t, s)
	checkReplay(t, s)
	want := ledger.ReplayedBalances(st)
	report, err := s.Funds(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Balances) != len(want) {
		t.Fatalf("funds page has %d balances, the ledger %d", len(report.Balances), len(want))
	}
	for _, got := range report.Balances {
		if r := want.At(got.Org, got.Currency); fmt.Sprint(*r) != fmt.Sprint(*got) {
			t.Errorf("balance of %d: store %+v, ledger %+v", got.Org, *got, *r)
		}
	}
	wh := want.At(w.warehouse.Org, "CNY")
	if wh.Donated != 140000 || wh.Disbursed != 30200 || wh.Spent[ledger.SpendSupplies] != 75000 || wh.Spent[ledger.SpendBankFee] != 150 || wh.Held != 34650 {
		t.Errorf("warehouse %+v", *wh)
	}
	if h := want.At(w.hospital.Org, "CNY"); h.TransferredIn != 30000 || h.SpentTotal() != 12000 || h.Held != 18000 {
		t.Errorf("hospital %+v", *h)
	}
	if o := want.At(w.otherHospital.Org, "CNY"); o.TransferredIn != 150 || o.Held != 150 {
		t.Errorf("other hospital %+v", *o)
	}

	// Each donor's trace: the receipt short of the pledge, the transfer,
	// the purchases with this donor's exact share, and where the goods are.
	ta, err := s.TraceMoney(ctx, pa)
	if err != nil {
		t.Fatal(err)
	}
	if ta.Receipt == nil || ta.Receipt.AmountMinor != 90000 || ta.Pledge.AmountMinor != 100000 || len(ta.Transfers) != 3 || len(ta.Spendings) != 3 {
		t.Fatalf("trace of A: receipt %+v, %d transfers, %d spendings", ta.Receipt, len(ta.Transfers), len(ta.Spendings))
	}
	tb, err := s.TraceMoney(ctx, pb)
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := ta.Spendings[0], tb.Spendings[0]
	if sa.Entry != buy || sb.Entry != buy || sa.Donors != 2 {
		t.Fatalf("the purchase: %d, %d, donors %d", sa.Entry, sb.Entry, sa.Donors)
	}
	if sa.Share.Amount != 25000 || sb.Share.Amount != 50000 || sa.Share.Quantities[0]+sb.Share.Quantities[0] != 10000 || sa.Share.Quantities[0] != 3333 {
		t.Errorf("shares: %+v, %+v", sa.Share, sb.Share)
	}
	used := false
	for _, p := range sa.Bought[0].Places {
		used = used || (p.Kind == ledger.PlaceUsed && p.Org == w.hospital.Org && p.Quantity == 4000)
	}
	if !used {
		t.Errorf("the trace does not end at the hospital that used the masks: %+v", sa.Bought[0].Places)
	}
	for _, p := range []string{pa, pb} {
		tr, err := s.TraceMoney(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := traceFacts(tr), replayedTraceFacts(st, p); !slices.Equal(got, want) {
			t.Errorf("trace of %s:\nstore  %v\nledger %v", p, got, want)
		}
	}
	_, err = s.TraceMoney(ctx, ledger.NewCode())
	wantCode(t, "trace of no pledge", err, ledger.ENOTFOUND)
}

// traceFacts lists a trace's figures as comparable lines.
func traceFacts(tr *ledger.MoneyTrace) []string {
	var out []string
	if tr.Receipt != nil {
		out = append(out, fmt.Sprintf("received %d by %d", tr.Receipt.AmountMinor, tr.Receipt.Org))
	}
	for _, sp := range tr.Spendings {
		out = append(out, fmt.Sprintf("spending %d by %d: %s %d of %d", sp.Entry, sp.Org, sp.Body.Category, sp.Share.Amount, sp.Body.Total()))
		for i, bl := range sp.Bought {
			out = append(out, fmt.Sprintf("  bought %s: %d of %d", bl.Code, sp.Share.Quantities[i], bl.Quantity))
			for _, p := range bl.Places {
				out = append(out, fmt.Sprintf("    %s %s %d %d", p.Kind, p.Lot, p.Org, p.Quantity))
			}
		}
	}
	slices.Sort(out)
	return out
}

// replayedTraceFacts derives the same lines from the replayed ledger alone.
func replayedTraceFacts(st *ledger.State, pledge string) []string {
	c := ledger.CustodyOf(st)
	var out []string
	for _, r := range ledger.ReplayedReceipts(st) {
		if r.Pledge == pledge {
			out = append(out, fmt.Sprintf("received %d by %d", r.AmountMinor, r.Org))
		}
	}
	origin := func(lot string) string { return c.Lots[lot].Pledge }
	for _, sp := range ledger.ReplayedSpendings(st) {
		for _, share := range ledger.PurchaseShares(&sp.MoneySpent, origin) {
			if share.Pledge != pledge {
				continue
			}
			out = append(out, fmt.Sprintf("spending %d by %d: %s %d of %d", sp.Index, sp.Org, sp.Category, share.Amount, sp.Total()))
			for i, nl := range sp.Bought {
				out = append(out, fmt.Sprintf("  bought %s: %d of %d", nl.Code, share.Quantities[i], nl.Quantity))
				for _, code := range family(c, nl.Code) {
					l := c.Lots[code]
					if l.Held > 0 {
						out = append(out, fmt.Sprintf("    %s %s %d %d", ledger.PlaceHeld, code, l.Holder, l.Held))
					}
					if l.InTransit > 0 {
						out = append(out, fmt.Sprintf("    %s %s %d %d", ledger.PlaceInTransit, code, l.Holder, l.InTransit))
					}
					usedBy := map[int64]int64{}
					for _, f := range c.Finals {
						if f.Lot == code && f.Type == ledger.TypeLotUsed && f.CorrectedBy == 0 {
							usedBy[f.Org] += f.Quantity
						}
					}
					for org, q := range usedBy {
						out = append(out, fmt.Sprintf("    %s %s %d %d", ledger.PlaceUsed, code, org, q))
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// family returns code and every lot descended from it.
func family(c *ledger.Custody, code string) []string {
	out := []string{code}
	for k, l := range c.Lots {
		if l.Parent == code {
			out = append(out, family(c, k)...)
		}
	}
	return out
}

// TestMoneyConservationRandom: random disbursements and spendings by the
// organisations holding money; whatever is refused, no balance goes below
// zero and the store's balances always equal the ledger's.
func TestMoneyConservationRandom(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	orgs := []ledger.Member{w.warehouse, w.hospital, w.otherHospital}
	for i := range 3 {
		p := moneyPledge(t, s, w.warehouse, "CNY", 10000)
		if i > 0 {
			if err := s.HandOnPledge(ctx, w.warehouse, p, orgs[i].Org, "closer to the hospital"); err != nil {
				t.Fatal(err)
			}
		}
		receiveMoney(t, s, orgs[i], p, int64(5000+i*1000))
	}
	seed := uint64(7)
	next := func(n int64) int64 { seed = seed*6364136223846793005 + 1442695040888963407; return int64(seed>>33) % n }
	refused := 0
	for range 40 {
		m := orgs[next(3)]
		desk, err := s.MoneyDesk(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(desk.Lots) == 0 {
			continue
		}
		l := desk.Lots[next(int64(len(desk.Lots)))]
		q := 1 + next(l.Held+l.Held/4+1) // sometimes more than held
		if next(2) == 0 {
			to := orgs[next(3)]
			id, err := s.Dispatch(ctx, m, sqlite.DispatchInput{To: to.Org, Lines: []ledger.SentLot{{Lot: l.Code, Quantity: q}}}, sqlite.NewNonce())
			if err != nil {
				refused++
				continue
			}
			if err := s.ConfirmReceipt(ctx, to, id, []sqlite.ReceiptLine{{Lot: l.Code, Received: q, Condition: ledger.ConditionGood}}); err != nil {
				t.Fatal(err)
			}
		} else if _, _, err := s.Spend(ctx, m, sqlite.SpendInput{Category: ledger.SpendTransport, Lines: []ledger.SentLot{{Lot: l.Code, Quantity: q}},
			Purpose: "truck hire", Date: pastDate()}, sqlite.NewNonce()); err != nil {
			if q <= l.Held {
				t.Fatalf("spending %d of %d refused: %v", q, l.Held, err)
			}
			refused++
		}
	}
	if refused == 0 {
		t.Error("no step asked for more than was held; the test proves nothing")
	}
	want := ledger.ReplayedBalances(replay(t, s))
	var total int64
	for _, m := range orgs {
		desk, err := s.MoneyDesk(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range desk.Balances {
			if r := want.At(got.Org, got.Currency); fmt.Sprint(*r) != fmt.Sprint(*got) || got.Held < 0 {
				t.Errorf("balance of %d: store %+v, ledger %+v", got.Org, *got, *r)
			}
			total += got.Held + got.SpentTotal()
		}
	}
	if total != 5000+6000+7000 {
		t.Errorf("held + spent = %d, want all that was received (18000)", total)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TestConcurrentSpend: two spendings of most of one money lot at once; the
// single writer serialises them and exactly one succeeds.
func TestConcurrentSpend(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	lot := receiveMoney(t, w.s, w.warehouse, moneyPledge(t, w.s, w.warehouse, "CNY", 10000), 10000)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, errs[i] = w.s.Spend(ctx, w.warehouse, sqlite.SpendInput{Category: ledger.SpendStorage, Lines: []ledger.SentLot{{Lot: lot, Quantity: 6000}},
				Purpose: "cold store rent", Date: pastDate()}, sqlite.NewNonce())
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("both or neither spending succeeded: %v", errs)
	}
	for _, err := range errs {
		if err != nil && ledger.ErrorCode(err) != ledger.ECONFLICT {
			t.Errorf("losing spending: %v, want ECONFLICT", err)
		}
	}
	if l := lotOf(t, w.s, lot); l.Held != 4000 {
		t.Errorf("lot holds %d, want 4000", l.Held)
	}
}

// TestFundsDrawsTheLargestTransfers: the funds chart draws only the
// largest transfers between the page's organisations (most pairs of 50
// have passed money on in a large operation) and says how many there are.
func TestFundsDrawsTheLargestTransfers(t *testing.T) {
	ctx := context.Background()
	w := newCustodyWorld(t)
	s := w.s
	sqlite.SetFundsChartTransfers(t, 2)
	lot := receiveMoney(t, s, w.warehouse, moneyPledge(t, s, w.warehouse, "CNY", 100000), 100000)
	third := sqlitetest.Org(t, s, ledger.OrgRecipient, "Tongji Hospital")
	for _, tr := range []struct {
		to     ledger.Member
		amount int64
	}{{w.hospital, 3000}, {w.otherHospital, 500}, {third, 7000}} {
		id, err := s.Dispatch(ctx, w.warehouse, sqlite.DispatchInput{To: tr.to.Org, Lines: []ledger.SentLot{{Lot: lot, Quantity: tr.amount}}}, sqlite.NewNonce())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.ConfirmReceipt(ctx, tr.to, id, []sqlite.ReceiptLine{{Lot: lot, Received: tr.amount, Condition: ledger.ConditionGood}}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.Funds(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var drawn []int64
	for _, tr := range r.Transfers {
		drawn = append(drawn, tr.Amount)
	}
	if slices.Sort(drawn); !slices.Equal(drawn, []int64{3000, 7000}) || r.TransferCounts["CNY"] != 3 {
		t.Errorf("the chart draws transfers of %v of %d, want the two largest (3000, 7000) of 3", drawn, r.TransferCounts["CNY"])
	}
}
