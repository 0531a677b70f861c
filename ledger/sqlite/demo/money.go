package demo

// The money of the demo: a donor company and a person give money to the
// central charity (the person's transfer arrives short of the pledge, the
// bank having kept a charge), a third donation goes straight to Jinyintan
// hospital; the charity passes money on to Union hospital, which confirms
// it, buys protective masks from a supplier drawing on both donations
// (each donor's share stated), pays a bank fee and a truck; the masks are
// shipped to Jinyintan and used there; Union buys goggles with the money it
// was given.

import (
	"context"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// MoneyScenario is what the money step made.
type MoneyScenario struct {
	Pledges  map[string]string // money pledges by short name
	Lots     map[string]string // money lots and lots bought, by short name
	Handoffs map[string]int64
	Purchase int64 // the masks' purchase entry, paid by two donations
}

// SeedMoney adds the money to a world seeded by SeedWorld, SeedNeeds and
// SeedCustody. It runs over the days after w.Now.
func SeedMoney(ctx context.Context, s *sqlite.Store, w *World) (*MoneyScenario, error) {
	c := &custody{s: s, w: w, out: &CustodyScenario{Lots: map[string]string{}, Handoffs: map[string]int64{}}}
	out := &MoneyScenario{Pledges: map[string]string{}, Lots: c.out.Lots, Handoffs: c.out.Handoffs}
	wh, whAdmin := w.Warehouse.Staff, w.Warehouse.Admin
	union, jinyintan := w.Hospitals[0], w.Hospitals[1]
	huaxin := w.DonorCompanies[0]
	day := func(h float64) string {
		return w.Now.Add(time.Duration(h * float64(time.Hour))).Format(ledger.DateFormat)
	}

	// ref is the day of hour h as a bank writes it in a reference (20060102).
	ref := func(h float64) string {
		return w.Now.Add(time.Duration(h * float64(time.Hour))).Format("20060102")
	}

	pledge := func(name string, h float64, m ledger.Member, display string, amount int64) {
		c.do("money pledge "+name, func() error {
			r, err := s.MakePledge(c.at(ctx, h), m, sqlite.PledgeInput{Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: amount,
				Named: display != "", DisplayName: display, Handover: ledger.HandoverTransfer, Due: day(h + 48), DeliverTo: w.Warehouse.ID})
			if err == nil {
				out.Pledges[name] = r.Code
			}
			return err
		})
	}
	receive := func(name string, h float64, m ledger.Member, pledge string, amount int64, ref string) {
		c.do("money receipt "+name, func() error {
			var lot string
			err := w.sign(c.at(ctx, h), m, func(ctx context.Context) (err error) {
				lot, err = s.ReceiveMoney(ctx, m, sqlite.MoneyReceiptInput{Pledge: pledge, AmountMinor: amount, Date: day(h), Reference: ref}, sqlite.NewNonce())
				return err
			})
			c.out.Lots[name] = lot
			return err
		})
	}
	pledge("huaxin", 1, huaxin.Admin, "华信医疗器械 Huaxin Medical", 20_000_000) // CNY 200,000.00
	pledge("wangfang", 2, w.Donor, "王芳", 500_000)                          // CNY 5,000.00
	receive("huaxin", 20, whAdmin, out.Pledges["huaxin"], 20_000_000, "ICBC "+ref(20)+"-0093317")
	receive("wangfang", 22, whAdmin, out.Pledges["wangfang"], 499_000, "ICBC "+ref(22)+"-0094120") // the bank kept CNY 10.00
	if lina := w.Needs.Pledges["lina-money"]; lina != "" {
		receive("lina", 23, jinyintan.Admin, lina, 500_000, "CCB "+ref(23)+"-55170")
	}

	// The charity passes CNY 50,000.00 to Union hospital, which confirms it.
	c.do("disburse to union", func() error {
		var id int64
		if err := w.sign(c.at(ctx, 24), whAdmin, func(ctx context.Context) (err error) {
			id, err = s.Disburse(ctx, whAdmin, sqlite.DisburseInput{Lot: c.out.Lots["huaxin"], Amount: "50000.00", To: union.ID}, sqlite.NewNonce())
			return err
		}); err != nil {
			return err
		}
		c.out.Handoffs["money-union"] = id
		return w.sign(c.at(ctx, 26), union.Admin, func(ctx context.Context) error {
			return s.ConfirmTransfer(ctx, union.Admin, id, c.out.Lots["huaxin"], "50000.00", "", "")
		})
	})
	c.do("union's money lot", func() error {
		d, err := s.MoneyDesk(ctx, union.Admin)
		if err == nil && len(d.Lots) > 0 {
			c.out.Lots["union-money"] = d.Lots[0].Code
		}
		return err
	})

	// The charity buys masks with both donations, with a public invoice.
	spend := func(what string, h float64, m ledger.Member, in sqlite.SpendInput, names ...string) int64 {
		var idx int64
		c.do(what, func() error {
			in.Date = day(h)
			var bought []string
			err := w.sign(c.at(ctx, h), m, func(ctx context.Context) (err error) {
				idx, bought, err = s.Spend(ctx, m, in, sqlite.NewNonce())
				return err
			})
			for i, code := range bought {
				c.out.Lots[names[i]] = code
			}
			return err
		})
		return idx
	}
	out.Purchase = spend("buy masks", 30, wh, sqlite.SpendInput{Category: ledger.SpendSupplies,
		Lines:    []ledger.SentLot{{Lot: c.out.Lots["huaxin"], Quantity: 11_700_000}, {Lot: c.out.Lots["wangfang"], Quantity: 300_000}},
		Supplier: "武汉医用物资有限公司 Wuhan Medical Supplies Co., Ltd.",
		Invoice: &sqlite.File{Name: "invoice-WMS-" + ref(30) + ".pdf", Type: "application/pdf",
			Data: []byte("%PDF-1.4\n% Invoice WMS-" + ref(30) + ": 20,000 medical protective masks GB 19083-2010 at CNY 6.00, total CNY 120,000.00\n")},
		InvoicePublic: true,
		// A later batch than the donated masks (3 years): with the same
		// expiry the two lots' order on the warehouse's stock list fell to
		// their random codes, and the public tour's first lot was this one,
		// which comes from a purchase, not a pledge, half the time.
		Bought: []sqlite.LotInput{{Item: "mask-medical-protective", Quantity: 20_000, Spec: "GB 19083-2010", Batch: "WMS-" + ref(30)[4:], Expiry: w.day(3*365+90, ledger.DateFormat)}},
	}, "bought-masks")
	spend("bank fee", 30.5, whAdmin, sqlite.SpendInput{Category: ledger.SpendBankFee, Lines: []ledger.SentLot{{Lot: c.out.Lots["huaxin"], Quantity: 2_500}},
		Supplier: "ICBC", Purpose: "fee for the supplier's transfer · 对公转账手续费"})
	spend("truck", 31, whAdmin, sqlite.SpendInput{Category: ledger.SpendTransport, Lines: []ledger.SentLot{{Lot: c.out.Lots["huaxin"], Quantity: 80_000}},
		Supplier: "Swift Logistics", Purpose: "truck from the supplier to the warehouse · 供应商至仓库运输"})

	// The masks bought go to Jinyintan through the logistics firm and are used there.
	c.split(ctx, 32, wh, "bought-masks", []int64{15_000}, "bought-masks-jinyintan")
	c.ship(ctx, 33, "bought-masks-jinyintan", jinyintan, map[string]int64{"bought-masks-jinyintan": 15_000})
	c.arrive(ctx, 37, "bought-masks-jinyintan", jinyintan.Staff, nil)
	c.use(ctx, 40, jinyintan.Staff, "bought-masks-jinyintan", 6_000, "isolation wards · 隔离病区")

	// Union buys goggles with the money it was given (a private invoice).
	spend("union goggles", 42, union.Admin, sqlite.SpendInput{Category: ledger.SpendSupplies,
		Lines:    []ledger.SentLot{{Lot: c.out.Lots["union-money"], Quantity: 3_000_000}},
		Supplier: "湖北光学防护用品有限公司 Hubei Optical Protective Co.",
		Invoice:  &sqlite.File{Name: "invoice-HOP-77.jpg", Type: "image/jpeg", Data: []byte("HOP-77: 2,000 medical goggles GB 14866 at CNY 15.00")},
		Bought:   []sqlite.LotInput{{Item: "goggles", Quantity: 2_000, Spec: "GB 14866", Batch: "HOP-" + ref(42)[:6]}},
	}, "union-goggles")
	c.use(ctx, 44, union.Staff, "union-goggles", 500, "ICU ward 3 · 重症监护三病区")
	if c.err != nil {
		return nil, c.err
	}
	w.Now = w.Now.Add(48 * time.Hour)
	return out, nil
}
