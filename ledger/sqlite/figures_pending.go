package sqlite

// The writer adds up a batch's additions to the summed read models (sums,
// daily series, flows) in memory and writes each row they touch once, at
// the end of the batch, with multi-row upserts: adding to fig_sums was the
// writer's most frequent statement (two an entry), and the writes of a
// batch add to the same totals. A write's additions join the batch's only
// if it is kept, as its tail does (tail.go).

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// sumKey is one row of fig_sums.
type sumKey struct {
	kind string
	key  int64
	name string
}

// figDeltas are additions to the summed read models not written yet.
type figDeltas struct {
	sums  map[sumKey]int64
	daily map[dailyKey]int64
	flows map[flowKey]int64
}

func newFigDeltas() *figDeltas {
	return &figDeltas{sums: map[sumKey]int64{}, daily: map[dailyKey]int64{}, flows: map[flowKey]int64{}}
}

// merge adds o's additions to d's.
func (d *figDeltas) merge(o *figDeltas) {
	for k, q := range o.sums {
		d.sums[k] += q
	}
	for k, q := range o.daily {
		d.daily[k] += q
	}
	for k, q := range o.flows {
		d.flows[k] += q
	}
}

// needCounted adds the pending need_counted sums of need id to out.
func (d *figDeltas) needCounted(id int64, out map[string]int64) {
	for k, q := range d.sums {
		if k.kind == sumNeedCounted && k.key == id {
			out[k.name] += q
		}
	}
}

// flushFigures writes d's additions (every row they touch, a zero too, as
// adding one at a time did) and empties d.
func (tx *Tx) flushFigures(d *figDeltas) error {
	sums := slices.SortedFunc(maps.Keys(d.sums), func(a, b sumKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.key, b.key), cmp.Compare(a.name, b.name))
	})
	if err := upsertRows(tx, len(sums), func(n int) string {
		return `INSERT INTO fig_sums (kind, key, name, qty) VALUES ` + valueRows(n, 4) + `
			ON CONFLICT (kind, key, name) DO UPDATE SET qty = qty + excluded.qty`
	}, func(i int, args []any) []any {
		k := sums[i]
		return append(args, k.kind, k.key, k.name, d.sums[k])
	}); err != nil {
		return err
	}
	daily := slices.SortedFunc(maps.Keys(d.daily), func(a, b dailyKey) int {
		return cmp.Or(cmp.Compare(a.series, b.series), cmp.Compare(a.item, b.item), cmp.Compare(a.org, b.org), cmp.Compare(a.day, b.day))
	})
	if err := upsertRows(tx, len(daily), func(n int) string {
		return `INSERT INTO fig_daily (series, item, org, day, qty) VALUES ` + valueRows(n, 5) + `
			ON CONFLICT (series, item, org, day) DO UPDATE SET qty = qty + excluded.qty`
	}, func(i int, args []any) []any {
		k := daily[i]
		return append(args, k.series, k.item, k.org, k.day, d.daily[k])
	}); err != nil {
		return err
	}
	flows := slices.SortedFunc(maps.Keys(d.flows), func(a, b flowKey) int {
		return cmp.Or(cmp.Compare(a.Item, b.Item), cmp.Compare(a.From, b.From), cmp.Compare(a.Donor, b.Donor), cmp.Compare(a.To, b.To))
	})
	if err := upsertRows(tx, len(flows), func(n int) string {
		return `INSERT INTO fig_flows (item, from_org, donor, to_org, qty) VALUES ` + valueRows(n, 5) + `
			ON CONFLICT (item, from_org, donor, to_org) DO UPDATE SET qty = qty + excluded.qty`
	}, func(i int, args []any) []any {
		k := flows[i]
		return append(args, k.Item, k.From, k.Donor, k.To, d.flows[k])
	}); err != nil {
		return err
	}
	clear(d.sums)
	clear(d.daily)
	clear(d.flows)
	return nil
}

// upsertRows runs the statement stmt(n) for n rows of row(i, args) at a
// time, n a power of two up to 64 (a few statement texts to keep
// prepared, stmtcache.go).
func upsertRows(tx *Tx, rows int, stmt func(n int) string, row func(i int, args []any) []any) error {
	var args []any
	for done := 0; done < rows; {
		n := 64
		for n > rows-done {
			n /= 2
		}
		args = args[:0]
		for i := done; i < done+n; i++ {
			args = append(args, row(i, nil)...)
		}
		if _, err := tx.ExecContext(tx.ctx, stmt(n), args...); err != nil {
			return fmt.Errorf("counting the public figures: %w", err)
		}
		done += n
	}
	return nil
}
