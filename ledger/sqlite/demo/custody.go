package demo

// The custody of the demo: the central warehouse receives the donations,
// splits them and ships them through the logistics firm to the four
// hospitals; one shipment arrives short (damaged clothing), one is rejected
// for missing registration certificates and goes back to the warehouse; a
// hospital receives a delivery directly from a donor; hospitals record
// distributions; one wrong distribution is corrected; a write-off.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// CustodyScenario is what the custody step made.
type CustodyScenario struct {
	Lots     map[string]string // lot codes by short name: "n95", "n95-union", ...
	Handoffs map[string]int64  // by short name: "union", "jinyintan-thermometers", ...
	// Corrected is the index of the distribution declared wrong;
	// CorrectedSigned the one Jinyintan corrected under its signature policy.
	Corrected, CorrectedSigned int64
}

// custody runs the custody step in scenario time, keeping the first error.
type custody struct {
	s   *sqlite.Store
	w   *World
	out *CustodyScenario
	err error
}

func (c *custody) at(ctx context.Context, h float64) context.Context {
	return ledger.WithTime(ctx, c.w.Now.Add(time.Duration(h*float64(time.Hour))))
}

func (c *custody) do(what string, f func() error) {
	if c.err == nil {
		if err := f(); err != nil {
			c.err = fmt.Errorf("demo custody %s: %w", what, err)
		}
	}
}

// receive records the pledge's delivery at m's organisation as lots named names.
func (c *custody) receive(ctx context.Context, h float64, m ledger.Member, pledge string, lots []sqlite.LotInput, names ...string) {
	c.do("receive "+pledge, func() error {
		var codes []string
		err := c.w.sign(c.at(ctx, h), m, func(ctx context.Context) (err error) {
			codes, err = c.s.ReceivePledge(ctx, m, c.w.Needs.Pledges[pledge], lots, "", sqlite.NewNonce())
			return err
		})
		for i, code := range codes {
			c.out.Lots[names[i]] = code
		}
		return err
	})
}

func (c *custody) split(ctx context.Context, h float64, m ledger.Member, lot string, qs []int64, names ...string) {
	c.do("split "+lot, func() error {
		var codes []string
		err := c.w.sign(c.at(ctx, h), m, func(ctx context.Context) (err error) {
			codes, err = c.s.SplitLot(ctx, m, c.out.Lots[lot], qs, sqlite.NewNonce())
			return err
		})
		for i, code := range codes {
			c.out.Lots[names[i]] = code
		}
		return err
	})
}

// ship dispatches whole lots (by name) from the warehouse to a hospital via
// the logistics firm, and has the carrier pick it up and deliver it.
func (c *custody) ship(ctx context.Context, h float64, name string, to Org, lots map[string]int64) {
	c.do("ship "+name, func() error {
		in := sqlite.DispatchInput{To: to.ID, Via: c.w.Logistics.ID}
		for _, l := range slices.Sorted(maps.Keys(lots)) {
			in.Lines = append(in.Lines, ledger.SentLot{Lot: c.out.Lots[l], Quantity: lots[l]})
		}
		var id int64
		if err := c.w.sign(c.at(ctx, h), c.w.Warehouse.Staff, func(ctx context.Context) (err error) {
			id, err = c.s.Dispatch(ctx, c.w.Warehouse.Staff, in, sqlite.NewNonce())
			return err
		}); err != nil {
			return err
		}
		c.out.Handoffs[name] = id
		if err := c.w.sign(c.at(ctx, h+0.5), c.w.Logistics.Staff, func(ctx context.Context) error {
			return c.s.ConfirmPickup(ctx, c.w.Logistics.Staff, id)
		}); err != nil {
			return err
		}
		return c.w.sign(c.at(ctx, h+2.5), c.w.Logistics.Admin, func(ctx context.Context) error {
			return c.s.ConfirmDelivery(ctx, c.w.Logistics.Admin, id)
		})
	})
}

