package sqlite

import (
	"context"
	"maps"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// WriteRowsWithoutLedger does the domain-row work of the write that
// appended an entry with these subjects, through the same writer and
// group commit: the catalogue, the entry's lots (with their packs'
// contents and pending counts), its shipment with its lines and their
// lots, its pledge and its need, read as that write reads them, and the
// same rows written back by the store's own statements (saveCustody's
// lots, handoffs and handoff lines, savePledge's pledge and pledge lines,
// the need's row); one durable commit. No rule, no entry, no tree hashes,
// no signature, no checkpoint, no figures. Every lot written gets the
// write's time as its since, so each row really changes. It is the
// baseline the confirmation benchmark compares the ledger with.
func (s *Store) WriteRowsWithoutLedger(ctx context.Context, subjects []string) error {
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		var needs []int64
		pledges := map[string]int64{}
		for _, subj := range subjects {
			kind, id := ledger.SplitSubject(subj)
			switch kind {
			case ledger.SubjectLot:
				err = tx.loadLots(c, id)
			case ledger.SubjectShip:
				var n int64
				if n, err = strconv.ParseInt(id, 10, 64); err == nil {
					err = tx.loadHandoff(c, n)
				}
			case ledger.SubjectPledge:
				var p *ledger.Pledge
				if p, err = pledgeByCode(tx.ctx, tx, id); err == nil {
					c.Pledges[id], pledges[id] = p.State(), p.ID
				}
			case ledger.SubjectNeed:
				var n int64
				if n, err = strconv.ParseInt(id, 10, 64); err == nil {
					_, err = tx.needState(n)
					needs = append(needs, n)
				}
			}
			if err != nil {
				return err
			}
		}
		since := ledger.FormatTime(tx.now)
		for _, l := range c.Lots {
			l.Since = since
		}
		for _, n := range needs {
			if _, err := tx.ExecContext(tx.ctx, `UPDATE needs SET title = title WHERE id = ?`, n); err != nil {
				return err
			}
		}
		for code, id := range pledges {
			if err := tx.savePledge(id, c.Pledges[code]); err != nil {
				return err
			}
		}
		return tx.saveCustody(c)
	})
}

// ReplayedOpenNeeds lists the published needs (of org, or all if 0) with
// their progress as a full replay of the log derives them, to compare with
// the read models.
func (s *Store) ReplayedOpenNeeds(ctx context.Context, org int64) ([]ledger.OpenNeed, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return nil, err
	}
	needs := ledger.ReplayedNeeds(f.state)
	var out []ledger.OpenNeed
	for _, id := range slices.Sorted(maps.Keys(needs)) {
		n := needs[id]
		if n.Status != ledger.NeedStatusPublished || (org != 0 && n.Org != org) {
			continue
		}
		on := ledger.OpenNeed{ID: n.ID, Org: n.Org, Title: n.Title}
		credited := map[string]bool{}
		for _, l := range n.Lines {
			lp := ledger.NeedLineProgress{Line: l.Line, Item: l.Item, Unit: l.Unit, Needed: l.Quantity, Pledged: n.Pledged[l.Line]}
			if !credited[l.Item] {
				lp.Delivered, credited[l.Item] = f.set.sum(sumNeedDelivered, n.ID)[l.Item], true
			}
			on.Lines = append(on.Lines, lp)
		}
		out = append(out, on)
	}
	return out, nil
}

