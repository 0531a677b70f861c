package sqlite

// Reading the public figures: the transparency page's overview and an
// organisation's record, from the replay in figures.go.

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// TopNeeds is how many open needs the transparency page and an
// organisation's page show; the needs board (/needs) lists them all.
const TopNeeds = 10

// openNeeds lists the first TopNeeds published needs (of org, or all if
// 0) in the needs board's order (most urgent first), with progress per
// line: pledged (not cancelled) and received by the needing organisation
// from those pledges (the read model).
func openNeeds(ctx context.Context, q queryer, org int64) ([]ledger.OpenNeed, error) {
	query, args := `SELECT id, org_id, title FROM needs INDEXED BY needs_board WHERE status = 'published'
		ORDER BY board_rank, board_deadline, id LIMIT ?`, []any{TopNeeds}
	if org != 0 {
		query, args = `SELECT id, org_id, title FROM needs INDEXED BY needs_board_by_org WHERE org_id = ? AND status = 'published'
		ORDER BY board_rank, board_deadline, id LIMIT ?`, []any{org, TopNeeds}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading open needs: %w", err)
	}
	var out []ledger.OpenNeed
	for rows.Next() {
		var n ledger.OpenNeed
		if err := rows.Scan(&n.ID, &n.Org, &n.Title); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		n := &out[i]
		delivered := map[string]int64{}
		if err := scanSums(ctx, q, delivered, `SELECT name, qty FROM fig_sums WHERE kind = ? AND key = ?`, sumNeedDelivered, n.ID); err != nil {
			return nil, err
		}
		pledged, err := needPledged(ctx, q, n.ID)
		if err != nil {
			return nil, err
		}
		rows, err := q.QueryContext(ctx, `SELECT nl.id, nl.line_no, nl.item_id, i.unit, nl.quantity
			FROM need_lines nl JOIN items i ON i.id = nl.item_id WHERE nl.need_id = ? AND nl.removed = 0 ORDER BY nl.line_no`, n.ID)
		if err != nil {
			return nil, fmt.Errorf("reading need lines: %w", err)
		}
		credited := map[string]bool{}
		for rows.Next() {
			var l ledger.NeedLineProgress
			var id int64
			if err := rows.Scan(&id, &l.Line, &l.Item, &l.Unit, &l.Needed); err != nil {
				rows.Close()
				return nil, err
			}
			l.Pledged = pledged[id]
			if !credited[l.Item] { // deliveries are known by item: credit them to its first line
				l.Delivered, credited[l.Item] = delivered[l.Item], true
			}
			n.Lines = append(n.Lines, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// itemTotals is item's public totals from the platform's sums by kind
// (fig_sums with key 0: kind -> item -> quantity).
func itemTotals(item string, sums map[string]map[string]int64) ledger.ItemTotals {
	return ledger.ItemTotals{Item: item, Pledged: sums[sumPledged][item], Received: sums[sumReceived][item],
		Delivered: sums[sumDelivered][item], Used: sums[sumUsed][item], WrittenOff: sums[sumWrittenOff][item]}
}

// Overview returns the public totals, series and flows re-derived from the
// ledger (the read models), and the latest entries.
func (s *Store) Overview(ctx context.Context, latest int) (*ledger.Overview, error) {
	o := &ledger.Overview{Size: s.Latest().Size}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		totals := map[string]map[string]int64{} // kind -> item or currency -> quantity
		rows, err := tx.QueryContext(ctx, `SELECT kind, name, qty FROM fig_sums WHERE kind IN (?, ?, ?, ?, ?, ?, ?, ?) AND key = 0`,
			sumPledged, sumReceived, sumDelivered, sumUsed, sumWrittenOff, sumMoneyPledged, sumMoneyReceived, sumMoneySpent)
		if err != nil {
			return fmt.Errorf("reading totals: %w", err)
		}
		items, currencies := map[string]bool{}, map[string]bool{}
		for rows.Next() {
			var kind, name string
			var q int64
			if err := rows.Scan(&kind, &name, &q); err != nil {
				rows.Close()
				return err
			}
			if totals[kind] == nil {
				totals[kind] = map[string]int64{}
			}
			totals[kind][name] += q
			if q != 0 && strings.HasPrefix(kind, "money_") {
				currencies[name] = true
			} else if q != 0 && name != "" {
				items[name] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range slices.Sorted(maps.Keys(items)) {
			o.Items = append(o.Items, itemTotals(it, totals))
		}
		// Charts of the ChartItems items received most, each bounded.
		top := slices.Clone(o.Items)
		slices.SortStableFunc(top, func(a, b ledger.ItemTotals) int { return cmp.Compare(b.Received, a.Received) })
		for _, it := range top[:min(len(top), ChartItems)] {
			c, err := itemChart(ctx, tx, it.Item)
			if err != nil {
				return err
			}
			o.Charts = append(o.Charts, c)
		}
		for _, c := range slices.Sorted(maps.Keys(currencies)) {
			o.Money = append(o.Money, ledger.MoneyFigures{Currency: c, Pledged: totals[sumMoneyPledged][c], Received: totals[sumMoneyReceived][c], Spent: totals[sumMoneySpent][c]})
		}
		var orgs map[int64]ledger.OrgFacts
		if orgs, err = figOrgs(ctx, tx); err != nil {
			return err
		}
		o.Names = ledger.Names{Orgs: map[int64]string{}, Lots: map[string]ledger.LotFacts{}, Handoffs: map[int64]ledger.HandoffFacts{}}
		o.Kinds = map[int64]string{}
		for id, org := range orgs {
			o.Names.Orgs[id], o.Kinds[id] = org.Name, org.Kind
		}
		if o.Names.Items, err = catalogueByID(ctx, tx); err != nil {
			return err
		}
		o.Needs, err = openNeeds(ctx, tx, 0)
		return err
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

// figOrgs returns the organisations registered in the ledger.
func figOrgs(ctx context.Context, q queryer) (map[int64]ledger.OrgFacts, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, kind FROM fig_orgs`)
	if err != nil {
		return nil, fmt.Errorf("reading organisations: %w", err)
	}
	defer rows.Close()
	out := map[int64]ledger.OrgFacts{}
	for rows.Next() {
		var o ledger.OrgFacts
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind); err != nil {
			return nil, err
		}
		out[o.ID] = o
	}
	return out, rows.Err()
}

// catalogueByID returns every catalogue item, by id.
func catalogueByID(ctx context.Context, q queryer) (map[string]ledger.Item, error) {
	items, err := catalogue(ctx, q)
	out := make(map[string]ledger.Item, len(items))
	for _, it := range items {
		out[it.ID] = it
	}
	return out, err
}

// OrgPages picks the page of each of an organisation's long lists: the
// page key (ledger.OrgRecord's DiscrepanciesNext, AdjustmentsNext, LatestNext) to
// start after, "" for the first page. Its lots are on its day
// (Store.StockAt), paged there.
type OrgPages struct {
	DiscrepanciesAfter, AdjustmentsAfter, EntriesAfter string
}

// OrgListPage is how many rows a page of an organisation's discrepancies
// or adjustments shows; OrgEntriesPage how many of its entries.
const (
	OrgListPage    = 50
	OrgEntriesPage = 20
)

// OrgRecord returns an organisation's public record, re-derived from the
// ledger (the read models). Returns ENOTFOUND if no organisation with that
// id was registered.
//
// Its discrepancies, adjustments and entries come a page at a time
// (pages). Returns EMALFORMED for a page key the store did not make.
func (s *Store) OrgRecord(ctx context.Context, id int64, pages OrgPages) (*ledger.OrgRecord, error) {
	rec := &ledger.OrgRecord{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		orgs, err := figOrgs(ctx, tx)
		if err != nil {
			return err
		}
		o, ok := orgs[id]
		if !ok {
			return ledger.Errorf(ledger.ENOTFOUND, "no organisation %d", id)
		}
		rec.Org = o
		rec.Received, rec.Sent, rec.Used = map[string]int64{}, map[string]int64{}, map[string]int64{}
		for kind, m := range map[string]map[string]int64{sumOrgReceived: rec.Received, sumOrgSent: rec.Sent, sumOrgUsed: rec.Used} {
			if err := scanSums(ctx, tx, m, `SELECT name, qty FROM fig_sums WHERE kind = ? AND key = ?`, kind, id); err != nil {
				return err
			}
		}
		if rec.Discrepancies, rec.DiscrepanciesNext, err = orgDiscrepancies(ctx, tx, id, pages.DiscrepanciesAfter, OrgListPage); err != nil {
			return err
		}
		if rec.Adjustments, rec.AdjustmentsNext, err = orgAdjustments(ctx, tx, id, pages.AdjustmentsAfter, OrgListPage); err != nil {
			return err
		}
		rec.AdjustmentUnits = map[string]string{}
		for _, k := range rec.Adjustments {
			var unit string
			if err := tx.QueryRowContext(ctx, `SELECT unit FROM lots WHERE code = ?`, k.Lot).Scan(&unit); err != nil {
				return fmt.Errorf("reading lot unit: %w", err)
			}
			rec.AdjustmentUnits[k.Lot] = unit
		}
		if rec.Needs, err = openNeeds(ctx, tx, id); err != nil {
			return err
		}
		rec.Names = ledger.Names{Orgs: map[int64]string{}}
		for oid, org := range orgs {
			rec.Names.Orgs[oid] = org.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var before int64
	if pages.EntriesAfter != "" {
		if err := parsePageKey(pages.EntriesAfter, &before); err != nil || before <= 0 {
			return nil, ErrBadPageKey
		}
	}
	page, err := s.LedgerEntries(ctx, EntryFilter{Org: id, Before: before, Limit: OrgEntriesPage})
	if err != nil {
		return nil, err
	}
	rec.Latest = page.Entries
	if page.Older > 0 {
		rec.LatestNext = pageKey(page.Older)
	}
	rec.Names.Items, rec.Names.Lots, rec.Names.Handoffs = page.Names.Items, page.Names.Lots, page.Names.Handoffs
	maps.Copy(rec.Names.Orgs, page.Names.Orgs)
	return rec, nil
}

// orgDiscrepancies lists up to limit discrepancies an organisation
// reported or that were reported about what it sent, newest first, after
// page key after; next is the key after the last.
func orgDiscrepancies(ctx context.Context, q queryer, org int64, after string, limit int) (out []ledger.Discrepancy, next string, err error) {
	idx, line := int64(math.MaxInt64), int64(0)
	if after != "" {
		if err := parsePageKey(after, &idx, &line); err != nil {
			return nil, "", err
		}
	}
	for _, query := range []string{
		`SELECT ` + discrepancyColumns + ` FROM fig_discrepancies WHERE to_org = ? AND (idx, line) < (?, ?) ORDER BY idx DESC, line DESC LIMIT ?`,
		`SELECT ` + discrepancyColumns + ` FROM fig_discrepancies WHERE from_org = ? AND (idx, line) < (?, ?) ORDER BY idx DESC, line DESC LIMIT ?`,
	} {
		rows, err := q.QueryContext(ctx, query, org, idx, line, limit+1)
		if err != nil {
			return nil, "", fmt.Errorf("reading discrepancies: %w", err)
		}
		for rows.Next() {
			d, err := scanDiscrepancy(rows)
			if err != nil {
				rows.Close()
				return nil, "", err
			}
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, "", err
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Index > b.Index || (a.Index == b.Index && a.Line > b.Line)
	})
	// Reported by it about itself: listed once.
	out = slices.CompactFunc(out, func(a, b ledger.Discrepancy) bool { return a.Index == b.Index && a.Line == b.Line })
	if len(out) > limit {
		out = out[:limit]
		next = pageKey(out[limit-1].Index, int64(out[limit-1].Line))
	}
	return out, next, nil
}
