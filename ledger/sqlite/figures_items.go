package sqlite

// An item's public figures: who used it most and its largest flows, read
// a page at a time from the read models' quantity indexes (migration
// 0021), so the transparency page shows the top of each and the item's
// page (/items/{id}) lists them all, whatever the number of organisations
// and donors.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"github.com/aidtrail/aidtrail/ledger"
)

// ChartItems is how many items the transparency page draws charts for
// (those with the most received); ChartTop is how many organisations a
// use chart draws and how many flows a flow chart draws, the largest.
const (
	ChartItems = 3
	ChartTop   = 5
	FlowTop    = 12
)

// ItemListPage is how many rows a page of an item's users or flows shows.
const ItemListPage = 50

// ItemPages picks the page of each of an item's lists: the page keys
// (ledger.ItemFigures' UsersNext, FlowsNext) to start after, "" for the first.
type ItemPages struct {
	UsersAfter, FlowsAfter string
}

// ItemFigures returns an item's public totals and a page of each of its
// lists. Returns ENOTFOUND for an item not in the catalogue, EMALFORMED
// for a page key the store did not make.
func (s *Store) ItemFigures(ctx context.Context, item string, pages ItemPages) (*ledger.ItemFigures, error) {
	f := &ledger.ItemFigures{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		it, err := itemByID(ctx, tx, item)
		if errors.Is(err, sql.ErrNoRows) || item == ledger.ItemMoney {
			return ledger.Errorf(ledger.ENOTFOUND, "no item %q in the catalogue", item)
		}
		if err != nil {
			return err
		}
		f.Item = it
		sums := map[string]map[string]int64{}
		for _, kind := range []string{sumPledged, sumReceived, sumDelivered, sumUsed, sumWrittenOff} {
			sums[kind] = map[string]int64{}
			if err := scanSums(ctx, tx, sums[kind], `SELECT name, qty FROM fig_sums WHERE kind = ? AND key = 0 AND name = ?`, kind, item); err != nil {
				return fmt.Errorf("reading totals: %w", err)
			}
		}
		f.Totals = itemTotals(item, sums)
		if f.Users, f.UsersNext, err = itemUsers(ctx, tx, item, pages.UsersAfter, ItemListPage); err != nil {
			return err
		}
		if f.Flows, f.FlowsNext, err = itemFlows(ctx, tx, item, pages.FlowsAfter, ItemListPage); err != nil {
			return err
		}
		orgs, err := figOrgs(ctx, tx)
		if err != nil {
			return err
		}
		f.Names = ledger.Names{Orgs: map[int64]string{}, Items: map[string]ledger.Item{item: it}}
		f.Kinds = map[int64]string{}
		for id, o := range orgs {
			f.Names.Orgs[id], f.Kinds[id] = o.Name, o.Kind
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// itemChart reads the charts of one item: its needed and delivered series,
// its ChartTop largest users with theirs, its FlowTop largest flows.
func itemChart(ctx context.Context, q queryer, item string) (ledger.ItemChart, error) {
	c := ledger.ItemChart{Item: item}
	series := func(name string, org int64) ([]ledger.Point, error) {
		daily := map[string]int64{}
		err := scanSums(ctx, q, daily, `SELECT day, qty FROM fig_daily WHERE series = ? AND item = ? AND org = ?`, name, item, org)
		if err != nil {
			return nil, fmt.Errorf("reading the %s series: %w", name, err)
		}
		return cumulative(daily), nil
	}
	var err error
	if c.NeededOverTime, err = series(seriesNeeded, 0); err != nil {
		return c, err
	}
	if c.DeliveredOverTime, err = series(seriesDelivered, 0); err != nil {
		return c, err
	}
	users, next, err := itemUsers(ctx, q, item, "", ChartTop)
	if err != nil {
		return c, err
	}
	c.MoreUsers = next != ""
	for _, u := range users {
		pts, err := series(seriesUsed, u.Org)
		if err != nil {
			return c, err
		}
		c.UsedBy = append(c.UsedBy, ledger.Series{Org: u.Org, Points: pts})
	}
	c.Flows, next, err = itemFlows(ctx, q, item, "", FlowTop)
	c.MoreFlows = next != ""
	return c, err
}

// itemUsers lists up to limit organisations that used item, most first
// (ties by id, highest first), after page key after; next is the key
// after the last. A walk of the partial index fig_sums_org_used.
func itemUsers(ctx context.Context, q queryer, item, after string, limit int) (out []ledger.ItemUse, next string, err error) {
	qty, org := int64(math.MaxInt64), int64(math.MaxInt64)
	if after != "" {
		if err := parsePageKey(after, &qty, &org); err != nil {
			return nil, "", err
		}
	}
	err = collect(ctx, q, &out, func(r *sql.Rows) (u ledger.ItemUse, err error) {
		return u, r.Scan(&u.Org, &u.Quantity)
	}, `SELECT key, qty FROM fig_sums INDEXED BY fig_sums_org_used WHERE kind = '`+sumOrgUsed+`' AND name = ? AND qty > 0
		AND (qty, key) < (?, ?) ORDER BY qty DESC, key DESC LIMIT ?`, item, qty, org, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("reading who used %s: %w", item, err)
	}
	if len(out) > limit {
		out = out[:limit]
		next = pageKey(out[limit-1].Quantity, out[limit-1].Org)
	}
	return out, next, nil
}

// itemFlows lists up to limit flows of item, largest first (ties by their
// key, highest first), after page key after; next is the key after the
// last. A walk of the index fig_flows_by_qty.
func itemFlows(ctx context.Context, q queryer, item, after string, limit int) (out []ledger.Flow, next string, err error) {
	qty, from, donor, to := int64(math.MaxInt64), int64(0), "", int64(0)
	if after != "" {
		if err := parsePageKey(after, &qty, &from, &donor, &to); err != nil {
			return nil, "", err
		}
	}
	var keys []string
	err = collect(ctx, q, &out, func(r *sql.Rows) (fl ledger.Flow, err error) {
		var donor string
		if err := r.Scan(&fl.From, &donor, &fl.To, &fl.Quantity); err != nil {
			return fl, err
		}
		keys = append(keys, donor)
		switch donor {
		case anonymous:
			fl.Anonymous = true
		case purchased:
			fl.Purchased = true
		default:
			fl.Donor = donor
		}
		return fl, nil
	}, `SELECT from_org, donor, to_org, qty FROM fig_flows INDEXED BY fig_flows_by_qty WHERE item = ? AND qty > 0
		AND (qty, from_org, donor, to_org) < (?, ?, ?, ?) ORDER BY qty DESC, from_org DESC, donor DESC, to_org DESC LIMIT ?`,
		item, qty, from, donor, to, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("reading the flows of %s: %w", item, err)
	}
	if len(out) > limit {
		out = out[:limit]
		l := out[limit-1]
		next = pageKey(l.Quantity, l.From, keys[limit-1], l.To)
	}
	return out, next, nil
}
