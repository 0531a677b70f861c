package sqlite

// The public figures (totals, series, flows, each organisation's record)
// are derived from the ledger entries alone, never from private tables, so
// every number on the public pages can be recomputed from
// /data/entries.jsonl. One function counts an entry (countEntry); it runs in
// each write's transaction into the read-model tables (figures_model.go)
// and in a full replay of the log (here), which checks the read models
// (CheckFigures) and is the tests' reference for the open-data exports.

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// figures is a full replay of the log in memory: the domain state and the
// figures counted from it.
type figures struct {
	next  int64 // index of the next entry to apply
	state *ledger.State
	set   *figSet
}

type final struct {
	typ, item string
	org, qty  int64
	day       string
}

// The kinds of sums (fig_sums.kind). Totals by item or currency have key 0;
// an organisation's by item have its id; a need's by item its id.
const (
	sumPledged       = "pledged" // goods by item, cancelled pledges deducted
	sumReceived      = "received"
	sumDelivered     = "delivered" // received by a recipient
	sumUsed          = "used"
	sumWrittenOff    = "written_off"
	sumOrgReceived   = "org_received"
	sumOrgSent       = "org_sent"
	sumOrgUsed       = "org_used"
	sumMoneyPledged  = "money_pledged" // minor units by currency
	sumMoneyReceived = "money_received"
	sumMoneySpent    = "money_spent"
	sumNeedCounted   = "need_counted"   // published need quantities counted in the needed series
	sumNeedDelivered = "need_delivered" // received by the need's organisation from pledges for it
)

// The kinds of balance sums (fig_sums): an organisation's money as the
// funds page and money desk show it (ledger.Balance), key the
// organisation (0: the platform's totals), name the currency (for spent: the currency, a space and
// the category).
const (
	balDonated       = "bal_donated"
	balTransferredIn = "bal_transferred_in"
	balDisbursed     = "bal_disbursed"
	balSpent         = "bal_spent"
	balWrittenOff    = "bal_written_off"
	balHeld          = "bal_held"
	balInTransit     = "bal_in_transit"
)

// moneyLot is what the balances count of a money lot: who holds it, in
// which currency, how much is held and in transit.
type moneyLot struct {
	Holder    int64
	Currency  string
	Held      int64
	InTransit int64
}

// transferKey is money passed on from one organisation to another, in one
// currency (shipments not refused).
type transferKey struct {
	From, To int64
	Currency string
}

// The daily series (fig_daily.series).
const (
	seriesNeeded    = "needed"
	seriesDelivered = "delivered"
	seriesUsed      = "used" // by recipient
)

// dailyKey is one day of one series of an item (of an organisation for used).
type dailyKey struct {
	series, item string
	org          int64
	day          string
}

// flowKey is one edge of the flow chart of an item: from an organisation,
// or (From 0) from a donor by public name (anonymous donors together), to
// an organisation.
type flowKey struct {
	Item  string
	From  int64
	Donor string
	To    int64
}

// anonymous is the donor of a flow from a pledge whose donor chose not to
// be named; purchased is the source of supplies bought with donated money.
const (
	anonymous = "\x00anonymous"
	purchased = "\x00purchased"
)

// figDomain is what counting an entry needs to know of the domain, as it
// is just after the entry: from the replayed state, or from the store's
// rows in the write's transaction.
type figDomain interface {
	lotItem(code string) string             // "" for a pack or an unknown lot
	packItems(code string) map[string]int64 // a pack's contents held, by item
	handoff(id int64) (from int64, sent map[string]int64, ok bool)
	pledge(code string) *ledger.PledgeMade // nil if unknown
	lotPledge(lot string) *ledger.PledgeMade
	needOrg(id int64) int64 // 0 if unknown
	publishedNeed(id int64) (lines map[string]int64, ok bool)
	moneyLot(code string) (moneyLot, bool)     // false unless a money lot
	lotFinal(index int64) (ledger.Final, bool) // a use or write-off
	err() error
}