// ReplayedStock lists the loose lots of goods org holds as a full replay
// derives them, by code.
func (s *Store) ReplayedStock(ctx context.Context, org int64) ([]ledger.Lot, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return nil, err
	}
	var out []ledger.Lot
	for _, l := range ledger.CustodyOf(f.state).Lots {
		if l.Holder == org && l.Held > 0 && !l.IsPack() && !l.IsMoney() && l.Pack == "" {
			out = append(out, *l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// The shipment rules in SQL (TestShipmentSQLIsTheRule).
const (
	OpenShipmentSQL    = openShipment
	CarriedShipmentSQL = carriedShipment
)

// CustodyItems runs a write that loads custody's catalogue and returns its
// item ids; with add, the same write first adds that item and then fails,
// so it is rolled back.
func (s *Store) CustodyItems(ctx context.Context, add *ledger.Item) ([]string, error) {
	var ids []string
	err := s.write(ctx, func(tx *Tx) error {
		if add != nil {
			if err := tx.addItem(PlatformActor, *add); err != nil {
				return err
			}
		}
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		ids = slices.Sorted(maps.Keys(c.Items))
		if add != nil {
			return errRolledBack
		}
		return nil
	})
	if err == errRolledBack {
		err = nil
	}
	return ids, err
}

var errRolledBack = ledger.Errorf(ledger.ECONFLICT, "rolled back on purpose")

// ReplayedStockHeld is what org holds of each item at hand as a full
// replay derives it: lots of goods it holds, loose or in a pack it holds
// at hand.
func (s *Store) ReplayedStockHeld(ctx context.Context, org int64) (map[string]int64, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return nil, err
	}
	return stockAtHand(ledger.CustodyOf(f.state))[org], nil
}

// CountStatements counts the statements every connection runs until the
// test ends, by their text.
func CountStatements(t *testing.T) func() map[string]int {
	var mu sync.Mutex
	n := map[string]int{}
	ran := func(q string) { mu.Lock(); n[q]++; mu.Unlock() }
	statementRan.Store(&ran)
	t.Cleanup(func() { statementRan.Store(nil) })
	return func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]int{}
		for q, k := range n {
			out[q] = k
		}
		clear(n)
		return out
	}
}

// exportReplay is a full replay of the log up to the latest checkpoint
// with what the exports' reference needs besides the state and figures.
type exportReplay struct {
	*figures
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

func (s *Store) replayForExports(ctx context.Context) (*exportReplay, error) {
	f := &exportReplay{figures: newFigures(), heads: map[string]ledger.Link{}}
	err := f.catchUp(ctx, s.db, s.Latest().Size, func(link ledger.Link, e *ledger.Entry) {
		for _, subj := range e.Subjects {
			link.Subject = subj
			f.heads[subj] = link
		}
		if b, err := e.DecodeBody(); err == nil && opendata.IsMoneyEntry(ledger.CustodyOf(f.state), b) {
			f.funds = append(f.funds, fundsRow{link: link, time: e.Time, org: e.Actor.Org, body: b})
		}
	})
	return f, err
}

// ReplayedExportTable returns the rows (header first) of a CSV export as
// a full replay of the log up to the latest checkpoint derives them: the
// reference the streamed exports must equal byte for byte.
func (s *Store) ReplayedExportTable(ctx context.Context, name string) ([][]string, error) {
	f, err := s.replayForExports(ctx)
	if err != nil {
		return nil, err
	}
	out := [][]string{opendata.ExportTables[name]}
	row := func(r []string) { out = append(out, r) }
	orgName := func(id int64) string {
		if id == 0 {
			return ""
		}
		return f.set.orgs[id].Name
	}
	head := func(kind string, id any) ledger.Link { return f.heads[ledger.Subject(kind, id)] }
	cust := ledger.CustodyOf(f.state)
	switch name {
	case "needs.csv":
		needs := ledger.ReplayedNeeds(f.state)
		for _, id := range slices.Sorted(maps.Keys(needs)) {
			n := needs[id]
			needRows(n, orgName(n.Org), f.set.sum(sumNeedDelivered, id), head(ledger.SubjectNeed, id), row)
		}
	case "pledges.csv":
		pledges := ledger.ReplayedPledges(f.state)
		for _, code := range slices.Sorted(maps.Keys(pledges)) {
			pledgeRows(pledges[code], head(ledger.SubjectPledge, code), row)
		}
	case "lots.csv":
		for _, code := range slices.Sorted(maps.Keys(cust.Lots)) {
			l := cust.Lots[code]
			row(lotRow(l, orgName(l.Holder), head(ledger.SubjectLot, code)))
		}
	case "handoffs.csv":
		for _, id := range slices.Sorted(maps.Keys(cust.Handoffs)) {
			h := cust.Handoffs[id]
			handoffRows(h, orgName(h.From), orgName(h.To), orgName(h.Via), head(ledger.SubjectShip, id), row)
		}
	case "funds.csv":
		for _, m := range f.funds {
			fundsRows(m.link, m.time, m.org, orgName(m.org), m.body, row)
		}
	default:
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no export %q", name)
	}
	return out, nil
}

// ReplayedEPCIS calls fn with the EPCIS events of the entries [from, end)
// mapped with the custody of a full replay of the log up to the latest
// checkpoint: the reference the export from the read models must equal.
func (s *Store) ReplayedEPCIS(ctx context.Context, base string, from, end int64, fn func(*opendata.Event) error) error {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return err
	}
	cust := ledger.CustodyOf(f.state)
	return s.exportEPCIS(ctx, base, from, end, func(context.Context, []*ledger.StoredEntry, func(int64) (*ledger.Entry, string, error)) (*ledger.Custody, error) {
		return cust, nil
	}, fn)
}

