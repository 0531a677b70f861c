package sqlite

// The public figures (totals, series, flows, each organisation's record)
// are re-derived from the ledger entries alone, with the same replay the
// verifier runs (ledger.State), never from private tables: so every number
// on the public pages can be recomputed from /data/entries.jsonl. They are
// kept in memory and caught up with the log on each read.

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"golang.org/x/mod/sumdb/tlog"
)

// figures is the in-memory replay behind the public pages.
type figures struct {
	mu    sync.Mutex
	next  int64 // index of the next entry to apply
	state *ledger.State
	orgs  map[int64]OrgFacts

	received, delivered, used, writtenOff map[string]int64                      // by item
	deliveredDaily                        map[string]map[string]int64           // item -> day -> quantity
	usedDaily                             map[string]map[int64]map[string]int64 // item -> org -> day -> quantity
	flows                                 map[string]map[flowKey]int64          // item -> flow -> quantity
	byOrg                                 map[int64]*orgTally
	finals                                map[int64]final // lot.used / lot.written_off by index, for corrections

	pledged       map[string]int64            // goods by item, cancelled pledges deducted
	pledgedMoney  map[string]int64            // minor units by currency
	moneyIn       map[string]int64            // received (money.received), by currency
	moneySpent    map[string]int64            // spent (money.spent), by currency
	neededDaily   map[string]map[string]int64 // item -> day -> change in published need quantities
	needCounted   map[int64]map[string]int64  // need -> item -> quantity counted in neededDaily
	needDelivered map[int64]map[string]int64  // need -> item -> received by the need's organisation from pledges for it

	heads map[string]ledger.Link // each subject's latest applied entry
	funds []fundsRow             // money.received, money.spent and confirmed money transfers, in log order
}

// fundsRow is one money entry, for funds.csv and iati.xml.
type fundsRow struct {
	link ledger.Link
	time string
	org  int64
	body ledger.Body
}

// OrgFacts is an organisation's public registration, from org.registered.
type OrgFacts struct {
	ID   int64
	Name string
	Kind string
}

type orgTally struct {
	received, sent, used map[string]int64 // by item
	discrepancies        []Discrepancy
}

type final struct {
	typ, item string
	org, qty  int64
	day       string
}

// Discrepancy is a handoff line whose received quantity or condition differs
// from what was sent: public, and shown for both sides.
type Discrepancy struct {
	Index    int64 // the handoff.received entry
	Time     string
	Handoff  int64
	From, To int64
	Lot      string
	Item     string
	Sent     int64
	Received int64
	Reason   string
	Note     string
}

func newFigures() *figures {
	return &figures{
		state: ledger.NewState(), orgs: map[int64]OrgFacts{},
		received: map[string]int64{}, delivered: map[string]int64{}, used: map[string]int64{}, writtenOff: map[string]int64{},
		deliveredDaily: map[string]map[string]int64{}, usedDaily: map[string]map[int64]map[string]int64{},
		flows: map[string]map[flowKey]int64{}, byOrg: map[int64]*orgTally{}, finals: map[int64]final{},
		pledged: map[string]int64{}, pledgedMoney: map[string]int64{}, moneyIn: map[string]int64{}, moneySpent: map[string]int64{}, neededDaily: map[string]map[string]int64{},
		needCounted: map[int64]map[string]int64{}, needDelivered: map[int64]map[string]int64{},
		heads: map[string]ledger.Link{},
	}
}

// withFigures catches the replay up with the latest checkpoint and calls fn
// with it, under its lock.
func (s *Store) withFigures(ctx context.Context, fn func(f *figures) error) error {
	s.figMu.Lock()
	if s.fig == nil {
		s.fig = newFigures()
	}
	f := s.fig
	s.figMu.Unlock()
	f.mu.Lock()
	defer f.mu.Unlock()
	size := s.Latest().Size
	for f.next < size {
		es, err := queryEntries(ctx, s.db, true, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, f.next, min(f.next+1024, size))
		if err != nil {
			return err
		}
		if len(es) == 0 {
			return fmt.Errorf("entry %d is missing", f.next)
		}
		ids := make([]int64, len(es))
		for i, e := range es {
			ids[i] = tlog.StoredHashIndex(0, e.Index)
		}
		leaves, err := readHashesIn(ctx, s.db, ids)
		if err != nil {
			return err
		}
		for i, e := range es {
			if f.apply(e.Index, e.Entry) {
				link := ledger.Link{Index: e.Index, Hash: hex.EncodeToString(leaves[i][:])}
				for _, subj := range e.Entry.Subjects {
					link.Subject = subj
					f.heads[subj] = link
				}
				if b, err := e.Entry.DecodeBody(); err == nil && opendata.IsMoneyEntry(ledger.CustodyOf(f.state), b) {
					f.funds = append(f.funds, fundsRow{link: link, time: e.Entry.Time, org: e.Entry.Actor.Org, body: b})
				}
			}
			f.next = e.Index + 1
		}
	}
	return fn(f)
}

