package ledger_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// world drives custody rules through whole entries, as the replay does:
// each step's subjects become the entry's subjects and the entry is
// encoded, decoded and applied to a State.
type world struct {
	t    *testing.T
	s    *ledger.State
	n    int64
	user int64 // the member acting (1 unless a test says)
}

const (
	warehouse = 10
	hospital  = 11
	carrier   = 12
	other     = 13
)

func newWorld(t *testing.T) *world {
	w := &world{t: t, s: ledger.NewState()}
	for _, it := range ledger.Catalogue {
		w.s.Items[it.ID] = it
	}
	orgs := ledger.ReplayedOrgs(w.s)
	for id, kind := range map[int64]string{warehouse: ledger.OrgWarehouse, hospital: ledger.OrgRecipient, carrier: ledger.OrgLogistics, other: ledger.OrgWarehouse} {
		orgs[id] = &ledger.OrgState{ID: id, Kind: kind, Name: kind, Registrant: id, Status: ledger.OrgVerified}
	}
	return w
}

func (w *world) c() *ledger.Custody { return ledger.CustodyOf(w.s) }

// do appends an entry of typ by org; it returns the rule's error.
func (w *world) do(org int64, typ string, body ledger.Body) error {
	w.t.Helper()
	if err := body.Validate(); err != nil {
		return err
	}
	actor := ledger.Actor{Org: org, User: max(w.user, 1)}
	if code := ledger.ReceivedPledge(body); code != "" {
		// The replay loads the pledge's facts itself; the preview needs them too.
		if rp := ledger.ReplayedPledges(w.s)[code]; rp != nil {
			w.c().Pledges[code] = rp
		}
	}
	st, err := w.c().Step(w.n, "2026-02-05T08:00:00.000Z", actor, typ, body)
	if err != nil {
		return err
	}
	e, err := ledger.NewEntry(typ, actor, st.Subjects, body)
	if err != nil {
		w.t.Fatal(err)
	}
	e.Time = "2026-02-05T08:00:00.000Z"
	data, err := ledger.Encode(e)
	if err != nil {
		w.t.Fatal(err)
	}
	d, err := ledger.Decode(data)
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.s.Apply(w.n, d); err != nil {
		w.t.Fatalf("replay refused what the rule allowed: %v", err)
	}
	w.n++
	return nil
}

func (w *world) must(org int64, typ string, body ledger.Body) {
	w.t.Helper()
	if err := w.do(org, typ, body); err != nil {
		w.t.Fatalf("%s: %v", typ, err)
	}
}

// refuse expects the rule to fail with code and a message containing msg,
// and the state to stay as it was.
func (w *world) refuse(org int64, typ string, body ledger.Body, code, msg string) {
	w.t.Helper()
	before := w.snapshot()
	err := w.do(org, typ, body)
	if err == nil || ledger.ErrorCode(err) != code || !strings.Contains(err.Error(), msg) {
		w.t.Fatalf("%s: got %v (%s), want %s containing %q", typ, err, ledger.ErrorCode(err), code, msg)
	}
	if after := w.snapshot(); after != before {
		w.t.Fatalf("%s: a refused step changed the state:\n%s\n%s", typ, before, after)
	}
}

func (w *world) snapshot() string {
	var b strings.Builder
	for code, l := range w.c().Lots {
		b.WriteString(code + ":" + strings.Join([]string{itoa(l.Holder), itoa(l.Held), itoa(l.InTransit), l.Pack}, ",") + ";")
	}
	for id, h := range w.c().Handoffs {
		b.WriteString(itoa(id) + h.Status + ";")
	}
	for code, p := range ledger.ReplayedPledges(w.s) {
		b.WriteString(fmt.Sprint(code, p.Status, p.Holder, p.Received, p.Over, ";"))
	}
	for id, n := range ledger.ReplayedNeeds(w.s) {
		b.WriteString(fmt.Sprint(id, n.Status, n.Pledged, n.Lines, ";"))
	}
	return sortedLines(b.String())
}

