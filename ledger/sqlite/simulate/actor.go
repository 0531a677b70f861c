package simulate

// One actor runs custody cycles: a hospital's need (reviewed), a donor's
// pledge against it, the warehouse's receipt into lots with batch and
// expiry, a split, sometimes a pack, a dispatch via a carrier, pickup,
// delivery and the hospital's receipt (every tenth short, one in fifty
// refused), uses, write-offs and corrections; every fifth cycle a money
// pledge received, passed on to the hospital and spent on supplies.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

type actor struct {
	s     *sqlite.Store
	cast  *Cast
	clock func() time.Time
	rnd   *rand.Rand
	id    int
	n     int // cycles done

	need      int64 // the hospital's open need this actor pledges against
	needItem  string
	needLeft  int
	needOwner ledger.Member
}

func (a *actor) pick(ms []ledger.Member) ledger.Member { return ms[a.rnd.IntN(len(ms))] }

// every says whether this cycle is the r-th of every m (a cancellation
// every 40th, a short receipt every 10th, ...). Each actor's count is
// offset by its id, so that the whole mix shows from the first few cycles
// of 64 actors (a 10,000-entry log is about 15 cycles each), not only
// once each actor has done m cycles.
func (a *actor) every(m, r int) bool { return (a.n+7*a.id)%m == r }

// at dates a step in scenario time.
func (a *actor) at(ctx context.Context) context.Context { return ledger.WithTime(ctx, a.clock()) }

func (a *actor) day(days int) string { return a.clock().AddDate(0, 0, days).Format(ledger.DateFormat) }

// cycle runs one whole custody cycle.
func (a *actor) cycle(ctx context.Context) error {
	a.n++
	wh := a.pick(a.cast.Warehouses)
	hosp := a.pick(a.cast.Hospitals)
	carrier := a.pick(a.cast.Carriers)
	if a.needLeft == 0 {
		if err := a.newNeed(ctx, hosp); err != nil {
			return err
		}
	}
	err := a.goods(ctx, wh, carrier)
	if errors.Is(err, errSkip) {
		err = nil
	}
	if err != nil {
		return err
	}
	if a.every(5, 0) {
		return a.money(ctx, wh, a.needOwner)
	}
	return nil
}

// newNeed publishes a need of one to three lines at hospital h.
func (a *actor) newNeed(ctx context.Context, h ledger.Member) error {
	item := items[a.rnd.IntN(len(items))]
	lines := []ledger.NeedLine{{Item: item, Quantity: int64(800 + a.rnd.IntN(8)*100), Urgency: ledger.UrgencyHigh,
		Deadline: a.day(10 + a.rnd.IntN(20)), Place: "Ward building · 住院楼", Spec: "as the standard says"}}
	for i := range a.rnd.IntN(3) {
		other := items[(a.rnd.IntN(len(items)-1)+1+i)%len(items)]
		if other == item {
			continue
		}
		lines = append(lines, ledger.NeedLine{Item: other, Quantity: int64(100 + a.rnd.IntN(20)*10), Urgency: ledger.UrgencyNormal,
			Deadline: a.day(20), Place: "Ward building · 住院楼"})
	}
	id, err := a.s.CreateNeed(a.at(ctx), h, sqlite.NeedInput{Title: fmt.Sprintf("Supplies for the wards, week %d · 病房物资", a.n), Lines: lines})
	if err != nil {
		return fmt.Errorf("need: %w", err)
	}
	if err := a.s.SubmitNeed(a.at(ctx), h, id); err != nil {
		return fmt.Errorf("submitting need: %w", err)
	}
	if err := a.s.ReviewNeed(a.at(ctx), a.cast.Auditors[a.id%Auditors], id, ledger.Approve, ""); err != nil {
		return fmt.Errorf("reviewing need: %w", err)
	}
	a.need, a.needItem, a.needLeft, a.needOwner = id, item, 4, h
	return nil
}