// arrive confirms receipt of a shipment at the hospital, all as sent
// except the lines in short.
func (c *custody) arrive(ctx context.Context, h float64, name string, m ledger.Member, short map[string]sqlite.ReceiptLine) {
	c.do("receive "+name, func() error {
		hv, err := c.s.Handoff(ctx, c.out.Handoffs[name])
		if err != nil {
			return err
		}
		var lines []sqlite.ReceiptLine
		for _, l := range hv.Lines {
			rl := sqlite.ReceiptLine{Lot: l.Lot, Received: l.Quantity, Condition: ledger.ConditionGood}
			for lot, s := range short {
				if c.out.Lots[lot] == l.Lot {
					rl = s
					rl.Lot = l.Lot
				}
			}
			lines = append(lines, rl)
		}
		return c.w.sign(c.at(ctx, h), m, func(ctx context.Context) error {
			return c.s.ConfirmReceipt(ctx, m, c.out.Handoffs[name], lines)
		})
	})
}

// use records a distribution; lot may name a lot that a hospital received
// as part of a warehouse lot (its first child at that hospital).
func (c *custody) use(ctx context.Context, h float64, m ledger.Member, lot string, q int64, use string) int64 {
	var idx int64
	c.do("use "+lot, func() error {
		return c.w.sign(c.at(ctx, h), m, func(ctx context.Context) (err error) {
			idx, err = c.s.UseLot(ctx, m, sqlite.FinalInput{Lot: c.out.Lots[lot], Quantity: q, Use: use,
				Date: c.w.Now.Add(time.Duration(h * float64(time.Hour))).Format(ledger.DateFormat)}, sqlite.NewNonce())
			return err
		})
	})
	return idx
}

// correct declares the use at wrong wrong and records redo instead, signed
// by m's passkey if they hold one.
func (c *custody) correct(ctx context.Context, h float64, m ledger.Member, wrong int64, reason string, redo *sqlite.FinalInput) {
	c.do("correct", func() error {
		return c.w.sign(c.at(ctx, h), m, func(ctx context.Context) error {
			r := *redo // each run fills its own copy
			return c.s.CorrectEntry(ctx, m, wrong, reason, &r)
		})
	})
}