func (w *world) lot(code string) *ledger.Lot {
	w.t.Helper()
	l, ok := w.c().Lots[code]
	if !ok {
		w.t.Fatalf("no lot %s", code)
	}
	return l
}

func (w *world) expect(code string, holder, held, inTransit int64) {
	w.t.Helper()
	l := w.lot(code)
	if l.Holder != holder || l.Held != held || l.InTransit != inTransit {
		w.t.Fatalf("lot %s: holder %d held %d in transit %d; want %d %d %d", code, l.Holder, l.Held, l.InTransit, holder, held, inTransit)
	}
}

// pledge makes a pledge to the warehouse (pledge.made, as the needs area writes it).
func (w *world) pledge(kind string, items ...string) string {
	w.t.Helper()
	code := ledger.NewCode()
	b := &ledger.PledgeMade{Pledge: code, Donor: "d-0123456789ab", DeliverTo: warehouse, Kind: kind, Handover: ledger.HandoverDropOff, Due: "2026-02-01",
		SecretSHA256: strings.Repeat("ab", 32)}
	if kind == ledger.PledgeMoney {
		b.Currency, b.AmountMinor, b.Handover = "CNY", 100000, ledger.HandoverTransfer
	}
	for _, it := range items {
		b.Lines = append(b.Lines, ledger.PledgeLine{Item: it, Quantity: 1000, Unit: w.s.Items[it].Unit})
	}
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

// handOn hands pledge on from the warehouse to org (pledge.handed_on).
func (w *world) handOn(pledge string, org int64) {
	w.t.Helper()
	if org != warehouse {
		w.apply(warehouse, ledger.TypePledgeHandedOn, &ledger.PledgeHandedOn{Pledge: pledge, To: org})
	}
}

// apply appends an entry through the replay alone.
func (w *world) apply(org int64, typ string, body ledger.Body) error {
	w.t.Helper()
	actor := ledger.Actor{Org: org, User: 1}
	if org == 0 {
		actor = ledger.PledgeActor
	}
	st, err := ledger.PledgesOf(w.s).Step("2026-01-30T09:00:00.000Z", actor, body)
	if err != nil {
		return err
	}
	e, err := ledger.NewEntry(typ, actor, st.Subjects, body)
	if err != nil {
		w.t.Fatal(err)
	}
	e.Time = "2026-01-30T09:00:00.000Z"
	if err := w.s.Apply(w.n, e); err != nil {
		w.t.Fatalf("replay refused what the rule allowed: %v", err)
	}
	w.n++
	return nil
}

// receive records a pledge of masks (of 1000) as one lot at org.
func (w *world) receive(org, q int64) (pledge, lot string) {
	w.t.Helper()
	pledge, lot = w.pledge(ledger.PledgeGoods, "mask-surgical"), ledger.NewCode()
	w.handOn(pledge, org)
	w.must(org, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: []ledger.NewLot{
		{Code: lot, Item: "mask-surgical", Quantity: q, Unit: "pcs", Batch: "B1", Expiry: "2027-01-31", Condition: ledger.ConditionGood}}})
	return pledge, lot
}

func masks(code string, q int64) []ledger.NewLot {
	return []ledger.NewLot{{Code: code, Item: "mask-surgical", Quantity: q, Unit: "pcs", Condition: ledger.ConditionGood}}
}