// goods runs a pledge of goods through custody to the need's hospital.
func (a *actor) goods(ctx context.Context, wh, carrier ledger.Member) error {
	hosp := a.needOwner
	donor := a.donor()
	q := int64(100 + a.rnd.IntN(100))
	a.needLeft--
	r, err := a.s.MakePledge(a.at(ctx), donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: a.need,
		Lines: []sqlite.PledgeLineInput{{NeedLine: 1, Quantity: q}}, Named: a.every(3, 0), DisplayName: "A donor · 一位捐赠者",
		Handover: ledger.HandoverCourier, Due: a.day(3), DeliverTo: wh.Org})
	if err != nil {
		return fmt.Errorf("pledge: %w", err)
	}
	if a.every(40, 20) { // a donor changes their mind
		if err := a.s.CancelPledge(a.at(ctx), donor, r.Code, "shipped directly by the manufacturer · 由厂家直接发货"); err != nil {
			return fmt.Errorf("cancelling pledge: %w", err)
		}
		return errSkip
	}
	arrived, over := q, ""
	if a.every(15, 7) { // the donor put in a few more than pledged
		arrived, over = q+3, "3 more in the carton · 箱内多 3 件"
	}
	lots, err := a.s.ReceivePledge(a.at(ctx), wh, r.Code, []sqlite.LotInput{{Item: a.needItem, Quantity: arrived, Spec: "as pledged",
		Batch: fmt.Sprintf("B%05d-%d", a.id, a.n), Expiry: a.day(365 + a.rnd.IntN(700)), Condition: ledger.ConditionGood}}, over, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("receiving pledge: %w", err)
	}
	lot := lots[0]
	send, keep := q/2, q/4
	kids, err := a.s.SplitLot(a.at(ctx), wh, lot, []int64{send, keep}, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("splitting: %w", err)
	}
	if a.every(10, 0) { // repack what stays for storage, and open it again
		pack, err := a.s.PackLots(a.at(ctx), wh, []string{kids[1], lot}, "pallet · 托盘", sqlite.NewNonce())
		if err != nil {
			return fmt.Errorf("packing: %w", err)
		}
		if err := a.s.UnpackLot(a.at(ctx), wh, pack); err != nil {
			return fmt.Errorf("unpacking: %w", err)
		}
	}
	if a.every(20, 15) {
		if _, err := a.s.WriteOffLot(a.at(ctx), wh, sqlite.FinalInput{Lot: kids[1], Quantity: 1, Cause: ledger.CauseDamage,
			Reason: "carton crushed in storage · 储存中纸箱压坏"}, sqlite.NewNonce()); err != nil {
			return fmt.Errorf("writing off: %w", err)
		}
	}
	id, err := a.s.Dispatch(a.at(ctx), wh, sqlite.DispatchInput{To: hosp.Org, Via: carrier.Org,
		Lines: []ledger.SentLot{{Lot: kids[0], Quantity: send}}}, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("dispatching: %w", err)
	}
	if err := a.s.ConfirmPickup(a.at(ctx), carrier, id); err != nil {
		return fmt.Errorf("pickup: %w", err)
	}
	if err := a.s.ConfirmDelivery(a.at(ctx), carrier, id); err != nil {
		return fmt.Errorf("delivery: %w", err)
	}
	if a.every(50, 7) {
		if err := a.s.RejectHandoff(a.at(ctx), hosp, id, ledger.ReasonSubstandard, "no registration certificate · 无注册证"); err != nil {
			return fmt.Errorf("refusing: %w", err)
		}
		return nil
	}
	got := send
	line := sqlite.ReceiptLine{Lot: kids[0], Received: got, Condition: ledger.ConditionGood}
	if a.every(10, 3) {
		got = send - 1 - int64(a.rnd.IntN(int(send/4)+1))
		line.Received, line.Reason, line.Note = got, ledger.ReasonMissing, "cartons missing on arrival · 到货缺箱"
	}
	if err := a.s.ConfirmReceipt(a.at(ctx), hosp, id, []sqlite.ReceiptLine{line}); err != nil {
		return fmt.Errorf("receipt: %w", err)
	}
	use := sqlite.FinalInput{Lot: kids[0], Quantity: max(1, got/2), Use: "ICU and fever clinic · 重症监护与发热门诊", Date: a.day(0)}
	idx, err := a.s.UseLot(a.at(ctx), hosp, use, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("use: %w", err)
	}
	if a.every(50, 11) {
		if err := a.s.CorrectEntry(a.at(ctx), hosp, idx, "typed the wrong quantity · 数量录错", &sqlite.FinalInput{Quantity: max(1, got/3)}); err != nil {
			return fmt.Errorf("correction: %w", err)
		}
	}
	return nil
}