// SeedCustody adds the custody of the donations to a world seeded by
// SeedWorld and SeedNeeds. It runs over the days after w.Now.
func SeedCustody(ctx context.Context, s *sqlite.Store, w *World) (*CustodyScenario, error) {
	c := &custody{s: s, w: w, out: &CustodyScenario{Lots: map[string]string{}, Handoffs: map[string]int64{}}}
	wh := w.Warehouse.Staff
	union, jinyintan, tongji, central := w.Hospitals[0], w.Hospitals[1], w.Hospitals[2], w.Hospitals[3]
	good := ledger.ConditionGood

	// Donations arrive at the central warehouse; one goes straight to a
	// hospital. Expiries follow the seed day: the protective clothing
	// expires within a month, the instant food expired two days ago.
	c.receive(ctx, 2, wh, "huaxin-masks", []sqlite.LotInput{
		{Item: "mask-medical-protective", Quantity: 12000, Spec: "GB 19083-2010, model 1860", Batch: "HX" + w.day(-14, "20060102"), Expiry: w.day(3*365, ledger.DateFormat), Condition: good},
		{Item: "protective-clothing", Quantity: 3000, Spec: "GB 19082-2009", Batch: "HX-PC-" + w.day(-12, "0102"), Expiry: w.day(20, ledger.DateFormat), Condition: good},
	}, "n95", "clothing")
	c.receive(ctx, 3, wh, "huaxin-thermometers", []sqlite.LotInput{
		{Item: "thermometer-ir", Quantity: 200, Spec: "non-contact, ±0.2 °C", Batch: "TI-2001", Condition: good},
	}, "thermometers")
	c.receive(ctx, 3.5, wh, "changjiang-goggles", []sqlite.LotInput{
		{Item: "goggles", Quantity: 800, Spec: "GB 14866", Batch: "CJ-G-07", Condition: good},
	}, "goggles")
	c.receive(ctx, 4, wh, "wangfang-gloves", []sqlite.LotInput{
		{Item: "gloves-exam", Quantity: 500, Spec: "nitrile, size M", Batch: "GL-555", Expiry: w.day(2*365, ledger.DateFormat), Condition: good},
	}, "gloves")
	c.receive(ctx, 4.5, central.Staff, "lina-water", []sqlite.LotInput{
		{Item: "drinking-water", Quantity: 2000, Batch: "W-" + w.day(-10, "0102"), Expiry: w.day(365, ledger.DateFormat), Condition: good},
		{Item: "instant-food", Quantity: 780, Batch: "F-" + w.day(-10, "0102"), Expiry: w.day(-2, ledger.DateFormat), Condition: good},
	}, "water", "food")

	// The warehouse splits for the hospitals and ships through the logistics firm.
	c.split(ctx, 6, wh, "n95", []int64{8000, 2000, 500}, "n95-union", "n95-jinyintan", "n95-central")
	c.split(ctx, 6.2, wh, "clothing", []int64{2000}, "clothing-union")
	c.ship(ctx, 7, "union", union, map[string]int64{"n95-union": 8000, "clothing-union": 2000, "goggles": 800})
	c.ship(ctx, 7.5, "jinyintan-masks", jinyintan, map[string]int64{"n95-jinyintan": 2000})
	c.ship(ctx, 7.6, "jinyintan-thermometers", jinyintan, map[string]int64{"thermometers": 200})
	c.ship(ctx, 8, "tongji", tongji, map[string]int64{"gloves": 500})
	c.ship(ctx, 8.2, "central", central, map[string]int64{"n95-central": 500})

	// Receipts: one short, one rejected, the others as sent.
	c.arrive(ctx, 10, "union", union.Staff, map[string]sqlite.ReceiptLine{
		"clothing-union": {Received: 1950, Condition: ledger.ConditionDamaged, Reason: ledger.ReasonDamaged, Note: "50 with torn packaging, set aside · 50 套包装破损，已另放"},
	})
	c.arrive(ctx, 10.5, "jinyintan-masks", jinyintan.Staff, nil)
	c.do("reject jinyintan-thermometers", func() error {
		return w.sign(c.at(ctx, 10.6), jinyintan.Admin, func(ctx context.Context) error {
			return s.RejectHandoff(ctx, jinyintan.Admin, c.out.Handoffs["jinyintan-thermometers"], ledger.ReasonSubstandard,
				"no medical device registration certificates · 无医疗器械注册证")
		})
	})
	c.arrive(ctx, 11, "tongji", tongji.Staff, nil)
	c.arrive(ctx, 11.5, "central", central.Staff, nil)

	// Distributions at the hospitals, a wrong one corrected, a write-off.
	c.use(ctx, 14, union.Staff, "n95-union", 3000, "ICU ward 3 · 重症监护三病区")
	wrong := c.use(ctx, 15, union.Staff, "clothing-union", 1200, "ICU ward 5 · 重症监护五病区")
	c.correct(ctx, 15.4, union.Admin, wrong, "typed 1200 for 120 · 误将 120 录为 1200", &sqlite.FinalInput{Quantity: 120})
	c.out.Corrected = wrong
	// Jinyintan requires signatures: its correction is signed once, over
	// the declaration naming the corrective use.
	misrecorded := c.use(ctx, 15.5, jinyintan.Staff, "n95-jinyintan", 800, "fever clinic · 发热门诊")
	c.correct(ctx, 15.7, jinyintan.Staff, misrecorded, "went to the ICU, not the fever clinic · 实发重症监护室，非发热门诊",
		&sqlite.FinalInput{Quantity: 800, Use: "ICU · 重症监护室"})
	c.out.CorrectedSigned = misrecorded
	c.use(ctx, 16, tongji.Staff, "gloves", 200, "general wards · 普通病房")
	c.use(ctx, 17, central.Staff, "water", 600, "staff canteen · 职工食堂")
	c.use(ctx, 17.2, central.Staff, "food", 300, "night shifts · 夜班")
	c.do("write off", func() error {
		return w.sign(c.at(ctx, 18), wh, func(ctx context.Context) error {
			_, err := s.WriteOffLot(ctx, wh, sqlite.FinalInput{Lot: c.out.Lots["thermometers"], Quantity: 2, Cause: ledger.CauseDamage,
				Reason: "dropped on return, display broken · 退回途中跌落，显示屏损坏"}, sqlite.NewNonce())
			return err
		})
	})
	if c.err != nil {
		return nil, c.err
	}
	w.Now = w.Now.Add(20 * time.Hour)
	return c.out, nil
}
