package ledger_test

import (
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// moneyPledge makes a pledge (pledge.made, as the needs area writes it) of
// amount minor units of currency and returns its code.
func (w *world) moneyPledge(currency string, amount int64) string {
	w.t.Helper()
	code := ledger.NewCode()
	b := &ledger.PledgeMade{Pledge: code, Donor: "d-0123456789ab", DeliverTo: warehouse, Kind: ledger.PledgeMoney, Currency: currency, AmountMinor: amount,
		Handover: ledger.HandoverTransfer, Due: "2026-02-01", SecretSHA256: strings.Repeat("ab", 32)}
	e, err := ledger.NewEntry(ledger.TypePledgeMade, ledger.PledgeActor, []string{ledger.Subject(ledger.SubjectPledge, code)}, b)
	if err != nil {
		w.t.Fatal(err)
	}
	e.Time = "2026-01-30T08:00:00.000Z"
	if err := w.s.Apply(w.n, e); err != nil {
		w.t.Fatalf("pledge: %v", err)
	}
	w.n++
	return code
}

var refHash = strings.Repeat("cd", 32)

// receiveMoney confirms amount of pledge at org as a new money lot.
func (w *world) receiveMoney(org int64, pledge, currency string, amount int64) string {
	w.t.Helper()
	lot := ledger.NewCode()
	w.must(org, ledger.TypeMoneyReceived, &ledger.MoneyReceived{Pledge: pledge, Lot: lot, Currency: currency, AmountMinor: amount,
		Date: "2026-02-01", ReferenceSHA256: refHash})
	return lot
}

func purchase(lines []ledger.SentLot, bought ...ledger.NewLot) *ledger.MoneySpent {
	return &ledger.MoneySpent{Category: ledger.SpendSupplies, Currency: "CNY", Lines: lines, Supplier: "Wuhan Medical Supplies Co.",
		InvoiceSHA256: strings.Repeat("ef", 32), Date: "2026-02-02", Bought: bought}
}

// checkBalances: every balance satisfies its identity, and the figures
// asked for are the ones re-derived.
func (w *world) balance(org int64, currency string) *ledger.Balance {
	w.t.Helper()
	bs := ledger.ReplayedBalances(w.s)
	for _, b := range bs {
		if b.Held != b.Received()-b.Disbursed-b.SpentTotal()-b.WrittenOff {
			w.t.Fatalf("org %d %s: held %d, but received %d - disbursed %d - spent %d - written off %d", b.Org, b.Currency,
				b.Held, b.Received(), b.Disbursed, b.SpentTotal(), b.WrittenOff)
		}
		if b.Held < 0 || b.InTransit < 0 {
			w.t.Fatalf("org %d %s: negative %+v", b.Org, b.Currency, b)
		}
	}
	return bs.At(org, currency)
}

func TestMoneyReceived(t *testing.T) {
	w := newWorld(t)
	p := w.moneyPledge("CNY", 100000)
	lot := w.receiveMoney(warehouse, p, "CNY", 90000) // less than pledged
	w.expect(lot, warehouse, 90000, 0)
	if l := w.lot(lot); !l.IsMoney() || l.Unit != "CNY" || l.Pledge != p {
		t.Errorf("money lot %+v", l)
	}
	if st := ledger.ReplayedPledges(w.s)[p].Status; st != ledger.PledgeStatusClosed {
		t.Errorf("pledge status %s, want closed (money arrives in one transfer)", st)
	}
	again := &ledger.MoneyReceived{Pledge: p, Lot: ledger.NewCode(), Currency: "CNY", AmountMinor: 1, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, again, ledger.ECONFLICT, "closed")
	more := &ledger.MoneyReceived{Pledge: w.moneyPledge("CNY", 5), Lot: ledger.NewCode(), Currency: "CNY", AmountMinor: 6, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, more, ledger.ECONFLICT, "only 5 CNY of this pledge are left")
	w.refuse(hospital, ledger.TypeMoneyReceived, &ledger.MoneyReceived{Pledge: more.Pledge, Lot: ledger.NewCode(), Currency: "CNY", AmountMinor: 5, Date: "2026-02-01", ReferenceSHA256: refHash},
		ledger.EFORBIDDEN, "another organisation")
	more.OverDelivery = "the donor sent 1 fen more"
	w.must(warehouse, ledger.TypeMoneyReceived, more)
	if ps := ledger.ReplayedPledges(w.s)[more.Pledge]; ps.Over[0] != 1 || ps.Status != ledger.PledgeStatusClosed {
		t.Errorf("money over-delivery: over %v status %s", ps.Over, ps.Status)
	}
	usd := &ledger.MoneyReceived{Pledge: w.moneyPledge("CNY", 5), Lot: ledger.NewCode(), Currency: "USD", AmountMinor: 5, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, usd, ledger.EINVALID, "is in CNY")
	goods := &ledger.MoneyReceived{Pledge: w.pledge(ledger.PledgeGoods, "mask-surgical"), Lot: ledger.NewCode(), Currency: "CNY", AmountMinor: 5, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, goods, ledger.EINVALID, "pledge of goods")
	unknown := &ledger.MoneyReceived{Pledge: ledger.NewCode(), Lot: ledger.NewCode(), Currency: "CNY", AmountMinor: 5, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, unknown, ledger.ENOTFOUND, "no pledge")
	taken := &ledger.MoneyReceived{Pledge: w.moneyPledge("CNY", 5), Lot: lot, Currency: "CNY", AmountMinor: 5, Date: "2026-02-01", ReferenceSHA256: refHash}
	w.refuse(warehouse, ledger.TypeMoneyReceived, taken, ledger.ECONFLICT, "is taken")
	if b := w.balance(warehouse, "CNY"); b.Donated != 90006 || b.Held != 90006 {
		t.Errorf("balance %+v", b)
	}
	// The replay refuses a second receipt too.
	e, _ := ledger.NewEntry(ledger.TypeMoneyReceived, ledger.Actor{Org: warehouse, User: 1},
		[]string{ledger.Subject(ledger.SubjectPledge, p), ledger.Subject(ledger.SubjectLot, again.Lot)}, again)
	e.Time = "2026-02-01T09:00:00.000Z"
	if err := w.s.Apply(w.n, e); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("replay of a second receipt: %v", err)
	}
}

