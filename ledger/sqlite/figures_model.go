package sqlite

// The public figures' read models: tables counted by countEntry in the
// transaction of every write (figSQL, txDomain), rebuilt from a full replay
// when they are behind the log, and checked against one (CheckFigures).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// figSet is the figures in memory, as a full replay counts them.
type figSet struct {
	sums          map[string]map[int64]map[string]int64 // kind -> key -> name -> quantity
	daily         map[dailyKey]int64
	flows         map[flowKey]int64
	discrepancies []ledger.Discrepancy // in log order
	finals        map[int64]final
	orgs          map[int64]ledger.OrgFacts
	moneyLots     map[string]moneyLot
	transfers     map[transferKey]int64
}

func newFigSet() *figSet {
	return &figSet{sums: map[string]map[int64]map[string]int64{}, daily: map[dailyKey]int64{}, flows: map[flowKey]int64{},
		finals: map[int64]final{}, orgs: map[int64]ledger.OrgFacts{}, moneyLots: map[string]moneyLot{}, transfers: map[transferKey]int64{}}
}

func (f *figSet) add(kind string, key int64, name string, q int64) {
	if f.sums[kind] == nil {
		f.sums[kind] = map[int64]map[string]int64{}
	}
	if f.sums[kind][key] == nil {
		f.sums[kind][key] = map[string]int64{}
	}
	f.sums[kind][key][name] += q
}

func (f *figSet) sum(kind string, key int64) map[string]int64 { return f.sums[kind][key] }

func (f *figSet) addDaily(k dailyKey, q int64)          { f.daily[k] += q }
func (f *figSet) addFlow(k flowKey, q int64)            { f.flows[k] += q }
func (f *figSet) discrepancy(d ledger.Discrepancy)      { f.discrepancies = append(f.discrepancies, d) }
func (f *figSet) setFinal(index int64, x final)         { f.finals[index] = x }
func (f *figSet) final(index int64) (final, bool)       { x, ok := f.finals[index]; return x, ok }
func (f *figSet) setOrg(o ledger.OrgFacts)              { f.orgs[o.ID] = o }
func (f *figSet) orgKind(id int64) string               { return f.orgs[id].Kind }
func (f *figSet) needCounted(id int64) map[string]int64 { return f.sums[sumNeedCounted][id] }
func (f *figSet) err() error                            { return nil }

func (f *figSet) moneyLot(code string) (moneyLot, bool) { l, ok := f.moneyLots[code]; return l, ok }
func (f *figSet) setMoneyLot(code string, l moneyLot)   { f.moneyLots[code] = l }
func (f *figSet) addTransfer(k transferKey, q int64)    { f.transfers[k] += q }

// normalize drops zero quantities, so sets counted in different orders
// compare equal.
func (f *figSet) normalize() {
	for kind, byKey := range f.sums {
		for key, byName := range byKey {
			maps.DeleteFunc(byName, func(_ string, q int64) bool { return q == 0 })
			if len(byName) == 0 {
				delete(byKey, key)
			}
		}
		if len(byKey) == 0 {
			delete(f.sums, kind)
		}
	}
	maps.DeleteFunc(f.daily, func(_ dailyKey, q int64) bool { return q == 0 })
	maps.DeleteFunc(f.flows, func(_ flowKey, q int64) bool { return q == 0 })
	maps.DeleteFunc(f.transfers, func(_ transferKey, q int64) bool { return q == 0 })
}

// figDB is what the read models are written and read through: the
// writer's *Tx (cached statements) or a plain *sql.Tx.
type figDB interface {
	queryer
	execer
}

// figSQL counts into the read-model tables. It keeps the first error.
type figSQL struct {
	ctx   context.Context
	db    figDB
	first error
	// own and batch, in the writer, hold the additions to sums, daily
	// series and flows of the write and of its batch's kept writes, which
	// the batch writes at its end (figures_pending.go); nil: added at once.
	own, batch *figDeltas
}

func (f *figSQL) fail(err error) {
	if err != nil && f.first == nil {
		f.first = fmt.Errorf("counting the public figures: %w", err)
	}
}