// EntryFilterStatements returns every statement LedgerEntries runs for f:
// its page newest first, below a cursor, from a cursor up, and both probes.
func EntryFilterStatements(f EntryFilter) []string {
	var out []string
	for _, g := range []EntryFilter{f, {Before: 1}, {After: 1}} {
		g.Type, g.Org, g.Item, g.From, g.To = f.Type, f.Org, f.Item, f.From, f.To
		q, _, _ := g.pageQuery(10)
		out = append(out, q)
	}
	for _, cond := range []string{"idx > ?", "idx < ?"} {
		q, _ := f.probeQuery(10, cond)
		out = append(out, q)
	}
	return out
}

// ReplayedDelivered re-derives from a full replay what was delivered to
// each need line, by need and line number: a lot received from a pledge by
// the need's organisation itself (the lot.received entry is its actor's),
// and what that organisation received in shipments of the pledge's lots,
// each lot counting for its pledge's first line of the lot's item.
func (s *Store) ReplayedDelivered(ctx context.Context) (map[ledger.NeedLineRef]int64, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return nil, err
	}
	needs, pledges, cust := ledger.ReplayedNeeds(f.state), ledger.ReplayedPledges(f.state), ledger.CustodyOf(f.state)
	shipped := map[string][]int64{} // lot -> received by the shipment's receiver, with the receiver
	for _, h := range cust.Handoffs {
		if h.Status != ledger.StatusReceived {
			continue
		}
		for _, hl := range h.Lines {
			shipped[hl.Lot] = append(shipped[hl.Lot], h.To, hl.Received)
		}
	}
	out := map[ledger.NeedLineRef]int64{}
	for _, l := range cust.Lots {
		p := pledges[l.Pledge]
		if p == nil || p.Body.Need == 0 || needs[p.Body.Need] == nil {
			continue
		}
		i := slices.IndexFunc(p.Body.Lines, func(pl ledger.PledgeLine) bool { return pl.Item == l.Item })
		if i < 0 || p.Body.Lines[i].NeedLine == 0 {
			continue
		}
		ref, org := ledger.NeedLineRef{Need: p.Body.Need, Line: p.Body.Lines[i].NeedLine}, needs[p.Body.Need].Org
		if l.Parent == "" {
			var actor int64
			if err := s.db.QueryRowContext(ctx, `SELECT org FROM entries WHERE idx = ?`, l.Created).Scan(&actor); err != nil {
				return nil, err
			}
			if actor == org {
				out[ref] += l.Quantity
			}
		}
		for k := 0; k < len(shipped[l.Code]); k += 2 {
			if shipped[l.Code][k] == org {
				out[ref] += shipped[l.Code][k+1]
			}
		}
	}
	return out, nil
}

// SetFundsChartTransfers sets how many transfers the funds chart draws
// until tb ends.
func SetFundsChartTransfers(tb testing.TB, n int) {
	old := fundsChartTransfers
	fundsChartTransfers = n
	tb.Cleanup(func() { fundsChartTransfers = old })
}

// ReplayedChartTotals re-derives from a full replay of the log the running
// total of each series an overview's chart draws, on each of days: the
// needed and delivered totals of each charted item (keys "item needed",
// "item delivered") and each drawn user's total used ("item used org").
func (s *Store) ReplayedChartTotals(ctx context.Context, charts []ledger.ItemChart, days []string) (map[string][]int64, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size, nil); err != nil {
		return nil, err
	}
	total := func(series, item string, org int64) []int64 {
		out := make([]int64, len(days))
		for k, q := range f.set.daily {
			if k.series != series || k.item != item || k.org != org || k.day == "" {
				continue
			}
			for i, d := range days {
				if k.day <= d {
					out[i] += q
				}
			}
		}
		return out
	}
	out := map[string][]int64{}
	for _, c := range charts {
		out[c.Item+" needed"] = total(seriesNeeded, c.Item, 0)
		out[c.Item+" delivered"] = total(seriesDelivered, c.Item, 0)
		for _, u := range c.UsedBy {
			out[c.Item+" used "+strconv.FormatInt(u.Org, 10)] = total(seriesUsed, c.Item, u.Org)
		}
	}
	return out, nil
}