// TestMoneyConservation: nobody disburses or spends more than it holds,
// nor another organisation's money; money is not used, packed or carried.
func TestMoneyConservation(t *testing.T) {
	w := newWorld(t)
	a := w.receiveMoney(warehouse, w.moneyPledge("CNY", 100000), "CNY", 100000)
	b := w.receiveMoney(warehouse, w.moneyPledge("CNY", 50000), "CNY", 50000)
	_, masks := w.receive(warehouse, 100)

	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: a, Quantity: 100001}), ledger.ECONFLICT, "holds only")
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, carrier, ledger.SentLot{Lot: a, Quantity: 100}), ledger.EINVALID, "without a carrier")
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: a, Quantity: 100}, ledger.SentLot{Lot: masks, Quantity: 1}), ledger.EINVALID, "on its own")
	w.refuse(hospital, ledger.TypeHandoffDispatched, dispatch(1, other, 0, ledger.SentLot{Lot: a, Quantity: 100}), ledger.EFORBIDDEN, "not held by your organisation")
	w.refuse(warehouse, ledger.TypeLotUsed, &ledger.LotUsed{Lot: a, Quantity: 1, Use: "ward", Date: "2026-02-02"}, ledger.EINVALID, "not used")
	w.refuse(warehouse, ledger.TypeLotPacked, &ledger.LotPacked{Pack: ledger.NewCode(), Description: "box", Lots: []string{a}}, ledger.EINVALID, "cannot be packed")

	// Disburse 30,000 of a to the hospital; the part in transit is not spendable.
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: a, Quantity: 30000}))
	w.expect(a, warehouse, 70000, 30000)
	over := purchase([]ledger.SentLot{{Lot: a, Quantity: 70001}}, ledger.NewLot{Code: ledger.NewCode(), Item: "mask-surgical", Quantity: 1, Unit: "pcs", Condition: ledger.ConditionGood})
	w.refuse(warehouse, ledger.TypeMoneySpent, over, ledger.ECONFLICT, "holds only")
	w.refuse(hospital, ledger.TypeMoneySpent, purchase([]ledger.SentLot{{Lot: b, Quantity: 1}}, over.Bought...), ledger.EFORBIDDEN, "not held")
	wrongCur := purchase([]ledger.SentLot{{Lot: b, Quantity: 1}}, over.Bought...)
	wrongCur.Currency = "USD"
	w.refuse(warehouse, ledger.TypeMoneySpent, wrongCur, ledger.EINVALID, "in CNY")
	notMoney := purchase([]ledger.SentLot{{Lot: masks, Quantity: 1}}, over.Bought...)
	w.refuse(warehouse, ledger.TypeMoneySpent, notMoney, ledger.EINVALID, "not a money lot")

	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{
		{Lot: a, Received: 30000, Condition: ledger.ConditionGood, NewLot: ledger.NewCode()}}})

	// The warehouse buys masks with all of b and part of a, and pays a bank fee.
	bought := ledger.NewCode()
	w.must(warehouse, ledger.TypeMoneySpent, purchase([]ledger.SentLot{{Lot: a, Quantity: 25000}, {Lot: b, Quantity: 50000}},
		ledger.NewLot{Code: bought, Item: "mask-medical-protective", Quantity: 10000, Unit: "pcs", Condition: ledger.ConditionGood}))
	w.expect(bought, warehouse, 10000, 0)
	w.must(warehouse, ledger.TypeMoneySpent, &ledger.MoneySpent{Category: ledger.SpendBankFee, Currency: "CNY",
		Lines: []ledger.SentLot{{Lot: a, Quantity: 150}}, Supplier: "Bank of Wuhan", Purpose: "transfer fee", Date: "2026-02-02"})
	w.refuse(warehouse, ledger.TypeMoneySpent, &ledger.MoneySpent{Category: ledger.SpendBankFee, Currency: "CNY",
		Lines: []ledger.SentLot{{Lot: b, Quantity: 1}}, Purpose: "fee", Date: "2026-02-02"}, ledger.ECONFLICT, "holds only 0")
	w.expect(a, warehouse, 70000-25000-150, 0)

	got := w.balance(warehouse, "CNY")
	if got.Donated != 150000 || got.Disbursed != 30000 || got.Spent[ledger.SpendSupplies] != 75000 || got.Spent[ledger.SpendBankFee] != 150 || got.Held != 44850 {
		t.Errorf("warehouse balance %+v", got)
	}
	if h := w.balance(hospital, "CNY"); h.TransferredIn != 30000 || h.Held != 30000 || h.Donated != 0 {
		t.Errorf("hospital balance %+v", h)
	}
	// The masks bought move through the normal custody flow.
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(2, hospital, carrier, ledger.SentLot{Lot: bought, Quantity: 10000}))
	w.must(carrier, ledger.TypeHandoffPickedUp, &ledger.HandoffStep{Handoff: 2})
	w.must(carrier, ledger.TypeHandoffDelivered, &ledger.HandoffStep{Handoff: 2})
	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 2, Lines: []ledger.ReceivedLot{
		{Lot: bought, Received: 10000, Condition: ledger.ConditionGood}}})
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: bought, Quantity: 4000, Use: "ICU", Date: "2026-02-05"})
	w.expect(bought, hospital, 6000, 0)
}