func (f *figSQL) exec(query string, args ...any) {
	if f.first == nil {
		_, err := f.db.ExecContext(f.ctx, query, args...)
		f.fail(err)
	}
}

func (f *figSQL) err() error { return f.first }

func (f *figSQL) add(kind string, key int64, name string, q int64) {
	if f.own != nil {
		f.own.sums[sumKey{kind, key, name}] += q
		return
	}
	f.exec(`INSERT INTO fig_sums (kind, key, name, qty) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, key, name) DO UPDATE SET qty = qty + excluded.qty`, kind, key, name, q)
}

func (f *figSQL) addDaily(k dailyKey, q int64) {
	if f.own != nil {
		f.own.daily[k] += q
		return
	}
	f.exec(`INSERT INTO fig_daily (series, item, org, day, qty) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (series, item, org, day) DO UPDATE SET qty = qty + excluded.qty`, k.series, k.item, k.org, k.day, q)
}

func (f *figSQL) addFlow(k flowKey, q int64) {
	if f.own != nil {
		f.own.flows[k] += q
		return
	}
	f.exec(`INSERT INTO fig_flows (item, from_org, donor, to_org, qty) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (item, from_org, donor, to_org) DO UPDATE SET qty = qty + excluded.qty`, k.Item, k.From, k.Donor, k.To, q)
}