// donor picks a donor company (two thirds) or a personal donor.
func (a *actor) donor() ledger.Member {
	if a.rnd.IntN(3) < 2 {
		return a.pick(a.cast.DonorCompanies)
	}
	return a.pick(a.cast.PersonalDonors)
}

// money runs a money pledge: received by the warehouse, part passed on to
// the hospital (which buys supplies with it), part spent on transport.
func (a *actor) money(ctx context.Context, wh, hosp ledger.Member) error {
	donor := a.donor()
	amount := int64(100_000 + a.rnd.IntN(100)*10_000) // CNY 1,000.00 and up
	r, err := a.s.MakePledge(a.at(ctx), donor, sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: amount,
		Handover: ledger.HandoverTransfer, Due: a.day(2), DeliverTo: wh.Org})
	if err != nil {
		return fmt.Errorf("money pledge: %w", err)
	}
	lot, err := a.s.ReceiveMoney(a.at(ctx), wh, sqlite.MoneyReceiptInput{Pledge: r.Code, AmountMinor: amount, Date: a.day(0),
		Reference: fmt.Sprintf("ICBC %d-%d", a.id, a.n)}, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("money receipt: %w", err)
	}
	pass := amount / 2
	id, err := a.s.Disburse(a.at(ctx), wh, sqlite.DisburseInput{Lot: lot, Amount: fmt.Sprintf("%d.00", pass/100), To: hosp.Org}, sqlite.NewNonce())
	if err != nil {
		return fmt.Errorf("disbursing: %w", err)
	}
	if err := a.s.ConfirmTransfer(a.at(ctx), hosp, id, lot, fmt.Sprintf("%d.00", pass/100), "", ""); err != nil {
		return fmt.Errorf("confirming transfer: %w", err)
	}
	if _, _, err := a.s.Spend(a.at(ctx), wh, sqlite.SpendInput{Category: ledger.SpendTransport, Lines: []ledger.SentLot{{Lot: lot, Quantity: amount / 10}},
		Supplier: "Swift Logistics", Purpose: "truck to the hospitals · 运往医院", Date: a.day(0)}, sqlite.NewNonce()); err != nil {
		return fmt.Errorf("spending on transport: %w", err)
	}
	hv, err := a.s.Handoff(ctx, id)
	if err != nil {
		return err
	}
	if len(hv.Lines) == 0 || hv.Lines[0].NewLot == "" {
		return nil // passed on whole: nothing new to spend from
	}
	item := items[a.rnd.IntN(len(items))]
	if _, _, err := a.s.Spend(a.at(ctx), hosp, sqlite.SpendInput{Category: ledger.SpendSupplies,
		Lines:    []ledger.SentLot{{Lot: hv.Lines[0].NewLot, Quantity: pass / 2}},
		Supplier: "Wuhan Medical Supplies Co. · 武汉医用物资有限公司",
		Invoice:  &sqlite.File{Name: "invoice.pdf", Type: "application/pdf", Data: fmt.Appendf(nil, "%%PDF-1.4\n%% invoice %d-%d\n", a.id, a.n)},
		Bought:   []sqlite.LotInput{{Item: item, Quantity: int64(50 + a.rnd.IntN(50)), Spec: "as invoiced", Batch: fmt.Sprintf("P%05d-%d", a.id, a.n)}},
		Date:     a.day(0)}, sqlite.NewNonce()); err != nil {
		return fmt.Errorf("buying supplies: %w", err)
	}
	return nil
}