func TestLotReceived(t *testing.T) {
	w := newWorld(t)
	pledge, lot := w.receive(warehouse, 600)
	w.expect(lot, warehouse, 600, 0)
	if l := w.lot(lot); l.Pledge != pledge || l.Item != "mask-surgical" || l.Batch != "B1" {
		t.Errorf("lot %+v", l)
	}
	// A pledge may arrive in several deliveries.
	w.must(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: masks(ledger.NewCode(), 5)})
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: ledger.NewCode(), Lots: masks(ledger.NewCode(), 1)}, ledger.ENOTFOUND, "no pledge")
	wrongUnit := &ledger.LotReceived{Pledge: pledge, Lots: []ledger.NewLot{{Code: ledger.NewCode(), Item: "mask-surgical", Quantity: 1, Unit: "boxes", Condition: ledger.ConditionGood}}}
	w.refuse(warehouse, ledger.TypeLotReceived, wrongUnit, ledger.EINVALID, "counted in pcs")
	notPledged := &ledger.LotReceived{Pledge: pledge, Lots: []ledger.NewLot{{Code: ledger.NewCode(), Item: "gloves-exam", Quantity: 1, Unit: "pairs", Condition: ledger.ConditionGood}}}
	w.refuse(warehouse, ledger.TypeLotReceived, notPledged, ledger.EINVALID, "was not pledged")
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: masks(lot, 1)}, ledger.ECONFLICT, "is taken")
	other := w.pledge(ledger.PledgeGoods, "mask-surgical")
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: masks(other, 1)}, ledger.ECONFLICT, "is taken")
	money := w.pledge(ledger.PledgeMoney)
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: money, Lots: masks(ledger.NewCode(), 1)}, ledger.EINVALID, "only pledges of goods")
	if err := w.do(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: masks(ledger.NewCode(), 0)}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("zero quantity: %v", err)
	}
	if st := ledger.ReplayedPledges(w.s)[pledge].Status; st != ledger.PledgeStatusReceived {
		t.Errorf("pledge status after receipt: %s", st)
	}
}

// TestPledgeReceipts: a pledge is received only where it is to be
// delivered, up to what was pledged per line (beyond it only as a stated
// over-delivery, counted apart), and closes when every line is received.
func TestPledgeReceipts(t *testing.T) {
	w := newWorld(t)
	p := w.pledge(ledger.PledgeGoods, "mask-surgical", "gloves-exam") // 1000 of each, to the warehouse
	gloves := func(q int64) []ledger.NewLot {
		return []ledger.NewLot{{Code: ledger.NewCode(), Item: "gloves-exam", Quantity: q, Unit: "pairs", Condition: ledger.ConditionGood}}
	}
	for _, tc := range []struct {
		name string
		org  int64
		body *ledger.LotReceived
		code string
		msg  string
	}{
		{"another organisation", hospital, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 10)}, ledger.EFORBIDDEN, "another organisation"},
		{"another warehouse", other, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 10)}, ledger.EFORBIDDEN, "another organisation"},
		{"more than pledged", warehouse, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 1001)}, ledger.ECONFLICT, "only 1000 pcs of this pledge are left"},
		{"two lots beyond the line", warehouse, &ledger.LotReceived{Pledge: p, Lots: append(masks(ledger.NewCode(), 600), masks(ledger.NewCode(), 401)...)}, ledger.ECONFLICT, "only 1000 pcs"},
	} {
		t.Run(tc.name, func(t *testing.T) { w.t = t; w.refuse(tc.org, ledger.TypeLotReceived, tc.body, tc.code, tc.msg) })
	}
	w.t = t
	w.must(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 900)})
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 150)}, ledger.ECONFLICT, "only 100 pcs")
	// Stated, an over-delivery is received and counted apart.
	w.must(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: masks(ledger.NewCode(), 150), OverDelivery: "the donor added a carton"})
	ps := ledger.ReplayedPledges(w.s)[p]
	if ps.Received[0] != 1050 || ps.Over[0] != 50 || ps.Status != ledger.PledgeStatusReceived {
		t.Fatalf("after over-delivery: received %v over %v status %s; want [1050 0] [50 0] received", ps.Received, ps.Over, ps.Status)
	}
	// The warehouse hands the rest on to the hospital, which receives it and closes the pledge.
	if err := w.apply(hospital, ledger.TypePledgeHandedOn, &ledger.PledgeHandedOn{Pledge: p, To: hospital}); ledger.ErrorCode(err) != ledger.EFORBIDDEN {
		t.Errorf("handing on a pledge by an organisation it is not delivered to: %v", err)
	}
	if err := w.apply(warehouse, ledger.TypePledgeHandedOn, &ledger.PledgeHandedOn{Pledge: p, To: carrier}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("handing on a pledge to a carrier: %v", err)
	}
	w.handOn(p, hospital)
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: gloves(1)}, ledger.EFORBIDDEN, "another organisation")
	w.must(hospital, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: gloves(1000)})
	if ps.Status != ledger.PledgeStatusClosed {
		t.Errorf("a pledge received in full is %s, want closed", ps.Status)
	}
	w.refuse(hospital, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: p, Lots: gloves(1), OverDelivery: "more"}, ledger.ECONFLICT, "closed")
	if err := w.apply(hospital, ledger.TypePledgeHandedOn, &ledger.PledgeHandedOn{Pledge: p, To: warehouse}); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Errorf("handing on a closed pledge: %v", err)
	}
}