func TestMoneySpentValidate(t *testing.T) {
	lines := []ledger.SentLot{{Lot: ledger.NewCode(), Quantity: 100}}
	mask := ledger.NewLot{Code: ledger.NewCode(), Item: "mask-surgical", Quantity: 10, Unit: "pcs", Condition: ledger.ConditionGood}
	for _, tc := range []struct {
		name string
		edit func(*ledger.MoneySpent)
		msg  string
	}{
		{"a purchase", func(*ledger.MoneySpent) {}, ""},
		{"no invoice", func(b *ledger.MoneySpent) { b.InvoiceSHA256 = "" }, "attach the invoice"},
		{"no supplier", func(b *ledger.MoneySpent) { b.Supplier = "" }, "name the supplier"},
		{"nothing bought", func(b *ledger.MoneySpent) { b.Bought = nil }, "lots bought"},
		{"a fee creating lots", func(b *ledger.MoneySpent) { b.Category, b.Purpose = ledger.SpendAdmin, "office" }, "only a purchase"},
		{"a fee without purpose", func(b *ledger.MoneySpent) { b.Category, b.Bought = ledger.SpendAdmin, nil }, "what the overhead was for"},
		{"a fee", func(b *ledger.MoneySpent) { b.Category, b.Bought, b.Purpose = ledger.SpendTransport, nil, "truck hire" }, ""},
		{"no category", func(b *ledger.MoneySpent) { b.Category = "gifts" }, "choose what"},
		{"zero", func(b *ledger.MoneySpent) { b.Lines = []ledger.SentLot{{Lot: lines[0].Lot, Quantity: 0}} }, "must be positive"},
		{"too much in total", func(b *ledger.MoneySpent) {
			b.Lines = []ledger.SentLot{{Lot: ledger.NewCode(), Quantity: ledger.MaxAmountMinor}, {Lot: ledger.NewCode(), Quantity: 1}}
		}, "at most"},
		{"same lot twice", func(b *ledger.MoneySpent) {
			b.Bought = []ledger.NewLot{{Code: lines[0].Lot, Item: "mask-surgical", Quantity: 1, Unit: "pcs", Condition: "good"}}
		}, "used twice"},
		{"bad date", func(b *ledger.MoneySpent) { b.Date = "2.2.2026" }, "YYYY-MM-DD"},
	} {
		b := purchase(lines, mask)
		tc.edit(b)
		err := b.Validate()
		if (tc.msg == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.msg)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.msg)
		}
	}
	if err := (&ledger.ItemAdded{Item: ledger.Item{ID: ledger.ItemMoney, NameEN: "Money", NameZH: "钱", Unit: "CNY"}}).Validate(); err == nil {
		t.Error("the catalogue accepted an item named money")
	}
}

