package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
)

// Money reads: balances, an organisation's money desk, and a money
// pledge's trace to the supplies it bought and where they went.

// balKinds are the fig_sums kinds of balances.
var balKinds = []any{balDonated, balTransferredIn, balDisbursed, balSpent, balWrittenOff, balHeld, balInTransit}

// balances reads org's money from its read model (fig_sums, counted by
// countEntry in each write; org 0 reads the platform's totals); the tests
// re-derive the same figures from the ledger alone
// (ledger.ReplayedBalances, CheckFigures).
func balances(ctx context.Context, q queryer, org int64) (ledger.Balances, error) {
	return balancesOf(ctx, q, org, org)
}

// balancesOf reads the balances of the organisations from lo to hi (key
// 0 is the platform's totals).
func balancesOf(ctx context.Context, q queryer, lo, hi int64) (ledger.Balances, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, key, name, qty FROM fig_sums WHERE kind IN (?, ?, ?, ?, ?, ?, ?) AND key BETWEEN ? AND ?`,
		append(slices.Clone(balKinds), lo, hi)...)
	if err != nil {
		return nil, fmt.Errorf("reading balances: %w", err)
	}
	defer rows.Close()
	bs := ledger.Balances{}
	for rows.Next() {
		var kind, name string
		var o, n int64
		if err := rows.Scan(&kind, &o, &name, &n); err != nil {
			return nil, err
		}
		cur, cat, _ := strings.Cut(name, " ")
		b := bs.At(o, cur)
		switch kind {
		case balDonated:
			b.Donated += n
		case balTransferredIn:
			b.TransferredIn += n
		case balDisbursed:
			b.Disbursed += n
		case balSpent:
			b.Spent[cat] += n
		case balWrittenOff:
			b.WrittenOff += n
		case balHeld:
			b.Held += n
		case balInTransit:
			b.InTransit += n
		}
	}
	return bs, rows.Err()
}

// FundsPageSize is how many organisations a page of /funds lists.
const FundsPageSize = 50

// fundsChartTransfers is how many transfers between a page's organisations
// its chart draws, the largest first: up to 50² pairs may have passed
// money on, and at 1M entries most have (a var for the tests).
var fundsChartTransfers = 40

// Funds returns the public funds report: the platform's totals by
// currency, and the balances of the FundsPageSize organisations with money
// after page key after (by id; "" for the first page).
func (s *Store) Funds(ctx context.Context, after string) (*ledger.FundsReport, error) {
	var from int64
	if after != "" {
		if err := parsePageKey(after, &from); err != nil {
			return nil, err
		}
	}
	r := &ledger.FundsReport{Names: map[int64]string{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		totals, err := balances(ctx, tx, 0)
		if err != nil {
			return err
		}
		r.Totals = totals.Sorted()
		var ids []int64
		if err := collect(ctx, tx, &ids, func(rows *sql.Rows) (int64, error) {
			var id int64
			return id, rows.Scan(&id)
		}, `SELECT id FROM orgs WHERE id > ? AND EXISTS (SELECT 1 FROM fig_sums WHERE kind IN (?, ?, ?, ?, ?, ?, ?) AND key = orgs.id)
			ORDER BY id LIMIT ?`, append(append([]any{from}, balKinds...), FundsPageSize+1)...); err != nil {
			return err
		}
		if len(ids) > FundsPageSize {
			ids = ids[:FundsPageSize]
			r.Next = pageKey(ids[len(ids)-1])
		}
		if len(ids) == 0 {
			return nil
		}
		bs, err := balancesOf(ctx, tx, ids[0], ids[len(ids)-1])
		if err != nil {
			return err
		}
		r.Balances = bs.Sorted()
		if err := collect(ctx, tx, &r.Transfers, func(rows *sql.Rows) (ledger.Transfer, error) {
			var t ledger.Transfer
			return t, rows.Scan(&t.From, &t.To, &t.Currency, &t.Amount)
		}, `SELECT from_org, to_org, currency, amount FROM fig_transfers WHERE amount != 0 AND from_org BETWEEN ?1 AND ?2 AND to_org BETWEEN ?1 AND ?2
			ORDER BY amount DESC, from_org, to_org, currency LIMIT ?3`, ids[0], ids[len(ids)-1], fundsChartTransfers); err != nil {
			return err
		}
		slices.SortFunc(r.Transfers, func(a, b ledger.Transfer) int {
			return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), strings.Compare(a.Currency, b.Currency))
		})
		r.TransferCounts = map[string]int{}
		rows, err := tx.QueryContext(ctx, `SELECT currency, count(*) FROM fig_transfers WHERE amount != 0 AND from_org BETWEEN ?1 AND ?2 AND to_org BETWEEN ?1 AND ?2
			GROUP BY currency`, ids[0], ids[len(ids)-1])
		if err != nil {
			return fmt.Errorf("counting transfers: %w", err)
		}
		for rows.Next() {
			var cur string
			var n int
			if err := rows.Scan(&cur, &n); err != nil {
				rows.Close()
				return err
			}
			r.TransferCounts[cur] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return s.cachedOrgNames(ctx, tx, ids, r.Names)
	})
	return r, err
}

// MoneyDesk returns m's organisation's money desk. Returns EFORBIDDEN
// unless m is a member of a verified warehouse or recipient.
func (s *Store) MoneyDesk(ctx context.Context, m ledger.Member) (*ledger.MoneyDesk, error) {
	if err := ledger.CheckMoneyParty(m); err != nil {
		return nil, err
	}
	d := &ledger.MoneyDesk{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if d.Org, err = orgByID(ctx, tx, m.Org); err != nil {
			return err
		}
		bs, err := balances(ctx, tx, m.Org)
		if err != nil {
			return err
		}
		for _, b := range bs.Sorted() {
			if b.Org == m.Org {
				d.Balances = append(d.Balances, b)
			}
		}
		if err := collect(ctx, tx, &d.Lots, func(r *sql.Rows) (ledger.Lot, error) {
			l, err := scanLot(r)
			return *l, err
		}, `SELECT `+lotColumns+` FROM lots WHERE holder = ? AND item = 'money' AND held > 0 ORDER BY unit, since, code`, m.Org); err != nil {
			return err
		}
		if d.Incoming, err = handoffViews(ctx, tx, `SELECT h.id FROM handoffs h WHERE h.to_org = ? AND `+openShipment+moneyShipment, m.Org); err != nil {
			return err
		}
		if d.Outgoing, err = handoffViews(ctx, tx, `SELECT h.id FROM handoffs h WHERE h.from_org = ? AND `+openShipment+moneyShipment, m.Org); err != nil {
			return err
		}
		if d.Receivers, err = orgNames(ctx, tx, m.Org, ledger.OrgWarehouse, ledger.OrgRecipient); err != nil {
			return err
		}
		if d.Items, err = catalogue(ctx, tx); err != nil {
			return err
		}
		return collect(ctx, tx, &d.Spendings, scanSpending, `SELECT `+spendingColumns+` FROM spendings WHERE org = ? ORDER BY entry DESC LIMIT 50`, m.Org)
	})
	return d, err
}

// moneyShipment completes a query of open shipments (on alias h): of money.
const moneyShipment = ` AND EXISTS (SELECT 1 FROM handoff_lines hl
	JOIN lots l ON l.code = hl.lot AND l.item = 'money' WHERE hl.handoff_id = h.id) ORDER BY h.id`

const spendingColumns = `entry, category, currency, total_minor, supplier, invoice_sha256, purpose, spent_on`

func scanSpending(r *sql.Rows) (ledger.SpendingRow, error) {
	var s ledger.SpendingRow
	return s, r.Scan(&s.Entry, &s.Category, &s.Currency, &s.Total, &s.Supplier, &s.InvoiceSHA256, &s.Purpose, &s.Date)
}

// TraceMoney returns a money pledge's trace. Returns ENOTFOUND if there is
// no such pledge, EINVALID for a pledge of goods.
func (s *Store) TraceMoney(ctx context.Context, code string) (*ledger.MoneyTrace, error) {
	var t *ledger.MoneyTrace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		p, err := pledgeByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		if p.Kind != ledger.PledgeMoney {
			return ledger.Errorf(ledger.EINVALID, "this is a pledge of goods; receive it as lots")
		}
		t, err = s.traceMoney(ctx, tx, p)
		return err
	})
	return t, err
}

// traceMoney reads what money pledge p became, and the names of the
// organisations that received it, spent it and hold what it bought.
func (s *Store) traceMoney(ctx context.Context, q queryer, p *ledger.Pledge) (*ledger.MoneyTrace, error) {
	t := &ledger.MoneyTrace{Pledge: p, Names: map[int64]string{}}
	r := &ledger.MoneyReceiptRow{}
	err := q.QueryRowContext(ctx, `SELECT entry, org, lot, currency, amount_minor, value_date, ref_sha256 FROM money_receipts WHERE pledge = ?`,
		p.Code).Scan(&r.Entry, &r.Org, &r.Lot, &r.Currency, &r.AmountMinor, &r.Date, &r.RefSHA256)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	} else if err != nil {
		return nil, fmt.Errorf("reading money receipt: %w", err)
	}
	t.Receipt = r
	if err := collect(ctx, q, &t.Lots, func(r *sql.Rows) (ledger.Lot, error) {
		l, err := scanLot(r)
		return *l, err
	}, `SELECT `+lotColumns+` FROM lots WHERE pledge = ? AND item = 'money' ORDER BY created, code`, p.Code); err != nil {
		return nil, err
	}
	if t.Transfers, err = handoffViews(ctx, q, `SELECT DISTINCT hl.handoff_id FROM handoff_lines hl JOIN lots l ON l.code = hl.lot
		WHERE l.pledge = ? AND l.item = 'money' ORDER BY 1`, p.Code); err != nil {
		return nil, err
	}
	es, err := queryEntries(ctx, q, true, `SELECT e.idx, e.data FROM entries e WHERE e.idx IN (SELECT sl.entry FROM spending_lines sl
		JOIN lots l ON l.code = sl.lot WHERE l.pledge = ? AND l.item = 'money') ORDER BY e.idx`, p.Code)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		sp, err := traceSpending(ctx, q, e, p.Code)
		if err != nil {
			return nil, err
		}
		t.Spendings = append(t.Spendings, sp)
	}
	orgs := []int64{r.Org}
	for _, sp := range t.Spendings {
		orgs = append(orgs, sp.Org)
		for _, b := range sp.Bought {
			for _, pl := range b.Places {
				orgs = append(orgs, pl.Org)
			}
		}
	}
	return t, s.cachedOrgNames(ctx, q, orgs, t.Names)
}

func traceSpending(ctx context.Context, q queryer, e *ledger.StoredEntry, pledge string) (*ledger.TracedSpending, error) {
	if e.Entry == nil {
		return nil, fmt.Errorf("entry %d does not decode", e.Index)
	}
	body, err := e.Entry.DecodeBody()
	if err != nil {
		return nil, fmt.Errorf("entry %d: %w", e.Index, err)
	}
	b := body.(*ledger.MoneySpent)
	origin := map[string]string{}
	for _, l := range b.Lines {
		var p string
		if err := q.QueryRowContext(ctx, `SELECT pledge FROM lots WHERE code = ?`, l.Lot).Scan(&p); err != nil {
			return nil, fmt.Errorf("reading lot %s: %w", l.Lot, err)
		}
		origin[l.Lot] = p
	}
	sp := &ledger.TracedSpending{Entry: e.Index, Org: e.Entry.Actor.Org, Body: b}
	shares := ledger.PurchaseShares(b, func(lot string) string { return origin[lot] })
	sp.Donors = len(shares)
	for _, s := range shares {
		if s.Pledge == pledge {
			sp.Share = s
		}
	}
	for _, nl := range b.Bought {
		bl := &ledger.BoughtLot{NewLot: nl}
		if bl.Item, err = itemByID(ctx, q, nl.Item); err != nil {
			return nil, err
		}
		if bl.Places, err = places(ctx, q, nl.Code); err != nil {
			return nil, err
		}
		sp.Bought = append(sp.Bought, bl)
	}
	return sp, nil
}

// places returns where the goods of lot code and of every lot split or
// received from it are: held, in transit, or used (uses not corrected).
func places(ctx context.Context, q queryer, code string) ([]ledger.Place, error) {
	var out []ledger.Place
	err := collect(ctx, q, &out, func(r *sql.Rows) (ledger.Place, error) {
		var p ledger.Place
		return p, r.Scan(&p.Lot, &p.Org, &p.Kind, &p.Quantity)
	}, `WITH RECURSIVE family(code) AS (SELECT ? UNION SELECT l.code FROM lots l JOIN family f ON l.parent = f.code)
		SELECT code, holder, 'held', held FROM lots WHERE code IN family AND held > 0 AND item != ''
		UNION ALL SELECT code, holder, 'in_transit', in_transit FROM lots WHERE code IN family AND in_transit > 0
		UNION ALL SELECT lot, org, 'used', sum(quantity) FROM lot_finals WHERE lot IN family AND type = 'lot.used' AND corrected_by = 0 GROUP BY lot, org
		ORDER BY 3, 2, 1`, code)
	return out, err
}