// figSink holds the figures counted so far and takes an entry's effects:
// the in-memory figSet, or the read-model tables.
type figSink interface {
	add(kind string, key int64, name string, q int64)
	addDaily(k dailyKey, q int64)
	addFlow(k flowKey, q int64)
	discrepancy(d ledger.Discrepancy)
	setFinal(index int64, f final)
	final(index int64) (final, bool)
	setOrg(o ledger.OrgFacts)
	orgKind(id int64) string
	needCounted(id int64) map[string]int64
	moneyLot(code string) (moneyLot, bool) // as last counted
	setMoneyLot(code string, l moneyLot)
	addTransfer(k transferKey, q int64)
	err() error
}

// countEntry counts an applied entry (one that broke no rule) into the
// figures, with st its rule's step (the effects the rule reports, such as
// a receipt's discrepancies). It is the one definition of every public
// figure.
func countEntry(index int64, e *ledger.Entry, body ledger.Body, st *ledger.Step, dom figDomain, f figSink) {
	day := ""
	if len(e.Time) >= 10 {
		day = e.Time[:10]
	}
	countNeeds(e, day, dom, f)
	actor := e.Actor.Org
	received := func(org int64, item string, q int64) {
		f.add(sumReceived, 0, item, q)
		f.add(sumOrgReceived, org, item, q)
	}
	sent := func(org int64, lot string, sign, q int64) {
		if it := dom.lotItem(lot); it == ledger.ItemMoney {
			return // money moves are in the money figures, by currency
		} else if it != "" {
			f.add(sumOrgSent, org, it, sign*q)
			return
		}
		for it, q := range dom.packItems(lot) {
			f.add(sumOrgSent, org, it, sign*q)
		}
	}
	switch b := body.(type) {
	case *ledger.OrgRegistered:
		f.setOrg(ledger.OrgFacts{ID: b.Org, Name: b.Name, Kind: b.Kind})
	case *ledger.PledgeMade:
		countPledge(f, b, 1)
	case *ledger.PledgeCancelled:
		if p := dom.pledge(b.Pledge); p != nil {
			countPledge(f, p, -1)
		}
	case *ledger.LotReceived:
		donor := anonymous
		if p := dom.pledge(b.Pledge); p != nil && p.Name != "" {
			donor = p.Name
		}
		for _, l := range b.Lots {
			received(actor, l.Item, l.Quantity)
			f.addFlow(flowKey{Item: l.Item, Donor: donor, To: actor}, l.Quantity)
		}
	case *ledger.MoneyReceived:
		f.add(sumMoneyReceived, 0, b.Currency, b.AmountMinor)
		addBalance(f, balDonated, actor, b.Currency, b.AmountMinor)
	case *ledger.MoneySpent:
		f.add(sumMoneySpent, 0, b.Currency, b.Total())
		addBalance(f, balSpent, actor, b.Currency+" "+b.Category, b.Total())
		// Supplies bought with donated money enter custody here.
		for _, l := range b.Bought {
			received(actor, l.Item, l.Quantity)
			f.addFlow(flowKey{Item: l.Item, Donor: purchased, To: actor}, l.Quantity)
		}
	case *ledger.HandoffDispatched:
		for _, l := range b.Lines {
			sent(actor, l.Lot, 1, l.Quantity)
			disbursed(dom, f, transferKey{actor, b.To, ""}, l.Lot, l.Quantity)
		}
	case *ledger.HandoffRejected:
		// The goods went back to the sender: they were not sent after all.
		if from, lines, ok := dom.handoff(b.Handoff); ok {
			for lot, q := range lines {
				sent(from, lot, -1, q)
				disbursed(dom, f, transferKey{from, actor, ""}, lot, -q)
			}
		}
	case *ledger.HandoffReceived:
		from, _, ok := dom.handoff(b.Handoff)
		if !ok {
			return
		}
		for _, rl := range b.Lines {
			got := map[string]int64{}
			item := dom.lotItem(rl.Lot)
			if item != "" {
				got[item] = rl.Received
			} else if rl.Received > 0 {
				got = dom.packItems(rl.Lot)
			}
			for it, q := range got {
				if it == ledger.ItemMoney {
					continue
				}
				f.add(sumOrgReceived, actor, it, q)
				f.addFlow(flowKey{Item: it, From: from, To: actor}, q)
				if f.orgKind(actor) == ledger.OrgRecipient {
					f.add(sumDelivered, 0, it, q)
					f.addDaily(dailyKey{seriesDelivered, it, 0, day}, q)
				}
			}
			if item == ledger.ItemMoney {
				if m, ok := dom.moneyLot(rl.Lot); ok {
					addBalance(f, balTransferredIn, actor, m.Currency, rl.Received)
				}
			}
			if p := dom.lotPledge(rl.Lot); item != "" && p != nil && p.Need != 0 && dom.needOrg(p.Need) == actor {
				f.add(sumNeedDelivered, p.Need, item, rl.Received)
			}
		}
		// The discrepancies are the custody rule's effect, in receipt order.
		for i, rl := range b.Lines {
			for _, d := range stepDiscrepancies(st) {
				if d.Lot == rl.Lot {
					f.discrepancy(ledger.Discrepancy{Index: index, Line: i, Time: e.Time, Handoff: b.Handoff, From: from, To: actor, Lot: d.Lot, Item: dom.lotItem(d.Lot),
						Sent: d.Quantity, Received: d.Received, Reason: d.Reason, Note: d.Note})
				}
			}
		}
	case *ledger.LotUsed:
		countFinal(f, index, final{ledger.TypeLotUsed, dom.lotItem(b.Lot), actor, b.Quantity, day}, 1)
	case *ledger.LotWrittenOff:
		countFinal(f, index, final{ledger.TypeLotWrittenOff, dom.lotItem(b.Lot), actor, b.Quantity, day}, 1)
		if m, ok := dom.moneyLot(b.Lot); ok {
			addBalance(f, balWrittenOff, actor, m.Currency, b.Quantity)
		}
	case *ledger.EntryCorrected:
		if x, ok := f.final(b.Entry); ok {
			countFinal(f, b.Entry, x, -1)
		}
		if x, ok := dom.lotFinal(b.Entry); ok && x.Type == ledger.TypeLotWrittenOff {
			if m, ok := dom.moneyLot(x.Lot); ok {
				addBalance(f, balWrittenOff, x.Org, m.Currency, -x.Quantity)
			}
		}
	}
	countMoneyLots(e, dom, f)
}