// A cancelled pledge is never received.
func TestCancelledPledge(t *testing.T) {
	w := newWorld(t)
	pledge := w.pledge(ledger.PledgeGoods, "mask-surgical")
	e, err := ledger.NewEntry(ledger.TypePledgeCancelled, ledger.PledgeActor, []string{ledger.Subject(ledger.SubjectPledge, pledge)},
		&ledger.PledgeCancelled{Pledge: pledge, Donor: "d-0123456789ab", Reason: "no longer available"})
	if err != nil {
		t.Fatal(err)
	}
	e.Time = "2026-01-31T08:00:00.000Z"
	if err := w.s.Apply(w.n, e); err != nil {
		t.Fatal(err)
	}
	w.n++
	w.refuse(warehouse, ledger.TypeLotReceived, &ledger.LotReceived{Pledge: pledge, Lots: masks(ledger.NewCode(), 1)}, ledger.ECONFLICT, "cancelled")
}

func TestSplitConservation(t *testing.T) {
	w := newWorld(t)
	pledge, lot := w.receive(warehouse, 1000)
	a, b := ledger.NewCode(), ledger.NewCode()
	w.refuse(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: a, Quantity: 600}, {Code: b, Quantity: 401}}}, ledger.ECONFLICT, "holds only 1000 pcs here, not 1001")
	w.refuse(hospital, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: a, Quantity: 1}}}, ledger.EFORBIDDEN, "not held by your organisation")
	w.refuse(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: lot, Quantity: 1}}}, ledger.EINVALID, "used twice")
	w.must(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: a, Quantity: 600}, {Code: b, Quantity: 400}}})
	w.expect(lot, warehouse, 0, 0)
	w.expect(a, warehouse, 600, 0)
	if l := w.lot(b); l.Pledge != pledge || l.Parent != lot || l.Expiry != "2027-01-31" {
		t.Errorf("child does not inherit its origin: %+v", l)
	}
	w.refuse(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: ledger.NewCode(), Quantity: 1}}}, ledger.ECONFLICT, "holds only 0")
}

func dispatch(id int64, to, via int64, lines ...ledger.SentLot) *ledger.HandoffDispatched {
	return &ledger.HandoffDispatched{Handoff: id, To: to, Via: via, Lines: lines}
}

