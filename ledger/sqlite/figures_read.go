package sqlite

// Reading the public figures: the transparency page's overview and an
// organisation's record, from the replay in figures.go.

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
)

// openNeeds lists the published needs (of org, or all if 0) with progress.
func (f *figures) openNeeds(org int64) []OpenNeed {
	needs := ledger.ReplayedNeeds(f.state)
	var out []OpenNeed
	for _, id := range slices.Sorted(maps.Keys(needs)) {
		n := needs[id]
		if n.Status != ledger.NeedStatusPublished || (org != 0 && n.Org != org) {
			continue
		}
		on := OpenNeed{ID: n.ID, Org: n.Org, Title: n.Title}
		credited := map[string]bool{}
		for _, l := range n.Lines {
			lp := NeedLineProgress{Line: l.Line, Item: l.Item, Unit: l.Unit, Needed: l.Quantity, Pledged: n.Pledged[l.Line]}
			if !credited[l.Item] { // deliveries are known by item: credit them to its first line
				lp.Delivered, credited[l.Item] = f.needDelivered[n.ID][l.Item], true
			}
			on.Lines = append(on.Lines, lp)
		}
		out = append(out, on)
	}
	return out
}

// Point is one day of a cumulative series.
type Point struct {
	Day   string // YYYY-MM-DD
	Value int64  // running total up to and including Day
}

// cumulative turns per-day quantities into a running total by day.
func cumulative(daily map[string]int64) []Point {
	days := slices.Sorted(maps.Keys(daily))
	out := make([]Point, 0, len(days))
	var sum int64
	for _, d := range days {
		if d == "" {
			continue
		}
		sum += daily[d]
		out = append(out, Point{d, sum})
	}
	return out
}

// Series is one named line of a chart.
type Series struct {
	Org    int64 // for per-organisation series
	Points []Point
}

// Flow is a quantity of an item moving to an organisation: from another
// organisation, or (From 0) from a donor's pledge, by the donor's public
// name or anonymous.
type Flow struct {
	From, To  int64
	Donor     string
	Anonymous bool
	Purchased bool // bought with donated money
	Quantity  int64
}

// ItemTotals are the public totals of one item.
type ItemTotals struct {
	Item                                           string
	Pledged, Received, Delivered, Used, WrittenOff int64
	NeededOverTime                                 []Point // published need quantities, running total
	DeliveredOverTime                              []Point
	UsedBy                                         []Series // per recipient
	Flows                                          []Flow
}

// Overview is the transparency page's data.
type Overview struct {
	Size   int64
	Items  []ItemTotals // by item id, only items with any movement
	Latest []*StoredEntry
	Names  Names
	Kinds  map[int64]string // organisation kinds, by id
	Money  []MoneyFigures   // by currency
	Needs  []OpenNeed       // published needs, oldest first
}

// MoneyFigures are the money totals of one currency, in minor units:
// pledged (cancelled deducted), received on the bank account, spent.
type MoneyFigures struct {
	Currency                 string
	Pledged, Received, Spent int64
}

// OpenNeed is a published need with its progress per line, from the ledger.
type OpenNeed struct {
	ID    int64
	Org   int64
	Title string
	Lines []NeedLineProgress
}

// NeedLineProgress is one line of a need: asked, pledged against it, and
// received by the needing organisation from those pledges.
type NeedLineProgress struct {
	Line                       int
	Item, Unit                 string
	Needed, Pledged, Delivered int64
}