// addBalance counts q into org's balance of kind and into the platform's
// (key 0), so the funds page reads its totals from one row per currency
// instead of summing every organisation's.
func addBalance(f figSink, kind string, org int64, name string, q int64) {
	f.add(kind, org, name, q)
	f.add(kind, 0, name, q)
}

// disbursed counts money sent (q > 0) or refused and back with its sender
// (q < 0), if lot is a money lot.
func disbursed(dom figDomain, f figSink, k transferKey, lot string, q int64) {
	m, ok := dom.moneyLot(lot)
	if !ok {
		return
	}
	k.Currency = m.Currency
	addBalance(f, balDisbursed, k.From, m.Currency, q)
	f.addTransfer(k, q)
}

// countMoneyLots moves the money held and in transit of every money lot
// the entry touched (its lot subjects) from what was last counted of the
// lot to what it is now. Lots held by nobody (lost on the way) count for
// no one.
func countMoneyLots(e *ledger.Entry, dom figDomain, f figSink) {
	count := func(l moneyLot, sign int64) {
		if l.Holder != 0 {
			addBalance(f, balHeld, l.Holder, l.Currency, sign*l.Held)
			addBalance(f, balInTransit, l.Holder, l.Currency, sign*l.InTransit)
		}
	}
	for _, subj := range e.Subjects {
		kind, code := ledger.SplitSubject(subj)
		if kind != ledger.SubjectLot {
			continue
		}
		now, ok := dom.moneyLot(code)
		if !ok {
			continue
		}
		if was, ok := f.moneyLot(code); ok {
			if was == now {
				continue
			}
			count(was, -1)
		}
		count(now, 1)
		f.setMoneyLot(code, now)
	}
}