func (f *figSQL) discrepancy(d ledger.Discrepancy) {
	f.exec(`INSERT INTO fig_discrepancies (idx, line, lot, time, handoff, from_org, to_org, item, sent, received, reason, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.Index, d.Line, d.Lot, d.Time, d.Handoff, d.From, d.To, d.Item, d.Sent, d.Received, d.Reason, d.Note)
}

func (f *figSQL) setFinal(index int64, x final) {
	f.exec(`INSERT INTO fig_finals (idx, type, item, org, qty, day) VALUES (?, ?, ?, ?, ?, ?)`, index, x.typ, x.item, x.org, x.qty, x.day)
}

func (f *figSQL) final(index int64) (final, bool) {
	var x final
	if f.first != nil {
		return x, false
	}
	err := f.db.QueryRowContext(f.ctx, `SELECT type, item, org, qty, day FROM fig_finals WHERE idx = ?`, index).Scan(&x.typ, &x.item, &x.org, &x.qty, &x.day)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false
	}
	f.fail(err)
	return x, err == nil
}

func (f *figSQL) setOrg(o ledger.OrgFacts) {
	f.exec(`INSERT INTO fig_orgs (id, name, kind) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind`, o.ID, o.Name, o.Kind)
}

func (f *figSQL) orgKind(id int64) string {
	var kind string
	if f.first != nil {
		return ""
	}
	err := f.db.QueryRowContext(f.ctx, `SELECT kind FROM fig_orgs WHERE id = ?`, id).Scan(&kind)
	if !errors.Is(err, sql.ErrNoRows) {
		f.fail(err)
	}
	return kind
}

func (f *figSQL) needCounted(id int64) map[string]int64 {
	out := map[string]int64{}
	f.fail(scanSums(f.ctx, f.db, out, `SELECT name, qty FROM fig_sums WHERE kind = ? AND key = ?`, sumNeedCounted, id))
	for _, d := range []*figDeltas{f.batch, f.own} {
		if d != nil {
			d.needCounted(id, out)
		}
	}
	return out
}

func (f *figSQL) moneyLot(code string) (moneyLot, bool) {
	var l moneyLot
	if f.first != nil {
		return l, false
	}
	err := f.db.QueryRowContext(f.ctx, `SELECT holder, currency, held, in_transit FROM fig_money_lots WHERE code = ?`, code).Scan(&l.Holder, &l.Currency, &l.Held, &l.InTransit)
	if errors.Is(err, sql.ErrNoRows) {
		return l, false
	}
	f.fail(err)
	return l, err == nil
}

func (f *figSQL) setMoneyLot(code string, l moneyLot) {
	f.exec(`INSERT INTO fig_money_lots (code, holder, currency, held, in_transit) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET holder = excluded.holder, currency = excluded.currency, held = excluded.held, in_transit = excluded.in_transit`,
		code, l.Holder, l.Currency, l.Held, l.InTransit)
}

func (f *figSQL) addTransfer(k transferKey, q int64) {
	f.exec(`INSERT INTO fig_transfers (from_org, to_org, currency, amount) VALUES (?, ?, ?, ?)
		ON CONFLICT (from_org, to_org, currency) DO UPDATE SET amount = amount + excluded.amount`, k.From, k.To, k.Currency, q)
}

// scanSums adds rows of (name, quantity) to out.
func scanSums(ctx context.Context, q queryer, out map[string]int64, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return err
		}
		out[name] += n
	}
	return rows.Err()
}

// txDomain answers figDomain from the store's rows in a write's
// transaction, after the write.
type txDomain struct {
	ctx   context.Context
	q     queryer
	first error
	items map[string]string // the item of lots the write's custody steps held (a lot's item never changes)
}

func (d *txDomain) err() error { return d.first }

func (d *txDomain) fail(err error) {
	if err != nil && !errors.Is(err, sql.ErrNoRows) && d.first == nil {
		d.first = fmt.Errorf("counting the public figures: %w", err)
	}
}

func (d *txDomain) lotItem(code string) string {
	if item, ok := d.items[code]; ok {
		return item
	}
	var item string
	d.fail(d.q.QueryRowContext(d.ctx, `SELECT item FROM lots WHERE code = ?`, code).Scan(&item))
	return item
}

func (d *txDomain) packItems(code string) map[string]int64 {
	out := map[string]int64{}
	d.fail(scanSums(d.ctx, d.q, out, `SELECT item, held FROM lots WHERE pack = ? AND pack != '' AND item != ''`, code))
	return out
}

func (d *txDomain) handoff(id int64) (int64, map[string]int64, bool) {
	var from int64
	err := d.q.QueryRowContext(d.ctx, `SELECT from_org FROM handoffs WHERE id = ?`, id).Scan(&from)
	if err != nil {
		d.fail(err)
		return 0, nil, false
	}
	sent := map[string]int64{}
	d.fail(scanSums(d.ctx, d.q, sent, `SELECT lot, quantity FROM handoff_lines WHERE handoff_id = ?`, id))
	return from, sent, true
}

// pledge reads the pledge as made, from its first entry.
func (d *txDomain) pledge(code string) *ledger.PledgeMade {
	var data []byte
	err := d.q.QueryRowContext(d.ctx, `SELECT data FROM entries WHERE idx = (SELECT min(idx) FROM entry_subjects WHERE subject = ?)`,
		ledger.Subject(ledger.SubjectPledge, code)).Scan(&data)
	if err != nil {
		d.fail(err)
		return nil
	}
	e, err := ledger.Decode(data)
	if err != nil {
		d.fail(err)
		return nil
	}
	b, err := e.DecodeBody()
	if err != nil {
		d.fail(err)
		return nil
	}
	p, _ := b.(*ledger.PledgeMade)
	return p
}

func (d *txDomain) lotPledge(lot string) *ledger.PledgeMade {
	var code string
	if err := d.q.QueryRowContext(d.ctx, `SELECT pledge FROM lots WHERE code = ?`, lot).Scan(&code); err != nil || code == "" {
		d.fail(err)
		return nil
	}
	return d.pledge(code)
}

func (d *txDomain) needOrg(id int64) int64 {
	var org int64
	d.fail(d.q.QueryRowContext(d.ctx, `SELECT org_id FROM needs WHERE id = ?`, id).Scan(&org))
	return org
}

func (d *txDomain) publishedNeed(id int64) (map[string]int64, bool) {
	var status string
	if err := d.q.QueryRowContext(d.ctx, `SELECT status FROM needs WHERE id = ?`, id).Scan(&status); err != nil || status != ledger.NeedStatusPublished {
		d.fail(err)
		return nil, false
	}
	cur := map[string]int64{}
	d.fail(scanSums(d.ctx, d.q, cur, `SELECT item_id, quantity FROM need_lines WHERE need_id = ? AND removed = 0`, id))
	return cur, true
}

func (d *txDomain) moneyLot(code string) (moneyLot, bool) {
	var l moneyLot
	if item, ok := d.items[code]; ok && item != ledger.ItemMoney {
		return l, false
	}
	err := d.q.QueryRowContext(d.ctx, `SELECT holder, unit, held, in_transit FROM lots WHERE code = ? AND item = 'money'`, code).
		Scan(&l.Holder, &l.Currency, &l.Held, &l.InTransit)
	d.fail(err)
	return l, err == nil
}

func (d *txDomain) lotFinal(index int64) (ledger.Final, bool) {
	x := ledger.Final{Entry: index}
	err := d.q.QueryRowContext(d.ctx, `SELECT type, lot, org, quantity, corrected_by FROM lot_finals WHERE entry = ?`, index).
		Scan(&x.Type, &x.Lot, &x.Org, &x.Quantity, &x.CorrectedBy)
	d.fail(err)
	return x, err == nil
}

// addedEntry is an entry a write appended, for the read models.
type addedEntry struct {
	index int64
	entry *ledger.Entry
	step  *ledger.Step // its rule's step, with the effects (nil for types without a Step)
}

// countFigures counts the entries the write appended into the read models,
// in its transaction, and moves tx.figNext past them (the batch writes the
// cursor once, for its kept writes). If they are behind the log (not
// rebuilt yet), they are left for the rebuild at the next start.
func (tx *Tx) countFigures() error {
	if len(tx.added) == 0 || tx.figNext != tx.added[0].index {
		return nil
	}
	dom := &txDomain{ctx: tx.ctx, q: tx, items: tx.lotItems}
	sink := &figSQL{ctx: tx.ctx, db: tx, own: tx.tail.own.figs, batch: tx.tail.batch.figs}
	for _, a := range tx.added {
		body, err := a.entry.DecodeBody()
		if err != nil {
			return err
		}
		countEntry(a.index, a.entry, body, a.step, dom, sink)
		if err := errors.Join(dom.err(), sink.err()); err != nil {
			return err
		}
	}
	tx.figNext = tx.added[len(tx.added)-1].index + 1
	return nil
}

// catchUpFigures rebuilds the read models from a full replay if they are
// behind the log (a log written before they existed), after beforeWrite.
// Run at start, before the writer.
func (s *Store) catchUpFigures(ctx context.Context, size int64, beforeWrite func() error) error {
	var next int64
	if err := s.db.QueryRowContext(ctx, `SELECT next FROM fig_cursor`).Scan(&next); err != nil {
		return fmt.Errorf("reading the figures' cursor: %w", err)
	}
	if next == size {
		return nil
	}
	if err := beforeWrite(); err != nil {
		return err
	}
	s.log.Info("rebuilding the public figures from the whole log (once)", "entries", size, "counted", next)
	return s.RebuildFigures(ctx)
}

// RebuildFigures replays the whole log and writes the public figures' read
// models anew. It runs beside no writer (at start, or from the admin
// command on a stopped server).
func (s *Store) RebuildFigures(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var size int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&size); err != nil {
		return err
	}
	f := newFigures()
	if err := f.catchUp(ctx, tx, size, nil); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM fig_sums`, `DELETE FROM fig_daily`, `DELETE FROM fig_flows`, `DELETE FROM fig_discrepancies`,
		`DELETE FROM fig_finals`, `DELETE FROM fig_orgs`, `DELETE FROM fig_money_lots`, `DELETE FROM fig_transfers`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := f.set.writeTo(ctx, tx); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE fig_cursor SET next = ?`, size); err != nil {
		return err
	}
	// stock_held anew from the lots, as migration 0023 fills it.
	if _, err := tx.ExecContext(ctx, `DELETE FROM stock_held`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stock_held (org, item, held)
		SELECT l.holder, l.item, sum(l.held) FROM lots l LEFT JOIN lots p ON p.code = l.pack
		WHERE l.held > 0 AND l.item NOT IN ('', 'money') AND (l.pack = '' OR p.held > 0) GROUP BY l.holder, l.item`); err != nil {
		return err
	}
	return tx.Commit()
}

