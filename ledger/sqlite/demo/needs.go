package demo

// The needs and pledges of the demo: hospitals ask (some urgently, one need
// met, one closed, one still in review, one draft), companies and people
// pledge (named and anonymous, goods and money), some pledges are
// cancelled and some are overdue.

import (
	"context"
	"fmt"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// NeedsScenario is what the needs step made, for later steps (custody
// receives these pledges).
type NeedsScenario struct {
	Needs   map[string]int64  // by short name: "union-icu", "jinyintan-fever", ...
	Pledges map[string]string // pledge codes by short name: "huaxin-masks", ...
}

// scenario runs the needs step in scenario time, keeping the first error.
type scenario struct {
	s   *sqlite.Store
	w   *World
	out *NeedsScenario
	err error
}

// at returns ctx dated m minutes after the cast was set up.
func (sc *scenario) at(ctx context.Context, m int) context.Context {
	return ledger.WithTime(ctx, sc.w.Now.Add(time.Duration(m)*time.Minute))
}

// day returns the date d days after the seed day (before it if negative):
// deadlines and due dates stay current whenever the demo is seeded.
func (sc *scenario) day(d int) string {
	return sc.w.Today.AddDate(0, 0, d).Format(ledger.DateFormat)
}

func (sc *scenario) line(item string, qty int64, urgency string, deadline int, place, spec string) ledger.NeedLine {
	return ledger.NeedLine{Item: item, Quantity: qty, Urgency: urgency, Deadline: sc.day(deadline), Place: place, Spec: spec}
}

// need drafts a need at minute h; submit and approvals follow if asked.
func (sc *scenario) need(ctx context.Context, name string, h int, rec Org, title string, submit bool, approvers int, lines ...ledger.NeedLine) {
	if sc.err != nil {
		return
	}
	id, err := sc.s.CreateNeed(sc.at(ctx, h), rec.Staff, sqlite.NeedInput{Title: title, Lines: lines})
	if err == nil && submit {
		err = sc.w.sign(sc.at(ctx, h+12), rec.Admin, func(ctx context.Context) error { return sc.s.SubmitNeed(ctx, rec.Admin, id) })
	}
	for i := 0; err == nil && i < approvers; i++ {
		auditor := sc.w.Auditors[i]
		err = sc.w.sign(sc.at(ctx, h+60*(i+1)), auditor, func(ctx context.Context) error {
			return sc.s.ReviewNeed(ctx, auditor, id, ledger.Approve, "")
		})
	}
	if err != nil {
		sc.err = fmt.Errorf("demo need %s: %w", name, err)
		return
	}
	sc.out.Needs[name] = id
}

// viaWarehouse are the pledges against needs that donors deliver to the
// central warehouse (general pledges always go there); the others go
// straight to the need's hospital.
var viaWarehouse = map[string]bool{"huaxin-masks": true, "huaxin-thermometers": true, "changjiang-goggles": true, "wangfang-gloves": true}

// pledge makes a pledge at minute h, due d days after the seed day.
func (sc *scenario) pledge(ctx context.Context, name string, h int, m ledger.Member, in sqlite.PledgeInput, due int) {
	if sc.err != nil {
		return
	}
	in.Due = sc.day(due)
	if in.NeedID == 0 || viaWarehouse[name] {
		in.DeliverTo = sc.w.Warehouse.ID
	}
	if in.Handover == "" {
		in.Handover = ledger.HandoverCourier
	}
	r, err := sc.s.MakePledge(sc.at(ctx, h), m, in)
	if err != nil {
		sc.err = fmt.Errorf("demo pledge %s: %w", name, err)
		return
	}
	sc.out.Pledges[name] = r.Code
}

func goods(need int64, name string, lines ...sqlite.PledgeLineInput) sqlite.PledgeInput {
	return sqlite.PledgeInput{Kind: ledger.PledgeGoods, NeedID: need, Named: name != "", DisplayName: name, Lines: lines}
}

func toLine(n int, q int64) sqlite.PledgeLineInput {
	return sqlite.PledgeLineInput{NeedLine: n, Quantity: q}
}

// needsDays is how many days before the seed day the hospitals publish
// their needs; custody and money follow over the next days.
const needsDays = 9

// SeedNeeds adds the needs and pledges to a world seeded by SeedWorld. The
// scenario runs over the first days from needsDays before the seed day
// (8:00 UTC), or from w.Now if that is later.
func SeedNeeds(ctx context.Context, s *sqlite.Store, w *World) (*NeedsScenario, error) {
	if from := w.Today.AddDate(0, 0, -needsDays).Add(8 * time.Hour); w.Now.Before(from) {
		w.Now = from
	}
	sc := &scenario{s: s, w: w, out: &NeedsScenario{Needs: map[string]int64{}, Pledges: map[string]string{}}}
	union, jinyintan, tongji, central := w.Hospitals[0], w.Hospitals[1], w.Hospitals[2], w.Hospitals[3]
	huaxin, changjiang := w.DonorCompanies[0], w.DonorCompanies[1]
	b := builder{s: s, w: w}
	lina := b.user(ctx, "personal donor (anonymous pledges)", "lina@example.com", "李娜 Li Na", 0, ledger.RoleDonor)
	if b.err != nil {
		return nil, b.err
	}

	// Large needs: two auditors (four-eyes) before they are published.
	sc.need(ctx, "union-icu", 120, union, "ICU protective equipment, first week · 重症监护室防护物资（第一周）", true, 2,
		sc.line("mask-medical-protective", 20000, ledger.UrgencyCritical, 3, "Wuhan, Jianghan District", "GB 19083, not KN95"),
		sc.line("protective-clothing", 5000, ledger.UrgencyCritical, 3, "Wuhan, Jianghan District", "sizes 170 to 185"),
		sc.line("goggles", 2000, ledger.UrgencyHigh, 7, "Wuhan, Jianghan District", ""))
	sc.need(ctx, "jinyintan-fever", 180, jinyintan, "Fever clinic and isolation wards · 发热门诊与隔离病区", true, 2,
		sc.line("mask-surgical", 50000, ledger.UrgencyCritical, 2, "Wuhan, Dongxihu District", "with ear loops"),
		sc.line("thermometer-ir", 200, ledger.UrgencyHigh, 5, "Wuhan, Dongxihu District", ""),
		sc.line("oxygen-concentrator", 30, ledger.UrgencyHigh, 10, "Wuhan, Dongxihu District", "10 L/min"))
	// Smaller needs: one auditor.
	sc.need(ctx, "tongji-wards", 240, tongji, "Ward consumables · 病房耗材", true, 1,
		sc.line("gloves-exam", 3000, ledger.UrgencyHigh, 6, "Wuhan, Qiaokou District", "sizes M and L"),
		sc.line("disinfectant", 500, ledger.UrgencyNormal, 12, "Wuhan, Qiaokou District", "chlorine-based, 5 L cans"))
	sc.need(ctx, "central-staff", 300, central, "Food and water for staff on duty · 值班医护人员饮食", true, 1,
		sc.line("drinking-water", 2000, ledger.UrgencyNormal, 8, "Wuhan, Jiang'an District", ""),
		sc.line("instant-food", 800, ledger.UrgencyNormal, 8, "Wuhan, Jiang'an District", ""))
	sc.need(ctx, "central-tents", 330, central, "Tents for the triage area · 预检分诊帐篷", true, 1,
		sc.line("tent", 20, ledger.UrgencyHigh, 4, "Wuhan, Jiang'an District", ""))
	// Waiting for review, and a private draft.
	sc.need(ctx, "jinyintan-ventilators", 1800, jinyintan, "Ventilators for the ICU · 重症监护室呼吸机", true, 0,
		sc.line("ventilator", 12, ledger.UrgencyCritical, 14, "Wuhan, Dongxihu District", "invasive, with humidifier"))
	sc.need(ctx, "tongji-draft", 1860, tongji, "Blankets for night shifts (draft) · 夜班棉被（草稿）", false, 0,
		sc.line("blanket", 150, ledger.UrgencyNormal, 20, "Wuhan, Qiaokou District", ""))
	if sc.err != nil {
		return nil, sc.err
	}
	n := sc.out.Needs

	// Pledges: companies named, a company anonymous, people named and anonymous.
	sc.pledge(ctx, "huaxin-masks", 360, huaxin.Staff, goods(n["union-icu"], "华信医疗器械 Huaxin Medical", toLine(1, 12000), toLine(2, 3000)), -7)
	sc.pledge(ctx, "changjiang-masks", 420, changjiang.Admin, goods(n["jinyintan-fever"], "", toLine(1, 20000)), -needsDays) // anonymous, due the day it was pledged: overdue
	sc.pledge(ctx, "wangfang-gloves", 480, w.Donor, goods(n["tongji-wards"], "王芳", toLine(1, 500)), -6)
	sc.pledge(ctx, "lina-water", 540, lina, goods(n["central-staff"], "", toLine(1, 2000), toLine(2, 800)), -7)
	sc.pledge(ctx, "lina-money", 570, lina, sqlite.PledgeInput{Kind: ledger.PledgeMoney, NeedID: n["jinyintan-fever"], Currency: "CNY", AmountMinor: 500000,
		Handover: ledger.HandoverTransfer}, -8)
	sc.pledge(ctx, "huaxin-thermometers", 600, huaxin.Admin, goods(n["jinyintan-fever"], "华信医疗器械 Huaxin Medical", toLine(2, 200)), -5)
	sc.pledge(ctx, "changjiang-goggles", 660, changjiang.Staff, goods(n["union-icu"], "长江电子科技 Changjiang Electronics", toLine(3, 800)), -4)
	sc.pledge(ctx, "wangfang-general", 720, w.Donor, goods(0, "", sqlite.PledgeLineInput{Item: "blanket", Quantity: 40}), 3)
	sc.pledge(ctx, "huaxin-blankets", 780, huaxin.Admin, goods(0, "华信医疗器械 Huaxin Medical", sqlite.PledgeLineInput{Item: "blanket", Quantity: 300}), -6)
	sc.pledge(ctx, "wangfang-goggles", 840, w.Donor, goods(n["union-icu"], "", toLine(3, 100)), -5)
	if sc.err != nil {
		return nil, sc.err
	}
	p := sc.out.Pledges
	// Two pledges are cancelled by their donors (entries; the pledges stay).
	for _, c := range []struct {
		name, reason string
		by           ledger.Member
		h            int
	}{
		{"huaxin-blankets", "shipped directly by the manufacturer · 由厂家直接发货", huaxin.Admin, 1200},
		{"wangfang-goggles", "bought the wrong model · 型号买错了", w.Donor, 1560},
	} {
		if err := s.CancelPledge(sc.at(ctx, c.h), c.by, p[c.name], c.reason); err != nil {
			return nil, fmt.Errorf("demo cancel %s: %w", c.name, err)
		}
	}
	// Tongji lowers its gloves after a city delivery; Central's tents came from the city.
	if err := w.sign(sc.at(ctx, 28*60), tongji.Admin, func(ctx context.Context) error {
		return s.UpdateNeed(ctx, tongji.Admin, n["tongji-wards"], sqlite.NeedInput{Title: "Ward consumables · 病房耗材", Lines: []ledger.NeedLine{
			{Line: 1, Item: "gloves-exam", Quantity: 2500, Urgency: ledger.UrgencyHigh, Deadline: sc.day(6), Place: "Wuhan, Qiaokou District", Spec: "sizes M and L"},
			{Line: 2, Item: "disinfectant", Quantity: 500, Urgency: ledger.UrgencyHigh, Deadline: sc.day(9), Place: "Wuhan, Qiaokou District", Spec: "chlorine-based, 5 L cans"},
		}}, "500 pairs came from the city health commission")
	}); err != nil {
		return nil, fmt.Errorf("demo need update: %w", err)
	}
	if err := s.CloseNeed(sc.at(ctx, 29*60), central.Admin, n["central-tents"], "the city supplied 20 tents · 市里已调拨 20 顶帐篷"); err != nil {
		return nil, fmt.Errorf("demo need close: %w", err)
	}
	w.Now = w.Now.Add(32 * time.Hour)
	w.Needs = sc.out
	return sc.out, nil
}