// stepDiscrepancies returns a receipt's discrepancies as its step reports them.
func stepDiscrepancies(st *ledger.Step) []ledger.HandoffLine {
	if st == nil {
		return nil
	}
	return st.Discrepancies
}

// countFinal counts (sign 1) or uncounts (-1, once corrected) a use or write-off.
func countFinal(f figSink, index int64, x final, sign int64) {
	if x.item == ledger.ItemMoney {
		return
	}
	if sign > 0 {
		f.setFinal(index, x)
	}
	if x.typ == ledger.TypeLotWrittenOff {
		f.add(sumWrittenOff, 0, x.item, sign*x.qty)
		return
	}
	f.add(sumUsed, 0, x.item, sign*x.qty)
	f.add(sumOrgUsed, x.org, x.item, sign*x.qty)
	f.addDaily(dailyKey{seriesUsed, x.item, x.org, x.day}, sign*x.qty)
}

// countPledge counts (sign 1) or uncounts (-1, cancelled) a pledge.
func countPledge(f figSink, b *ledger.PledgeMade, sign int64) {
	if b.Kind == ledger.PledgeMoney {
		f.add(sumMoneyPledged, 0, b.Currency, sign*b.AmountMinor)
		return
	}
	for _, l := range b.Lines {
		f.add(sumPledged, 0, l.Item, sign*l.Quantity)
	}
}

// countNeeds adds to the needed-over-time series what the entry changed in
// published needs: their lines when published or updated. A closed need
// stays counted: it was needed.
func countNeeds(e *ledger.Entry, day string, dom figDomain, f figSink) {
	for _, subj := range e.Subjects {
		kind, id := ledger.SplitSubject(subj)
		n, err := strconv.ParseInt(id, 10, 64)
		if kind != ledger.SubjectNeed || err != nil {
			continue
		}
		cur, ok := dom.publishedNeed(n)
		if !ok {
			continue
		}
		old := f.needCounted(n)
		for it, q := range cur {
			if d := q - old[it]; d != 0 {
				f.addDaily(dailyKey{seriesNeeded, it, 0, day}, d)
				f.add(sumNeedCounted, n, it, d)
			}
		}
		for it, q := range old {
			if _, ok := cur[it]; !ok && q != 0 {
				f.addDaily(dailyKey{seriesNeeded, it, 0, day}, -q)
				f.add(sumNeedCounted, n, it, -q)
			}
		}
	}
}

func newFigures() *figures {
	return &figures{state: ledger.NewState(), set: newFigSet()}
}

// catchUp applies the entries up to size and calls applied, if not nil,
// with each entry that applied and its link (index and leaf hash).
func (f *figures) catchUp(ctx context.Context, q queryer, size int64, applied func(ledger.Link, *ledger.Entry)) error {
	for f.next < size {
		es, err := queryEntries(ctx, q, true, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, f.next, min(f.next+1024, size))
		if err != nil {
			return err
		}
		if len(es) == 0 {
			return fmt.Errorf("entry %d is missing", f.next)
		}
		var leaves []tlog.Hash
		if applied != nil {
			ids := make([]int64, len(es))
			for i, e := range es {
				ids[i] = tlog.StoredHashIndex(0, e.Index)
			}
			if leaves, err = readHashesIn(ctx, q, ids); err != nil {
				return err
			}
		}
		for i, e := range es {
			if f.apply(e.Index, e.Entry) && applied != nil {
				applied(ledger.Link{Index: e.Index, Hash: hex.EncodeToString(leaves[i][:])}, e.Entry)
			}
			f.next = e.Index + 1
		}
	}
	return nil
}