// writeTo writes the set into empty read-model tables.
func (f *figSet) writeTo(ctx context.Context, db figDB) error {
	sink := &figSQL{ctx: ctx, db: db}
	for kind, byKey := range f.sums {
		for key, byName := range byKey {
			for name, q := range byName {
				sink.add(kind, key, name, q)
			}
		}
	}
	for k, q := range f.daily {
		sink.addDaily(k, q)
	}
	for k, q := range f.flows {
		sink.addFlow(k, q)
	}
	for _, d := range f.discrepancies {
		sink.discrepancy(d)
	}
	for i, x := range f.finals {
		sink.setFinal(i, x)
	}
	for _, o := range f.orgs {
		sink.setOrg(o)
	}
	for code, l := range f.moneyLots {
		sink.setMoneyLot(code, l)
	}
	for k, q := range f.transfers {
		sink.addTransfer(k, q)
	}
	return sink.err()
}

// readFigSet reads the whole read model (for checking it).
func readFigSet(ctx context.Context, q queryer) (*figSet, error) {
	f := newFigSet()
	each := func(query string, scan func(*sql.Rows) error) error { return eachRow(ctx, q, scan, query) }
	err := errors.Join(
		each(`SELECT kind, key, name, qty FROM fig_sums`, func(r *sql.Rows) error {
			var kind, name string
			var key, qty int64
			err := r.Scan(&kind, &key, &name, &qty)
			f.add(kind, key, name, qty)
			return err
		}),
		each(`SELECT series, item, org, day, qty FROM fig_daily`, func(r *sql.Rows) error {
			var k dailyKey
			var qty int64
			err := r.Scan(&k.series, &k.item, &k.org, &k.day, &qty)
			f.daily[k] += qty
			return err
		}),
		each(`SELECT item, from_org, donor, to_org, qty FROM fig_flows`, func(r *sql.Rows) error {
			var k flowKey
			var qty int64
			err := r.Scan(&k.Item, &k.From, &k.Donor, &k.To, &qty)
			f.flows[k] += qty
			return err
		}),
		each(`SELECT `+discrepancyColumns+` FROM fig_discrepancies ORDER BY idx, line`, func(r *sql.Rows) error {
			d, err := scanDiscrepancy(r)
			f.discrepancies = append(f.discrepancies, d)
			return err
		}),
		each(`SELECT idx, type, item, org, qty, day FROM fig_finals`, func(r *sql.Rows) error {
			var i int64
			var x final
			err := r.Scan(&i, &x.typ, &x.item, &x.org, &x.qty, &x.day)
			f.finals[i] = x
			return err
		}),
		each(`SELECT id, name, kind FROM fig_orgs`, func(r *sql.Rows) error {
			var o ledger.OrgFacts
			err := r.Scan(&o.ID, &o.Name, &o.Kind)
			f.orgs[o.ID] = o
			return err
		}),
		each(`SELECT code, holder, currency, held, in_transit FROM fig_money_lots`, func(r *sql.Rows) error {
			var code string
			var l moneyLot
			err := r.Scan(&code, &l.Holder, &l.Currency, &l.Held, &l.InTransit)
			f.moneyLots[code] = l
			return err
		}),
		each(`SELECT from_org, to_org, currency, amount FROM fig_transfers`, func(r *sql.Rows) error {
			var k transferKey
			var q int64
			err := r.Scan(&k.From, &k.To, &k.Currency, &q)
			f.transfers[k] += q
			return err
		}),
	)
	return f, err
}

