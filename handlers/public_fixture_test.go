package handlers_test

import (
	"context"
	"testing"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// operation is a small relief operation through the store's own methods:
// a published need, named, anonymous and money pledges, receipt at a
// warehouse, shipments (one via a carrier, with a shortfall), uses, a
// write-off and a corrected use. It also holds the private data the public
// pages must never show.
type operation struct {
	s                                  *sqlite.Store
	warehouse, carrier, hospital, clin ledger.Member
	donor, secretDonor                 ledger.Member
	need                               int64
	pledges, lots                      []string
	private                            []string // e-mails, phones, contacts, names of people, anonymous donors' names, secrets
}

func seedOperation(t *testing.T, s *sqlite.Store) *operation {
	t.Helper()
	ctx := context.Background()
	op := &operation{s: s}
	op.warehouse = sqlitetest.Org(t, s, ledger.OrgWarehouse, "Hankou Relief Warehouse")
	op.carrier = sqlitetest.Org(t, s, ledger.OrgLogistics, "Swift Logistics")
	op.hospital = sqlitetest.Org(t, s, ledger.OrgRecipient, "Jinyintan Hospital")
	op.clin = sqlitetest.Org(t, s, ledger.OrgRecipient, "Union Clinic")
	donorEmail, secretEmail := sqlitetest.Email("zhang.wei"), sqlitetest.Email("li.na")
	op.donor = sqlitetest.User(t, s, sqlite.NewUser{Email: donorEmail, Role: ledger.RoleDonor, DisplayName: "Zhang Wei"})
	op.secretDonor = sqlitetest.User(t, s, sqlite.NewUser{Email: secretEmail, Role: ledger.RoleDonor, DisplayName: "Li Na"})
	op.private = []string{donorEmail, secretEmail, "Zhang Wei", "Li Na", "Quiet Benefactor Li", "+86 27 0000 0000", "@example.test", sqlitetest.Password}

	due := time.Now().UTC().AddDate(0, 0, 3).Format(ledger.DateFormat)
	deadline := time.Now().UTC().AddDate(0, 0, 10).Format(ledger.DateFormat)
	var err error
	op.need, err = s.CreateNeed(ctx, op.hospital, sqlite.NeedInput{Title: "ICU masks", Lines: []ledger.NeedLine{
		{Item: "mask-medical-protective", Quantity: 3000, Urgency: ledger.UrgencyCritical, Deadline: deadline, Place: "Wuhan, Dongxihu"},
		{Item: "goggles", Quantity: 100, Urgency: ledger.UrgencyNormal, Deadline: deadline, Place: "Wuhan, Dongxihu"},
	}})
	must(t, err)
	must(t, s.SubmitNeed(ctx, op.hospital, op.need))
	for range 2 {
		n, err := s.Need(ctx, op.hospital, op.need)
		must(t, err)
		if n.Status == ledger.NeedStatusPublished {
			break
		}
		must(t, s.ReviewNeed(ctx, sqlitetest.Auditor(t, s), op.need, ledger.Approve, ""))
	}
	pledge := func(m ledger.Member, in sqlite.PledgeInput) string {
		in.Due = due
		if in.DeliverTo == 0 {
			in.DeliverTo = op.warehouse.Org // donors bring everything to the warehouse here
		}
		if in.Handover == "" {
			in.Handover = ledger.HandoverDropOff
		}
		r, err := s.MakePledge(ctx, m, in)
		must(t, err)
		op.private = append(op.private, r.Secret)
		op.pledges = append(op.pledges, r.Code)
		return r.Code
	}
	named := pledge(op.donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: op.need, Named: true, DisplayName: "Wuhan Alumni Fund",
		Lines: []sqlite.PledgeLineInput{{Item: "mask-medical-protective", Quantity: 2000, NeedLine: 1}}})
	anon := pledge(op.secretDonor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, DisplayName: "Quiet Benefactor Li",
		Lines: []sqlite.PledgeLineInput{{Item: "mask-medical-protective", Quantity: 500}, {Item: "blanket", Quantity: 40}}})
	money := pledge(op.secretDonor, sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: 1234567, Handover: ledger.HandoverTransfer})
	cancelled := pledge(op.donor, sqlite.PledgeInput{Kind: ledger.PledgeGoods, Lines: []sqlite.PledgeLineInput{{Item: "goggles", Quantity: 7}}})
	must(t, s.CancelPledge(ctx, op.donor, cancelled, "changed my mind"))

	next := sqlite.NewNonce
	good := ledger.ConditionGood
	masks, err := s.ReceivePledge(ctx, op.warehouse, named, []sqlite.LotInput{{Item: "mask-medical-protective", Quantity: 2000, Condition: good}}, "", next())
	must(t, err)
	other, err := s.ReceivePledge(ctx, op.warehouse, anon, []sqlite.LotInput{{Item: "mask-medical-protective", Quantity: 500, Condition: good}, {Item: "blanket", Quantity: 40, Condition: good}}, "", next())
	must(t, err)
	op.lots = append(append(op.lots, masks...), other...)
	// The money arrives (its bank reference stays private) and buys goggles.
	op.private = append(op.private, "BANKREF-7731-ZX")
	cash, err := s.ReceiveMoney(ctx, op.warehouse, sqlite.MoneyReceiptInput{Pledge: money, AmountMinor: 1234567, Date: time.Now().UTC().Format(ledger.DateFormat), Reference: "BANKREF-7731-ZX"}, next())
	must(t, err)
	_, bought, err := s.Spend(ctx, op.warehouse, sqlite.SpendInput{Category: ledger.SpendSupplies, Lines: []ledger.SentLot{{Lot: cash, Quantity: 1000000}},
		Supplier: "Hubei Optics Ltd", Purpose: "goggles for the ICU need", Date: time.Now().UTC().Format(ledger.DateFormat),
		Invoice: &sqlite.File{Name: "invoice.pdf", Type: "application/pdf", Data: []byte("%PDF-1.4 invoice 2020-0042")},
		Bought:  []sqlite.LotInput{{Item: "goggles", Quantity: 100, Condition: good}}}, next())
	must(t, err)
	op.lots = append(append(op.lots, cash), bought...)

	// The named pledge's masks go whole to the hospital via the carrier; 20 arrive damaged.
	h1, err := s.Dispatch(ctx, op.warehouse, sqlite.DispatchInput{To: op.hospital.Org, Via: op.carrier.Org, Lines: []ledger.SentLot{{Lot: masks[0], Quantity: 2000}}}, next())
	must(t, err)
	must(t, s.ConfirmPickup(ctx, op.carrier, h1))
	must(t, s.ConfirmDelivery(ctx, op.carrier, h1))
	must(t, s.ConfirmReceipt(ctx, op.hospital, h1, []sqlite.ReceiptLine{{Lot: masks[0], Received: 1980, Condition: good, Reason: ledger.ReasonDamaged, Note: "crushed carton"}}))
	// Part of the anonymous masks and the blankets go to the clinic.
	h2, err := s.Dispatch(ctx, op.warehouse, sqlite.DispatchInput{To: op.clin.Org, Lines: []ledger.SentLot{{Lot: other[0], Quantity: 300}, {Lot: other[1], Quantity: 40}}}, next())
	must(t, err)
	must(t, s.ConfirmReceipt(ctx, op.clin, h2, []sqlite.ReceiptLine{{Lot: other[0], Received: 300, Condition: good}, {Lot: other[1], Received: 40, Condition: good}}))

	use := func(m ledger.Member, lot string, q int64) int64 {
		idx, err := s.UseLot(ctx, m, sqlite.FinalInput{Lot: lot, Quantity: q, Use: "ICU ward 3", Date: time.Now().UTC().Format(ledger.DateFormat)}, next())
		must(t, err)
		return idx
	}
	use(op.hospital, masks[0], 600)
	wrong := use(op.hospital, masks[0], 500)
	must(t, s.CorrectEntry(ctx, op.hospital, wrong, "typed 500 for 50", &sqlite.FinalInput{Lot: masks[0], Quantity: 50, Use: "ICU ward 3", Date: time.Now().UTC().Format(ledger.DateFormat)}))
	_, err = s.WriteOffLot(ctx, op.hospital, sqlite.FinalInput{Lot: masks[0], Quantity: 30, Cause: ledger.CauseDamage, Reason: "wet in storage"}, next())
	must(t, err)
	tr, err := s.TraceLot(ctx, other[0])
	must(t, err)
	_ = tr
	return op
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSeedOperation(t *testing.T) {
	s := sqlitetest.Open(t)
	seedOperation(t, s)
	if err := s.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckFigures(context.Background()); err != nil {
		t.Fatal(err)
	}
}