func TestHandoffWholeLot(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(warehouse, 500)
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, carrier, ledger.SentLot{Lot: lot, Quantity: 501}), ledger.ECONFLICT, "holds only 500")
	w.refuse(hospital, ledger.TypeHandoffDispatched, dispatch(1, other, 0, ledger.SentLot{Lot: lot, Quantity: 5}), ledger.EFORBIDDEN, "not held")
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, warehouse, 0, ledger.SentLot{Lot: lot, Quantity: 5}), ledger.EINVALID, "receiving organisation")
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, carrier, ledger.SentLot{Lot: lot, Quantity: 500}))
	w.expect(lot, warehouse, 0, 500) // custody has not moved yet
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(2, other, 0, ledger.SentLot{Lot: lot, Quantity: 1}), ledger.ECONFLICT, "holds only 0")
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, other, 0, ledger.SentLot{Lot: lot, Quantity: 1}), ledger.ECONFLICT, "already exists")

	// Carrier steps: only the carrier, in order, once.
	w.refuse(hospital, ledger.TypeHandoffPickedUp, &ledger.HandoffStep{Handoff: 1}, ledger.EFORBIDDEN, "only the carrier")
	w.refuse(carrier, ledger.TypeHandoffDelivered, &ledger.HandoffStep{Handoff: 1}, ledger.ECONFLICT, "not possible")
	full := &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 500, Condition: ledger.ConditionGood}}}
	// Through a carrier, the receiver counts only what was delivered.
	w.refuse(hospital, ledger.TypeHandoffReceived, full, ledger.ECONFLICT, "not delivered this shipment yet")
	w.must(carrier, ledger.TypeHandoffPickedUp, &ledger.HandoffStep{Handoff: 1})
	w.refuse(carrier, ledger.TypeHandoffPickedUp, &ledger.HandoffStep{Handoff: 1}, ledger.ECONFLICT, "already confirmed")
	w.refuse(hospital, ledger.TypeHandoffReceived, full, ledger.ECONFLICT, "not delivered this shipment yet")
	w.must(carrier, ledger.TypeHandoffDelivered, &ledger.HandoffStep{Handoff: 1})

	w.refuse(carrier, ledger.TypeHandoffReceived, full, ledger.EFORBIDDEN, "only the receiving organisation")
	w.refuse(warehouse, ledger.TypeHandoffReceived, full, ledger.EFORBIDDEN, "only the receiving organisation")
	short := &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 480, Condition: ledger.ConditionGood}}}
	w.refuse(hospital, ledger.TypeHandoffReceived, short, ledger.EINVALID, "give a reason")
	damaged := &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 500, Condition: ledger.ConditionDamaged}}}
	w.refuse(hospital, ledger.TypeHandoffReceived, damaged, ledger.EINVALID, "give a reason")
	surplus := &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 501, Condition: ledger.ConditionGood, Reason: ledger.ReasonOther}}}
	w.refuse(hospital, ledger.TypeHandoffReceived, surplus, ledger.EINVALID, "explain it in a note")
	short.Lines[0].Reason = ledger.ReasonMissing
	w.must(hospital, ledger.TypeHandoffReceived, short)
	w.expect(lot, hospital, 480, 0) // the lot itself moved; 20 are a discrepancy held by nobody
	if h := w.c().Handoffs[1]; h.Status != ledger.StatusReceived || h.Lines[0].Received != 480 || h.Lines[0].Reason != ledger.ReasonMissing {
		t.Errorf("handoff %+v", h)
	}
	// A confirmation submitted twice is applied once.
	w.refuse(hospital, ledger.TypeHandoffReceived, short, ledger.ECONFLICT, "already received")
	w.refuse(hospital, ledger.TypeHandoffRejected, &ledger.HandoffRejected{Handoff: 1, Reason: ledger.ReasonOther}, ledger.ECONFLICT, "already received")
	// Custody moved: the warehouse can no longer act on it, the hospital can.
	w.refuse(warehouse, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 1, Use: "ICU", Date: "2026-02-02"}, ledger.EFORBIDDEN, "not held")
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 80, Use: "ICU", Date: "2026-02-02"})
	w.expect(lot, hospital, 400, 0)
}