func (f *figures) tally(org int64) *orgTally {
	t, ok := f.byOrg[org]
	if !ok {
		t = &orgTally{received: map[string]int64{}, sent: map[string]int64{}, used: map[string]int64{}}
		f.byOrg[org] = t
	}
	return t
}

func addDay(m map[string]map[string]int64, k, day string, q int64) {
	if m[k] == nil {
		m[k] = map[string]int64{}
	}
	m[k][day] += q
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
	cust := ledger.CustodyOf(f.state)
	// What custody knew before the entry: lot items, shipment lines.
	itemOf := func(code string) string {
		if l, ok := cust.Lots[code]; ok {
			return l.Item
		}
		return ""
	}
	var before, rejected *ledger.Handoff
	snapshot := func(id int64) *ledger.Handoff {
		if h, ok := cust.Handoffs[id]; ok {
			hc := *h
			hc.Lines = slices.Clone(h.Lines)
			return &hc
		}
		return nil
	}
	switch b := body.(type) {
	case *ledger.HandoffReceived:
		before = snapshot(b.Handoff)
	case *ledger.HandoffRejected:
		rejected = snapshot(b.Handoff)
	}
	packItems := func(code string) map[string]int64 {
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
	pledges := ledger.ReplayedPledges(f.state)
	pledgeOf := func(code string) *ledger.ReplayedPledge {
		if l, ok := cust.Lots[code]; ok {
			return pledges[l.Pledge]
		}
		return nil
	}
	var cancelled *ledger.ReplayedPledge
	if b, ok := body.(*ledger.PledgeCancelled); ok {
		cancelled = pledges[b.Pledge]
	}
	if f.state.Apply(index, e) != nil {
		return false
	}
	day := ""
	if len(e.Time) >= 10 {
		day = e.Time[:10]
	}
	f.countNeeds(e, day)
	actor := e.Actor.Org
	switch b := body.(type) {
	case *ledger.OrgRegistered:
		f.orgs[b.Org] = OrgFacts{ID: b.Org, Name: b.Name, Kind: b.Kind}
	case *ledger.PledgeMade:
		f.pledge(b, 1)
	case *ledger.PledgeCancelled:
		if cancelled != nil {
			f.pledge(&cancelled.Body, -1)
		}
	case *ledger.LotReceived:
		donor := anonymous
		if p := pledges[b.Pledge]; p != nil && p.Body.Name != "" {
			donor = p.Body.Name
		}
		for _, l := range b.Lots {
			f.received[l.Item] += l.Quantity
			f.tally(actor).received[l.Item] += l.Quantity
			f.flow(l.Item, flowKey{Donor: donor, To: actor}, l.Quantity)
		}
	case *ledger.MoneyReceived:
		f.moneyIn[b.Currency] += b.AmountMinor
	case *ledger.MoneySpent:
		f.moneySpent[b.Currency] += b.Total()
		// Supplies bought with donated money enter custody here.
		for _, l := range b.Bought {
			f.received[l.Item] += l.Quantity
			f.tally(actor).received[l.Item] += l.Quantity
			f.flow(l.Item, flowKey{Donor: purchased, To: actor}, l.Quantity)
		}
	case *ledger.HandoffDispatched:
		for _, l := range b.Lines {
			if it := itemOf(l.Lot); it == ledger.ItemMoney {
				continue // money moves are in the money figures, by currency
			} else if it != "" {
				f.tally(actor).sent[it] += l.Quantity
			} else {
				for it, q := range packItems(l.Lot) {
					f.tally(actor).sent[it] += q
				}
			}
		}
	case *ledger.HandoffRejected:
		// The goods went back to the sender: they were not sent after all.
		if rejected != nil {
			for _, l := range rejected.Lines {
				if it := itemOf(l.Lot); it != "" && it != ledger.ItemMoney {
					f.tally(rejected.From).sent[it] -= l.Quantity
				} else if it == "" {
					for it, q := range packItems(l.Lot) {
						f.tally(rejected.From).sent[it] -= q
					}
				}
			}
		}
	case *ledger.HandoffReceived:
		if before == nil {
			return true
		}
		for _, rl := range b.Lines {
			i := slices.IndexFunc(before.Lines, func(hl ledger.HandoffLine) bool { return hl.Lot == rl.Lot })
			sent := before.Lines[i].Quantity
			got := map[string]int64{}
			item := itemOf(rl.Lot)
			if item != "" {
				got[item] = rl.Received
			} else if rl.Received > 0 {
				got = packItems(rl.Lot)
			}
			for it, q := range got {
				if it == ledger.ItemMoney {
					continue
				}
				f.tally(actor).received[it] += q
				f.flow(it, flowKey{From: before.From, To: actor}, q)
				if f.orgs[actor].Kind == ledger.OrgRecipient {
					f.delivered[it] += q
					addDay(f.deliveredDaily, it, day, q)
				}
			}
			if p := pledgeOf(rl.Lot); p != nil && item != "" && p.Body.Need != 0 {
				if n := ledger.ReplayedNeeds(f.state)[p.Body.Need]; n != nil && n.Org == actor {
					if f.needDelivered[n.ID] == nil {
						f.needDelivered[n.ID] = map[string]int64{}
					}
					f.needDelivered[n.ID][item] += rl.Received
				}
			}
			if (ledger.HandoffLine{Quantity: sent, Received: rl.Received, Condition: rl.Condition}).Discrepancy() {
				d := Discrepancy{Index: index, Time: e.Time, Handoff: b.Handoff, From: before.From, To: actor, Lot: rl.Lot, Item: item,
					Sent: sent, Received: rl.Received, Reason: rl.Reason, Note: rl.Note}
				f.tally(actor).discrepancies = append(f.tally(actor).discrepancies, d)
				f.tally(before.From).discrepancies = append(f.tally(before.From).discrepancies, d)
			}
		}
	case *ledger.LotUsed:
		f.final(index, ledger.TypeLotUsed, itemOf(b.Lot), actor, b.Quantity, day, 1)
	case *ledger.LotWrittenOff:
		f.final(index, ledger.TypeLotWrittenOff, itemOf(b.Lot), actor, b.Quantity, day, 1)
	case *ledger.EntryCorrected:
		if x, ok := f.finals[b.Entry]; ok {
			f.final(b.Entry, x.typ, x.item, x.org, x.qty, x.day, -1)
		}
	}
	return true
}

// final counts (sign 1) or uncounts (-1, once corrected) a use or write-off.
func (f *figures) final(index int64, typ, item string, org, q int64, day string, sign int64) {
	if item == ledger.ItemMoney {
		return
	}
	if sign > 0 {
		f.finals[index] = final{typ, item, org, q, day}
	}
	if typ == ledger.TypeLotWrittenOff {
		f.writtenOff[item] += sign * q
		return
	}
	f.used[item] += sign * q
	f.tally(org).used[item] += sign * q
	if f.usedDaily[item] == nil {
		f.usedDaily[item] = map[int64]map[string]int64{}
	}
	if f.usedDaily[item][org] == nil {
		f.usedDaily[item][org] = map[string]int64{}
	}
	f.usedDaily[item][org][day] += sign * q
}

// anonymous is the donor of a flow from a pledge whose donor chose not to
// be named; purchased is the source of supplies bought with donated money.
const (
	anonymous = "\x00anonymous"
	purchased = "\x00purchased"
)

// flowKey is one edge of the flow chart: from an organisation, or (From 0)
// from a donor by public name (anonymous donors together), to an organisation.
type flowKey struct {
	From  int64
	Donor string
	To    int64
}

func (f *figures) flow(item string, k flowKey, q int64) {
	if f.flows[item] == nil {
		f.flows[item] = map[flowKey]int64{}
	}
	f.flows[item][k] += q
}

// pledge counts (sign 1) or uncounts (-1, cancelled) a pledge.
func (f *figures) pledge(b *ledger.PledgeMade, sign int64) {
	if b.Kind == ledger.PledgeMoney {
		f.pledgedMoney[b.Currency] += sign * b.AmountMinor
		return
	}
	for _, l := range b.Lines {
		f.pledged[l.Item] += sign * l.Quantity
	}
}

// countNeeds adds to the needed-over-time series what the entry changed in
// published needs: their lines when published or updated. A closed need
// stays counted: it was needed.
func (f *figures) countNeeds(e *ledger.Entry, day string) {
	needs := ledger.ReplayedNeeds(f.state)
	for _, subj := range e.Subjects {
		kind, id := ledger.SplitSubject(subj)
		n, err := strconv.ParseInt(id, 10, 64)
		if kind != ledger.SubjectNeed || err != nil || needs[n] == nil || needs[n].Status != ledger.NeedStatusPublished {
			continue
		}
		cur := map[string]int64{}
		for _, l := range needs[n].Lines {
			cur[l.Item] += l.Quantity
		}
		old := f.needCounted[n]
		for it := range cur {
			addDay(f.neededDaily, it, day, cur[it]-old[it])
		}
		for it := range old {
			if _, ok := cur[it]; !ok {
				addDay(f.neededDaily, it, day, -old[it])
			}
		}
		f.needCounted[n] = cur
	}
}