const discrepancyColumns = `idx, line, lot, time, handoff, from_org, to_org, item, sent, received, reason, note`

func scanDiscrepancy(r interface{ Scan(...any) error }) (ledger.Discrepancy, error) {
	var d ledger.Discrepancy
	err := r.Scan(&d.Index, &d.Line, &d.Lot, &d.Time, &d.Handoff, &d.From, &d.To, &d.Item, &d.Sent, &d.Received, &d.Reason, &d.Note)
	return d, err
}

// CheckFigures replays the log up to what the public figures' read models
// have counted and compares: it returns an error naming the first part
// that differs (a drift between countEntry in the writer and in the replay,
// or a damaged table). Read-only.
func (s *Store) CheckFigures(ctx context.Context) error {
	return s.readTx(ctx, func(tx *sql.Tx) error {
		var next int64
		if err := tx.QueryRowContext(ctx, `SELECT next FROM fig_cursor`).Scan(&next); err != nil {
			return fmt.Errorf("reading the figures' cursor: %w", err)
		}
		f := newFigures()
		if err := f.catchUp(ctx, tx, next, nil); err != nil {
			return err
		}
		got, err := readFigSet(ctx, tx)
		if err != nil {
			return fmt.Errorf("reading the public figures: %w", err)
		}
		if err := compareFigSets(got, f.set); err != nil {
			return err
		}
		return checkStockHeld(ctx, tx, f, next)
	})
}