func TestHandoffPartOfLot(t *testing.T) {
	w := newWorld(t)
	pledge, lot := w.receive(warehouse, 1000)
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(7, hospital, 0, ledger.SentLot{Lot: lot, Quantity: 300}))
	w.expect(lot, warehouse, 700, 300)
	// The rest stays usable at the sender while the part travels.
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(8, other, 0, ledger.SentLot{Lot: lot, Quantity: 700}))
	w.expect(lot, warehouse, 0, 1000)
	if w.c().Handoffs[8].Lines[0].Whole {
		t.Error("a dispatch while another part travels moved the whole lot")
	}
	newLot := ledger.NewCode()
	noCode := &ledger.HandoffReceived{Handoff: 7, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 300, Condition: ledger.ConditionGood}}}
	w.refuse(hospital, ledger.TypeHandoffReceived, noCode, ledger.EINVALID, "bad lot code")
	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 7, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 300, Condition: ledger.ConditionGood, NewLot: newLot}}})
	w.expect(lot, warehouse, 0, 700)
	w.expect(newLot, hospital, 300, 0)
	if l := w.lot(newLot); l.Pledge != pledge || l.Parent != lot {
		t.Errorf("received part does not trace back: %+v", l)
	}
	// Rejection returns the quantity to the sender, who never lost custody.
	w.refuse(warehouse, ledger.TypeHandoffRejected, &ledger.HandoffRejected{Handoff: 8, Reason: ledger.ReasonSubstandard}, ledger.EFORBIDDEN, "only the receiving")
	w.must(other, ledger.TypeHandoffRejected, &ledger.HandoffRejected{Handoff: 8, Reason: ledger.ReasonSubstandard, Note: "no certificates"})
	w.expect(lot, warehouse, 700, 0)
	w.refuse(other, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 8, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 700, Condition: ledger.ConditionGood, NewLot: ledger.NewCode()}}}, ledger.ECONFLICT, "already rejected")
}

func TestLostInTransit(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(warehouse, 50)
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: lot, Quantity: 50}))
	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: lot, Received: 0, Condition: ledger.ConditionGood, Reason: ledger.ReasonMissing}}})
	w.expect(lot, 0, 0, 0)
}

func TestPacks(t *testing.T) {
	w := newWorld(t)
	_, a := w.receive(warehouse, 100)
	_, b := w.receive(warehouse, 200)
	box := ledger.NewCode()
	w.refuse(hospital, ledger.TypeLotPacked, &ledger.LotPacked{Pack: box, Description: "box 1", Lots: []string{a, b}}, ledger.EFORBIDDEN, "not held")
	w.must(warehouse, ledger.TypeLotPacked, &ledger.LotPacked{Pack: box, Description: "box 1", Lots: []string{a, b}})
	w.refuse(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: a, Children: []ledger.ChildLot{{Code: ledger.NewCode(), Quantity: 1}}}, ledger.ECONFLICT, "unpack it first")
	w.refuse(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: a, Quantity: 100}), ledger.ECONFLICT, "unpack it first")
	w.refuse(warehouse, ledger.TypeLotUsed, &ledger.LotUsed{Lot: box, Quantity: 1, Use: "ward", Date: "2026-02-02"}, ledger.EINVALID, "is a pack")
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, 0, ledger.SentLot{Lot: box, Quantity: 1}))
	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{{Lot: box, Received: 1, Condition: ledger.ConditionGood}}})
	w.expect(box, hospital, 1, 0)
	w.expect(a, hospital, 100, 0) // contents follow the pack
	w.refuse(warehouse, ledger.TypeLotUnpacked, &ledger.LotUnpacked{Pack: box}, ledger.EFORBIDDEN, "not held")
	w.must(hospital, ledger.TypeLotUnpacked, &ledger.LotUnpacked{Pack: box})
	w.expect(box, hospital, 0, 0)
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: b, Quantity: 200, Use: "ward 2", Date: "2026-02-03"})
	w.refuse(hospital, ledger.TypeLotUnpacked, &ledger.LotUnpacked{Pack: box}, ledger.ECONFLICT, "not a pack at hand")
}

