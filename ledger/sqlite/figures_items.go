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
	"slices"
	"strconv"
	"strings"

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
	needed, err := dailySeries(ctx, q, seriesNeeded, item, 0)
	if err != nil {
		return c, err
	}
	delivered, err := dailySeries(ctx, q, seriesDelivered, item, 0)
	if err != nil {
		return c, err
	}
	c.NeededOverTime, c.DeliveredOverTime = needed[0], delivered[0]
	users, next, err := itemUsers(ctx, q, item, "", ChartTop)
	if err != nil {
		return c, err
	}
	c.MoreUsers = next != ""
	if len(users) > 0 {
		orgs := make([]int64, len(users))
		for i, u := range users {
			orgs[i] = u.Org
		}
		used, err := dailySeries(ctx, q, seriesUsed, item, orgs...)
		if err != nil {
			return c, err
		}
		for _, u := range users {
			c.UsedBy = append(c.UsedBy, ledger.Series{Org: u.Org, Points: used[u.Org]})
		}
	}
	c.Flows, next, err = itemFlows(ctx, q, item, "", FlowTop)
	c.MoreFlows = next != ""
	return c, err
}

// dailySeries reads the running totals of item's daily series name of
// each of orgs (0 for the series not by organisation), by org. SQLite
// joins each series' days into one row ("day qty,day qty,...", days have
// neither spaces nor commas), so a series of ~90 days (each of /'s charts
// at 1M entries) costs one row read through database/sql, not ~90: those
// rows were most of what grew on / from 10k to 1M.
func dailySeries(ctx context.Context, q queryer, name, item string, orgs ...int64) (map[int64][]ledger.Point, error) {
	args := []any{name, item}
	for _, o := range orgs {
		args = append(args, o)
	}
	rows, err := q.QueryContext(ctx, `SELECT org, group_concat(day || ' ' || qty, ',') FROM fig_daily
		WHERE series = ? AND item = ? AND org IN (`+placeholders(len(orgs))+`) GROUP BY org`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the %s series of %s: %w", name, item, err)
	}
	defer rows.Close()
	out := make(map[int64][]ledger.Point, len(orgs))
	for rows.Next() {
		var org int64
		var days string
		if err := rows.Scan(&org, &days); err != nil {
			return nil, err
		}
		if out[org], err = runningTotals(days); err != nil {
			return nil, fmt.Errorf("reading the %s series of %s: %w", name, item, err)
		}
	}
	return out, rows.Err()
}

// runningTotals turns "day qty,day qty,..." (dailySeries) into a running
// total on each day but "", in order of day.
func runningTotals(days string) ([]ledger.Point, error) {
	pts := make([]ledger.Point, 0, strings.Count(days, ",")+1)
	for part := range strings.SplitSeq(days, ",") {
		i := strings.LastIndexByte(part, ' ')
		if i < 0 {
			return nil, fmt.Errorf("a daily figure %q", part)
		}
		q, err := strconv.ParseInt(part[i+1:], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("a daily figure %q", part)
		}
		if part[:i] != "" {
			pts = append(pts, ledger.Point{Day: part[:i], Value: q})
		}
	}
	// The days come in the primary key's order; sorted again only if not.
	byDay := func(a, b ledger.Point) int { return strings.Compare(a.Day, b.Day) }
	if !slices.IsSortedFunc(pts, byDay) {
		slices.SortFunc(pts, byDay)
	}
	var sum int64
	for i := range pts {
		sum += pts[i].Value
		pts[i].Value = sum
	}
	return pts, nil
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