// Overview returns the public totals, series and flows re-derived from the
// ledger, and the latest entries.
func (s *Store) Overview(ctx context.Context, latest int) (*Overview, error) {
	o := &Overview{Size: s.Latest().Size}
	err := s.withFigures(ctx, func(f *figures) error {
		items := map[string]bool{}
		for _, m := range []map[string]int64{f.pledged, f.received, f.delivered, f.used, f.writtenOff} {
			for it, q := range m {
				if q != 0 {
					items[it] = true
				}
			}
		}
		delete(items, "")
		for _, it := range slices.Sorted(maps.Keys(items)) {
			t := ItemTotals{Item: it, Pledged: f.pledged[it], Received: f.received[it], Delivered: f.delivered[it], Used: f.used[it], WrittenOff: f.writtenOff[it],
				NeededOverTime: cumulative(f.neededDaily[it]), DeliveredOverTime: cumulative(f.deliveredDaily[it])}
			for _, org := range slices.Sorted(maps.Keys(f.usedDaily[it])) {
				if pts := cumulative(f.usedDaily[it][org]); len(pts) > 0 {
					t.UsedBy = append(t.UsedBy, Series{Org: org, Points: pts})
				}
			}
			for k, q := range f.flows[it] {
				fl := Flow{From: k.From, To: k.To, Donor: k.Donor, Quantity: q}
				switch k.Donor {
				case anonymous:
					fl.Donor, fl.Anonymous = "", true
				case purchased:
					fl.Donor, fl.Purchased = "", true
				}
				t.Flows = append(t.Flows, fl)
			}
			sort.Slice(t.Flows, func(i, j int) bool {
				a, b := t.Flows[i], t.Flows[j]
				if a.From != b.From {
					return a.From < b.From
				}
				if a.Donor != b.Donor {
					return a.Donor < b.Donor
				}
				return a.To < b.To
			})
			o.Items = append(o.Items, t)
		}
		o.Names = f.names([]string{})
		o.Kinds = map[int64]string{}
		for id, org := range f.orgs {
			o.Kinds[id] = org.Kind
		}
		cur := map[string]bool{}
		for _, m := range []map[string]int64{f.pledgedMoney, f.moneyIn, f.moneySpent} {
			for c, v := range m {
				if v != 0 {
					cur[c] = true
				}
			}
		}
		for _, c := range slices.Sorted(maps.Keys(cur)) {
			o.Money = append(o.Money, MoneyFigures{Currency: c, Pledged: f.pledgedMoney[c], Received: f.moneyIn[c], Spent: f.moneySpent[c]})
		}
		o.Needs = f.openNeeds(0)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if latest > 0 {
		page, err := s.LedgerEntries(ctx, EntryFilter{Limit: latest})
		if err != nil {
			return nil, err
		}
		o.Latest = page.Entries
		maps.Copy(o.Names.Orgs, page.Names.Orgs)
		o.Names.Items, o.Names.Lots, o.Names.Handoffs = page.Names.Items, page.Names.Lots, page.Names.Handoffs
	}
	return o, nil
}

// names returns the public names the replay knows: organisations, and the
// lots and shipments among subjects (all of them if subjects is nil).
func (f *figures) names(subjects []string) Names {
	n := Names{Orgs: map[int64]string{}, Items: maps.Clone(f.state.Items), Lots: map[string]LotFacts{}, Handoffs: map[int64]HandoffFacts{}}
	for id, o := range f.orgs {
		n.Orgs[id] = o.Name
	}
	cust := ledger.CustodyOf(f.state)
	lot := func(code string) {
		if l, ok := cust.Lots[code]; ok {
			n.Lots[code] = LotFacts{Item: l.Item, Unit: l.Unit}
		}
	}
	handoff := func(id int64) {
		h, ok := cust.Handoffs[id]
		if !ok {
			return
		}
		hf := HandoffFacts{From: h.From, To: h.To, Via: h.Via, Sent: map[string]int64{}}
		for _, l := range h.Lines {
			hf.Sent[l.Lot] = l.Quantity
		}
		n.Handoffs[id] = hf
	}
	if subjects == nil {
		for code := range cust.Lots {
			lot(code)
		}
		for id := range cust.Handoffs {
			handoff(id)
		}
	}
	for _, subj := range subjects {
		switch kind, id := ledger.SplitSubject(subj); kind {
		case ledger.SubjectLot:
			lot(id)
		case ledger.SubjectShip:
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				handoff(n)
			}
		}
	}
	return n
}

// replayNames adds to n what the replay knows about the entries' lots and
// shipments, for their descriptions.
func (s *Store) replayNames(ctx context.Context, n *Names, es []*StoredEntry) error {
	var subjects []string
	for _, e := range es {
		if e.Entry != nil {
			subjects = append(subjects, e.Entry.Subjects...)
		}
	}
	return s.withFigures(ctx, func(f *figures) error {
		r := f.names(subjects)
		n.Lots, n.Handoffs = r.Lots, r.Handoffs
		return nil
	})
}

// StockLine is a lot an organisation holds, with how long it has held it.
type StockLine struct {
	Lot      string
	Item     string
	Quantity int64
	Since    string // entry time
	Days     int    // dwell time in whole days, as of now
}

// OrgRecord is an organisation's public record.
type OrgRecord struct {
	Org                  OrgFacts
	Received, Sent, Used map[string]int64  // by item
	Stock                []StockLine       // oldest first
	Discrepancies        []Discrepancy     // reported by it or about it, newest first
	Adjustments          []ledger.Count    // its stock counts that differed, newest first
	AdjustmentUnits      map[string]string // unit of each adjusted lot
	Needs                []OpenNeed        // its published needs
	Latest               []*StoredEntry
	Names                Names
}

// OrgRecord returns an organisation's public record, re-derived from the
// ledger. Returns ENOTFOUND if no organisation with that id was registered.
func (s *Store) OrgRecord(ctx context.Context, id int64) (*OrgRecord, error) {
	rec := &OrgRecord{}
	err := s.withFigures(ctx, func(f *figures) error {
		o, ok := f.orgs[id]
		if !ok {
			return ledger.Errorf(ledger.ENOTFOUND, "no organisation %d", id)
		}
		rec.Org = o
		t := f.tally(id)
		rec.Received, rec.Sent, rec.Used = maps.Clone(t.received), maps.Clone(t.sent), maps.Clone(t.used)
		rec.Discrepancies = slices.Clone(t.discrepancies)
		rec.Needs = f.openNeeds(id)
		slices.Reverse(rec.Discrepancies)
		now := s.now()
		for _, l := range ledger.CustodyOf(f.state).Lots {
			if l.Holder != id || l.Held <= 0 || l.IsPack() || l.IsMoney() {
				continue
			}
			since, _ := time.Parse(ledger.TimeFormat, l.Since)
			rec.Stock = append(rec.Stock, StockLine{Lot: l.Code, Item: l.Item, Quantity: l.Held, Since: l.Since, Days: int(now.Sub(since).Hours() / 24)})
		}
		sort.Slice(rec.Stock, func(i, j int) bool {
			return rec.Stock[i].Since < rec.Stock[j].Since || (rec.Stock[i].Since == rec.Stock[j].Since && rec.Stock[i].Lot < rec.Stock[j].Lot)
		})
		rec.Names = f.names([]string{})
		return nil
	})
	if err != nil {
		return nil, err
	}
	page, err := s.LedgerEntries(ctx, EntryFilter{Org: id, Limit: 20})
	if err != nil {
		return nil, err
	}
	rec.Latest = page.Entries
	if rec.Adjustments, err = s.OrgAdjustments(ctx, id, 20); err != nil {
		return nil, err
	}
	rec.AdjustmentUnits = map[string]string{}
	for _, k := range rec.Adjustments {
		var unit string
		if err := s.db.QueryRowContext(ctx, `SELECT unit FROM lots WHERE code = ?`, k.Lot).Scan(&unit); err != nil {
			return nil, fmt.Errorf("reading lot unit: %w", err)
		}
		rec.AdjustmentUnits[k.Lot] = unit
	}
	rec.Names.Items, rec.Names.Lots, rec.Names.Handoffs = page.Names.Items, page.Names.Lots, page.Names.Handoffs
	maps.Copy(rec.Names.Orgs, page.Names.Orgs)
	return rec, nil
}