func TestUseAndWriteOff(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(hospital, 100)
	w.refuse(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 101, Use: "ICU", Date: "2026-02-02"}, ledger.ECONFLICT, "holds only 100")
	w.refuse(other, ledger.TypeLotWrittenOff, &ledger.LotWrittenOff{Lot: lot, Quantity: 1, Cause: ledger.CauseDamage, Reason: "water"}, ledger.EFORBIDDEN, "not held")
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 60, Use: "ICU", Date: "2026-02-02"})
	w.must(hospital, ledger.TypeLotWrittenOff, &ledger.LotWrittenOff{Lot: lot, Quantity: 40, Cause: ledger.CauseExpiry, Reason: "expired in store"})
	w.expect(lot, hospital, 0, 0)
}

func TestCorrection(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(hospital, 100)
	wrong := w.n
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 90, Use: "ICU", Date: "2026-02-02"})
	w.expect(lot, hospital, 10, 0)
	// Without the correction, re-issuing the right quantity breaks conservation.
	w.refuse(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 30, Use: "ICU", Date: "2026-02-02"}, ledger.ECONFLICT, "holds only 10")
	w.refuse(other, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "typo", Corrective: []int64{w.n + 1}}, ledger.EFORBIDDEN, "only the organisation")
	w.refuse(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong - 1, Reason: "typo"}, ledger.EINVALID, "only those can be corrected")
	w.refuse(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "typo", Corrective: []int64{w.n + 2}}, ledger.EINVALID, "must follow")
	decl := w.n
	w.must(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "typed 90 for 30", Corrective: []int64{decl + 1}})
	w.expect(lot, hospital, 100, 0)
}

func TestCorrectionReissue(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(hospital, 100)
	wrong := w.n
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 90, Use: "ICU", Date: "2026-02-02"})
	decl := w.n
	w.must(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "typed 90 for 30", Corrective: []int64{decl + 1}})
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 30, Use: "ICU", Date: "2026-02-02"})
	w.expect(lot, hospital, 70, 0)
	if f := w.c().Finals[wrong]; f.CorrectedBy != decl {
		t.Errorf("wrong entry not marked corrected: %+v", f)
	}
	w.refuse(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "again"}, ledger.ECONFLICT, "already been corrected")
}

// A correction that names an entry which then is not a use of its lot is a
// violation in the replay.
func TestCorrectionPendingViolation(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(hospital, 100)
	wrong := w.n
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: lot, Quantity: 90, Use: "ICU", Date: "2026-02-02"})
	w.must(hospital, ledger.TypeEntryCorrected, &ledger.EntryCorrected{Entry: wrong, Reason: "typo", Corrective: []int64{w.n + 1}})
	_, err := w.c().Step(w.n, "2026-02-05T08:00:00.000Z", ledger.Actor{Org: hospital}, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: ledger.NewCode(), Quantity: 1}}})
	if err == nil || !strings.Contains(err.Error(), "named as a correction") {
		t.Errorf("split where a corrective use was announced: %v", err)
	}
}

// The replay refuses an entry whose subjects are not exactly the lots it touches.
func TestReplaySubjects(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(warehouse, 10)
	e, err := ledger.NewEntry(ledger.TypeLotUsed, ledger.Actor{Org: warehouse, User: 1}, []string{"lot:" + ledger.NewCode()},
		&ledger.LotUsed{Lot: lot, Quantity: 1, Use: "ward", Date: "2026-02-02"})
	if err != nil {
		t.Fatal(err)
	}
	e.Time = "2026-02-05T08:00:00.000Z"
	if err := w.s.Apply(w.n, e); err == nil || !strings.Contains(err.Error(), "lists subjects") {
		t.Errorf("wrong subject accepted: %v", err)
	}
	w.expect(lot, warehouse, 10, 0)
}

