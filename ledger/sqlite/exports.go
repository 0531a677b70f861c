package sqlite

// Open-data tables (/data/*.csv), re-derived from the ledger replay, never
// from private tables. Each row names the entry it comes from (for state,
// the subject's latest entry) by index and leaf hash. No personal data:
// donors appear by the public name they chose or as "anonymous"; no
// e-mail, phone, contact, bank reference or receipt secret.

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// ExportTable returns the rows (header first) of a CSV export. Returns
// ENOTFOUND for an unknown name.
func (s *Store) ExportTable(ctx context.Context, name string) ([][]string, error) {
	cols, ok := opendata.ExportTables[name]
	if !ok {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no export %q", name)
	}
	out := [][]string{cols}
	err := s.withFigures(ctx, func(f *figures) error {
		out = append(out, f.table(name)...)
		return nil
	})
	return out, err
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// head returns the index and leaf hash of a subject's latest entry.
func (f *figures) head(kind string, id any) []string {
	l := f.heads[ledger.Subject(kind, id)]
	return []string{itoa(l.Index), l.Hash}
}

func (f *figures) orgName(id int64) string {
	if id == 0 {
		return ""
	}
	return f.set.orgs[id].Name
}

func (f *figures) table(name string) [][]string {
	var rows [][]string
	row := func(cells ...string) { rows = append(rows, cells) }
	cust := ledger.CustodyOf(f.state)
	switch name {
	case "needs.csv":
		needs := ledger.ReplayedNeeds(f.state)
		for _, id := range slices.Sorted(maps.Keys(needs)) {
			n := needs[id]
			credited := map[string]bool{}
			for _, l := range n.Lines {
				var delivered int64
				if !credited[l.Item] {
					delivered, credited[l.Item] = f.set.sum(sumNeedDelivered, id)[l.Item], true
				}
				row(append([]string{itoa(id), strconv.Itoa(l.Line), itoa(n.Org), f.orgName(n.Org), n.Status, n.Title, l.Item, l.Spec, l.Unit,
					itoa(l.Quantity), l.Urgency, l.Deadline, l.Place, itoa(n.Pledged[l.Line]), itoa(delivered)}, f.head(ledger.SubjectNeed, id)...)...)
			}
		}
	case "pledges.csv":
		pledges := ledger.ReplayedPledges(f.state)
		for _, code := range slices.Sorted(maps.Keys(pledges)) {
			p := pledges[code]
			b := p.Body
			donor := b.Name
			if donor == "" {
				donor = "anonymous"
			}
			base := []string{code, p.Status, b.Kind, donor, optional(b.Need)}
			if b.Kind == ledger.PledgeMoney {
				row(append(append(base, "", "", "", "", b.Currency, itoa(b.AmountMinor), b.Due), f.head(ledger.SubjectPledge, code)...)...)
				continue
			}
			for _, l := range b.Lines {
				row(append(append(slices.Clone(base), optional(int64(l.NeedLine)), l.Item, l.Unit, itoa(l.Quantity), "", "", b.Due), f.head(ledger.SubjectPledge, code)...)...)
			}
		}
	case "lots.csv":
		for _, code := range slices.Sorted(maps.Keys(cust.Lots)) {
			l := cust.Lots[code]
			row(append([]string{code, l.Item, l.Spec, l.Unit, l.Batch, l.Expiry, l.Condition, itoa(l.Quantity), l.Pledge, l.Parent, l.Pack,
				optional(l.Holder), f.orgName(l.Holder), itoa(l.Held), itoa(l.InTransit), l.Since, itoa(l.Created)}, f.head(ledger.SubjectLot, code)...)...)
		}
	case "handoffs.csv":
		for _, id := range slices.Sorted(maps.Keys(cust.Handoffs)) {
			h := cust.Handoffs[id]
			for _, l := range h.Lines {
				received := ""
				if h.Status == ledger.StatusReceived {
					received = itoa(l.Received)
				}
				row(append([]string{itoa(id), itoa(h.From), f.orgName(h.From), itoa(h.To), f.orgName(h.To), optional(h.Via), f.orgName(h.Via),
					h.Status, h.Dispatched, l.Lot, itoa(l.Quantity), received, l.Condition, l.Reason, l.Note, l.NewLot}, f.head(ledger.SubjectShip, id)...)...)
			}
		}
	case "funds.csv":
		for _, m := range f.funds {
			base := []string{itoa(m.link.Index), m.link.Hash}
			switch b := m.body.(type) {
			case *ledger.MoneyReceived:
				row(append(base, ledger.TypeMoneyReceived, m.time, itoa(m.org), f.orgName(m.org), b.Currency, itoa(b.AmountMinor), b.Pledge, b.Lot, "", "", "", b.Date, "", "")...)
			case *ledger.MoneySpent:
				var bought []string
				for _, l := range b.Bought {
					bought = append(bought, l.Code)
				}
				for _, l := range b.Lines {
					row(append(slices.Clone(base), ledger.TypeMoneySpent, m.time, itoa(m.org), f.orgName(m.org), b.Currency, itoa(l.Quantity), "", l.Lot,
						b.Category, b.Supplier, b.Purpose, b.Date, b.InvoiceSHA256, strings.Join(bought, " "))...)
				}
			}
		}
	}
	return rows
}

// optional writes an id, or nothing for 0.
func optional(n int64) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}