// apply adds one entry and reports whether it applied. Entries that do not
// decode or break a rule change nothing, exactly as in the verifier's replay.
func (f *figures) apply(index int64, e *ledger.Entry) bool {
	if e == nil {
		return false
	}
	body, err := e.DecodeBody()
	if err != nil {
		return false
	}
	dom := &stateDomain{s: f.state}
	// A shipment as dispatched, before a receipt or rejection changes it.
	switch b := body.(type) {
	case *ledger.HandoffReceived:
		dom.keep(b.Handoff)
	case *ledger.HandoffRejected:
		dom.keep(b.Handoff)
	}
	st, err := f.state.ApplyStep(index, e)
	if err != nil {
		return false
	}
	countEntry(index, e, body, st, dom, f.set)
	return true
}

// stateDomain answers figDomain from a replayed state.
type stateDomain struct {
	s        *ledger.State
	handoffs map[int64]ledger.Handoff // kept before the entry
}

func (d *stateDomain) keep(id int64) {
	if h, ok := ledger.CustodyOf(d.s).Handoffs[id]; ok {
		d.handoffs = map[int64]ledger.Handoff{id: {From: h.From, Lines: slices.Clone(h.Lines)}}
	}
}

func (d *stateDomain) lotItem(code string) string {
	if l, ok := ledger.CustodyOf(d.s).Lots[code]; ok {
		return l.Item
	}
	return ""
}

func (d *stateDomain) packItems(code string) map[string]int64 {
	cust := ledger.CustodyOf(d.s)
	out := map[string]int64{}
	if l, ok := cust.Lots[code]; ok {
		for _, c := range l.Contents {
			if m, ok := cust.Lots[c]; ok && m.Item != "" {
				out[m.Item] += m.Held
			}
		}
	}
	return out
}

func (d *stateDomain) handoff(id int64) (int64, map[string]int64, bool) {
	h, ok := d.handoffs[id]
	if !ok {
		return 0, nil, false
	}
	return h.From, sentByLot(h.Lines), true
}

func sentByLot(lines []ledger.HandoffLine) map[string]int64 {
	sent := map[string]int64{}
	for _, l := range lines {
		sent[l.Lot] += l.Quantity
	}
	return sent
}

func (d *stateDomain) pledge(code string) *ledger.PledgeMade {
	if p := ledger.ReplayedPledges(d.s)[code]; p != nil {
		return &p.Body
	}
	return nil
}

func (d *stateDomain) lotPledge(lot string) *ledger.PledgeMade {
	if l, ok := ledger.CustodyOf(d.s).Lots[lot]; ok {
		return d.pledge(l.Pledge)
	}
	return nil
}

func (d *stateDomain) needOrg(id int64) int64 {
	if n := ledger.ReplayedNeeds(d.s)[id]; n != nil {
		return n.Org
	}
	return 0
}

func (d *stateDomain) publishedNeed(id int64) (map[string]int64, bool) {
	n := ledger.ReplayedNeeds(d.s)[id]
	if n == nil || n.Status != ledger.NeedStatusPublished {
		return nil, false
	}
	cur := map[string]int64{}
	for _, l := range n.Lines {
		cur[l.Item] += l.Quantity
	}
	return cur, true
}

func (d *stateDomain) moneyLot(code string) (moneyLot, bool) {
	l, ok := ledger.CustodyOf(d.s).Lots[code]
	if !ok || !l.IsMoney() {
		return moneyLot{}, false
	}
	return moneyLot{Holder: l.Holder, Currency: l.Unit, Held: l.Held, InTransit: l.InTransit}, true
}

func (d *stateDomain) lotFinal(index int64) (ledger.Final, bool) {
	if x, ok := ledger.CustodyOf(d.s).Finals[index]; ok {
		return *x, true
	}
	return ledger.Final{}, false
}

func (d *stateDomain) err() error { return nil }