// Conservation over a random-ish history: what was received is always
// held, in transit, used, written off or a recorded shortfall.
func TestConservationTotal(t *testing.T) {
	w := newWorld(t)
	_, lot := w.receive(warehouse, 1000)
	kids := []string{ledger.NewCode(), ledger.NewCode()}
	w.must(warehouse, ledger.TypeLotSplit, &ledger.LotSplit{Lot: lot, Children: []ledger.ChildLot{{Code: kids[0], Quantity: 400}, {Code: kids[1], Quantity: 500}}})
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(1, hospital, carrier, ledger.SentLot{Lot: kids[0], Quantity: 400}, ledger.SentLot{Lot: lot, Quantity: 50}))
	w.must(carrier, ledger.TypeHandoffPickedUp, &ledger.HandoffStep{Handoff: 1})
	w.must(carrier, ledger.TypeHandoffDelivered, &ledger.HandoffStep{Handoff: 1})
	nl := ledger.NewCode()
	w.must(hospital, ledger.TypeHandoffReceived, &ledger.HandoffReceived{Handoff: 1, Lines: []ledger.ReceivedLot{
		{Lot: kids[0], Received: 390, Condition: ledger.ConditionDamaged, Reason: ledger.ReasonDamaged},
		{Lot: lot, Received: 50, Condition: ledger.ConditionGood, NewLot: nl}}})
	w.must(hospital, ledger.TypeLotUsed, &ledger.LotUsed{Lot: kids[0], Quantity: 100, Use: "ward", Date: "2026-02-02"})
	w.must(warehouse, ledger.TypeLotWrittenOff, &ledger.LotWrittenOff{Lot: kids[1], Quantity: 5, Cause: ledger.CauseLoss, Reason: "counted short"})
	w.must(warehouse, ledger.TypeHandoffDispatched, dispatch(2, other, 0, ledger.SentLot{Lot: kids[1], Quantity: 95}))
	var held, transit, final, short int64
	for _, l := range w.c().Lots {
		held += l.Held
		transit += l.InTransit
	}
	for _, f := range w.c().Finals {
		final += f.Quantity
	}
	for _, h := range w.c().Handoffs {
		if h.Status == ledger.StatusReceived {
			for _, ln := range h.Lines {
				short += ln.Quantity - ln.Received
			}
		}
	}
	if total := held + transit + final + short; total != 1000 {
		t.Errorf("held %d + in transit %d + used %d + shortfall %d = %d, want 1000", held, transit, final, short, total)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sortedLines(s string) string {
	parts := strings.Split(s, ";")
	slices.Sort(parts)
	return strings.Join(parts, ";")
}

func TestLotActions(t *testing.T) {
	wh := ledger.Member{User: 1, Org: warehouse, OrgKind: ledger.OrgWarehouse, OrgStatus: ledger.OrgVerified}
	hosp := ledger.Member{User: 2, Org: hospital, OrgKind: ledger.OrgRecipient, OrgStatus: ledger.OrgVerified}
	car := ledger.Member{User: 3, Org: carrier, OrgKind: ledger.OrgLogistics, OrgStatus: ledger.OrgVerified}
	lot := &ledger.Lot{Code: "X", Item: "mask-surgical", Holder: warehouse, Held: 10}
	for _, tc := range []struct {
		name string
		m    ledger.Member
		l    ledger.Lot
		want string
	}{
		{"warehouse holding", wh, *lot, "label split dispatch write_off count"},
		{"hospital holding", hosp, ledger.Lot{Item: "x", Holder: hospital, Held: 1}, "label dispatch use write_off count"},
		{"not the holder", hosp, *lot, ""},
		{"carrier", car, ledger.Lot{Item: "x", Holder: carrier, Held: 5}, ""},
		{"all in transit", wh, ledger.Lot{Item: "x", Holder: warehouse, InTransit: 10}, "label count"},
		{"packed", wh, ledger.Lot{Item: "x", Holder: warehouse, Held: 5, Pack: "P"}, ""},
		{"pack at hand", wh, ledger.Lot{Holder: warehouse, Held: 1}, "label dispatch unpack"},
		{"signed out", ledger.Member{}, *lot, ""},
	} {
		if got := strings.Join(ledger.LotActions(tc.m, &tc.l), " "); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