func TestApportion(t *testing.T) {
	for _, tc := range []struct {
		q       int64
		weights []int64
		want    []int64
	}{
		{10, []int64{1, 1, 1}, []int64{4, 3, 3}},
		{10000, []int64{25000, 50000}, []int64{3333, 6667}},
		{1, []int64{1, 1}, []int64{1, 0}},
		{0, []int64{5, 7}, []int64{0, 0}},
		{7, []int64{100}, []int64{7}},
		{100, []int64{1, 2, 3, 4}, []int64{10, 20, 30, 40}},
		{5, []int64{3, 3, 4}, []int64{2, 1, 2}}, // a tie goes to the earlier part
		{ledger.MaxQuantity, []int64{ledger.MaxAmountMinor - 1, 1}, []int64{ledger.MaxQuantity - 1, 1}},
	} {
		got := ledger.Apportion(tc.q, tc.weights)
		if !equal(got, tc.want) {
			t.Errorf("Apportion(%d, %v) = %v, want %v", tc.q, tc.weights, got, tc.want)
		}
	}
}

// TestApportionProperties: the parts add up exactly, each is its exact
// quota rounded down or up (checked with big rationals), and the units
// left over go to the largest remainders.
func TestApportionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		n := 1 + r.IntN(8)
		weights := make([]int64, n)
		var total int64
		for i := range weights {
			weights[i] = 1 + r.Int64N([]int64{10, 1000, ledger.MaxAmountMinor / 8}[r.IntN(3)])
			total += weights[i]
		}
		q := r.Int64N([]int64{5, 1000, ledger.MaxQuantity}[r.IntN(3)] + 1)
		parts := ledger.Apportion(q, weights)
		var sum int64
		minGot, maxMissed := big.NewRat(2, 1), big.NewRat(-1, 1) // fractional remainders of rounded-up / rounded-down parts
		for i, p := range parts {
			sum += p
			quota := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(q), big.NewInt(weights[i])), big.NewInt(total))
			floor := new(big.Int).Quo(quota.Num(), quota.Denom())
			frac := new(big.Rat).Sub(quota, new(big.Rat).SetInt(floor))
			switch p - floor.Int64() {
			case 0:
				if frac.Cmp(maxMissed) > 0 {
					maxMissed = frac
				}
			case 1:
				if frac.Cmp(minGot) < 0 {
					minGot = frac
				}
			default:
				t.Fatalf("Apportion(%d, %v) = %v: part %d is not its quota %s rounded", q, weights, parts, i, quota.FloatString(3))
			}
		}
		if sum != q {
			t.Fatalf("Apportion(%d, %v) = %v adds up to %d", q, weights, parts, sum)
		}
		if minGot.Cmp(big.NewRat(2, 1)) != 0 && minGot.Cmp(maxMissed) < 0 {
			t.Fatalf("Apportion(%d, %v) = %v: a smaller remainder got a unit before a larger one", q, weights, parts)
		}
	}
}

func TestPurchaseShares(t *testing.T) {
	a1, a2, b1 := ledger.NewCode(), ledger.NewCode(), ledger.NewCode()
	origin := map[string]string{a1: "PA", a2: "PA", b1: "PB"}
	p := purchase([]ledger.SentLot{{Lot: a1, Quantity: 100}, {Lot: b1, Quantity: 200}, {Lot: a2, Quantity: 1}},
		ledger.NewLot{Code: ledger.NewCode(), Item: "mask-surgical", Quantity: 1000, Unit: "pcs", Condition: "good"},
		ledger.NewLot{Code: ledger.NewCode(), Item: "gloves-exam", Quantity: 1, Unit: "pairs", Condition: "good"})
	shares := ledger.PurchaseShares(p, func(l string) string { return origin[l] })
	if len(shares) != 2 || shares[0].Pledge != "PA" || shares[0].Amount != 101 || shares[1].Amount != 200 {
		t.Fatalf("shares %+v", shares)
	}
	// 1000 * 101/301 = 335.5..., 1000 * 200/301 = 664.4...
	if !equal(shares[0].Quantities, []int64{336, 0}) || !equal(shares[1].Quantities, []int64{664, 1}) {
		t.Errorf("quantities %v %v", shares[0].Quantities, shares[1].Quantities)
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