// checkStockHeld compares stock_held (kept by triggers on lots, migration
// 0023) with what the replayed custody holds at hand. Those rows follow
// every committed write, not the figures' cursor, so they are compared
// only when the figures have counted the whole log (the next start counts
// an older log's, then they are compared).
func checkStockHeld(ctx context.Context, tx *sql.Tx, f *figures, next int64) error {
	var size int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(idx) + 1, 0) FROM entries`).Scan(&size); err != nil {
		return err
	}
	if size != next {
		return nil
	}
	got := map[int64]map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT org, item, held FROM stock_held WHERE held != 0`)
	if err != nil {
		return fmt.Errorf("reading the stock held: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var org, held int64
		var item string
		if err := rows.Scan(&org, &item, &held); err != nil {
			return err
		}
		if got[org] == nil {
			got[org] = map[string]int64{}
		}
		got[org][item] = held
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if want := stockAtHand(ledger.CustodyOf(f.state)); !reflect.DeepEqual(got, want) {
		return fmt.Errorf("the stock held (stock_held) differs from a replay of the log: stored %v, replayed %v", got, want)
	}
	return nil
}

// stockAtHand is what each organisation holds of each item at hand, the
// sums stock_held keeps: lots of goods it holds (loose, or in a pack that
// is at hand).
func stockAtHand(c *ledger.Custody) map[int64]map[string]int64 {
	out := map[int64]map[string]int64{}
	for _, l := range c.Lots {
		if l.Held > 0 && !l.IsPack() && !l.IsMoney() && (l.Pack == "" || c.Lots[l.Pack].Held > 0) {
			if out[l.Holder] == nil {
				out[l.Holder] = map[string]int64{}
			}
			out[l.Holder][l.Item] += l.Held
		}
	}
	return out
}

// compareFigSets names the first part of got that differs from want.
func compareFigSets(got, want *figSet) error {
	got.normalize()
	want.normalize()
	diff := func(part string, a, b any) error {
		if !reflect.DeepEqual(a, b) {
			return fmt.Errorf("the public figures (%s) differ from a replay of the log: stored %v, replayed %v", part, a, b)
		}
		return nil
	}
	for _, kind := range slices.Sorted(maps.Keys(want.sums)) {
		if err := diff("sums "+kind, got.sums[kind], want.sums[kind]); err != nil {
			return err
		}
	}
	want.discrepancies = append([]ledger.Discrepancy{}, want.discrepancies...)
	got.discrepancies = append([]ledger.Discrepancy{}, got.discrepancies...)
	return errors.Join(
		diff("sums", got.sums, want.sums),
		diff("daily series", got.daily, want.daily),
		diff("flows", got.flows, want.flows),
		diff("discrepancies", got.discrepancies, want.discrepancies),
		diff("uses and write-offs", got.finals, want.finals),
		diff("organisations", got.orgs, want.orgs),
		diff("money lots", got.moneyLots, want.moneyLots),
		diff("money transfers", got.transfers, want.transfers),
	)
}
