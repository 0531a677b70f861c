package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// Custody writes load the lots and handoffs an entry touches into a
// ledger.Custody, run the same ledger rule the replay runs (Step), append
// the entry, apply it, and write the touched rows back. So the rows can
// never disagree with what the ledger re-derives.

// newCustody returns a custody state with the catalogue loaded.
func (tx *Tx) newCustody() (*ledger.Custody, error) {
	c := ledger.NewCustody()
	var err error
	c.Items, err = tx.catalogue()
	return c, err
}

// itemsCache is the catalogue as the writer last read it. Items are only
// ever added, by addItem, which drops it; so does the writer when a write
// that added one is rolled back or a batch fails (forgetItems).
type itemsCache struct {
	items map[string]ledger.Item // read-only once cached
}

// catalogue returns the catalogue by id, read again only after items were
// added: reading it whole for every custody write was a quarter of the
// writer's own work, and counting the items first a statement a write.
func (tx *Tx) catalogue() (map[string]ledger.Item, error) {
	if c := tx.items.Load(); c != nil {
		return c.items, nil
	}
	items, err := catalogueByID(tx.ctx, tx)
	if err != nil {
		return nil, err
	}
	tx.items.Store(&itemsCache{items: items})
	return items, nil
}

const lotColumns = `code, item, spec, unit, batch, gtin, expiry, condition, pledge, parent, pack, holder, quantity, held, in_transit, since, created`

func scanLot(row interface{ Scan(...any) error }, more ...any) (*ledger.Lot, error) {
	var l ledger.Lot
	err := row.Scan(append([]any{&l.Code, &l.Item, &l.Spec, &l.Unit, &l.Batch, &l.GTIN, &l.Expiry, &l.Condition, &l.Pledge, &l.Parent, &l.Pack,
		&l.Holder, &l.Quantity, &l.Held, &l.InTransit, &l.Since, &l.Created}, more...)...)
	return &l, err
}

// loadLots loads lots into c, with the contents of packs (recursively).
// Unknown codes are left out: the rule reports them. One query a lot
// says whether a count of it waits; only packs have contents to look for.
func (tx *Tx) loadLots(c *ledger.Custody, codes ...string) error {
	for _, code := range codes {
		if _, ok := c.Lots[code]; ok {
			continue
		}
		var counted bool
		l, err := scanLot(tx.QueryRowContext(tx.ctx, `SELECT `+lotColumns+`,
			EXISTS (SELECT 1 FROM lot_counts WHERE lot = ?1 AND status = ?2) FROM lots WHERE code = ?1`, code, ledger.CountPending), &counted)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading lot: %w", err)
		}
		c.Lots[code] = l
		tx.storedLot(l)
		if counted {
			if err := tx.loadPendingCount(c, code); err != nil {
				return err
			}
		}
		if !l.IsPack() {
			continue // lots are packed only into packs
		}
		// pack != '' is lots_by_pack's WHERE (it keeps only packed lots):
		// SQLite uses a partial index only for a query that says so.
		rows, err := tx.QueryContext(tx.ctx, `SELECT code FROM lots WHERE pack = ? AND pack != '' ORDER BY code`, code)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			l.Contents = append(l.Contents, k)
		}
		rows.Close()
		if err := tx.loadLots(c, l.Contents...); err != nil {
			return err
		}
	}
	return nil
}

// loadHandoff loads a handoff and its lots into c.
func (tx *Tx) loadHandoff(c *ledger.Custody, id int64) error {
	h := &ledger.Handoff{ID: id}
	err := tx.QueryRowContext(tx.ctx, `SELECT from_org, to_org, via_org, status, dispatched FROM handoffs WHERE id = ?`, id).
		Scan(&h.From, &h.To, &h.Via, &h.Status, &h.Dispatched)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading handoff: %w", err)
	}
	h.Lines, err = handoffLines(tx, tx.ctx, id)
	if err != nil {
		return err
	}
	c.Handoffs[id] = h
	tx.storedHandoff(h)
	for _, ln := range h.Lines {
		if err := tx.loadLots(c, ln.Lot); err != nil {
			return err
		}
	}
	return nil
}

// step checks body with the custody rules, appends it as an entry of typ by
// actor and applies it to c. The caller saves c when done.
func (tx *Tx) step(c *ledger.Custody, actor ledger.Actor, typ string, body ledger.Body) (Appended, error) {
	a, _, err := tx.run(actor, typ, body, func(index int64, time string) (*ledger.Step, error) {
		return c.Step(index, time, actor, typ, body)
	})
	if err == nil {
		// The figures ask each lot's item (countFigures): the step knows it.
		if tx.lotItems == nil {
			tx.lotItems = map[string]string{}
		}
		for code, l := range c.Lots {
			tx.lotItems[code] = l.Item
		}
	}
	return a, err
}

// run checks body with an area's rule (check, given the entry's index and
// time), appends it as an entry of typ by actor and applies the step. Every
// store write of a domain entry goes through here, as the replay goes
// through the same rules.
func (tx *Tx) run(actor ledger.Actor, typ string, body ledger.Body, check func(index int64, time string) (*ledger.Step, error)) (Appended, *ledger.Step, error) {
	index := tx.size
	st, err := check(index, ledger.FormatTime(ledger.TimeFrom(tx.ctx, tx.now)))
	// Who may act is said first; then what is wrong with the form.
	if ledger.ErrorCode(err) == ledger.EFORBIDDEN {
		return Appended{}, nil, err
	}
	if verr := body.Validate(); verr != nil {
		return Appended{}, nil, verr
	}
	if err != nil {
		return Appended{}, nil, err
	}
	a, err := tx.AppendNew(typ, actor, st.Subjects, body)
	if err != nil {
		return Appended{}, nil, err
	}
	if a.Index != index {
		return Appended{}, nil, fmt.Errorf("entry landed at %d, not %d", a.Index, index)
	}
	st.Apply()
	tx.added[len(tx.added)-1].step = st
	return a, st, nil
}

// saveCustody writes back every lot, handoff and final use in c, except
// the lots and handoffs whose rows already say what c says (storedLot).
func (tx *Tx) saveCustody(c *ledger.Custody) error {
	for _, l := range c.Lots {
		if old, ok := tx.stored.lots[l.Code]; ok && sameLotRow(&old, l) {
			continue
		}
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO lots (`+lotColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET condition = excluded.condition, pack = excluded.pack, holder = excluded.holder,
				held = excluded.held, in_transit = excluded.in_transit, since = excluded.since`,
			l.Code, l.Item, l.Spec, l.Unit, l.Batch, l.GTIN, l.Expiry, l.Condition, l.Pledge, l.Parent, l.Pack, l.Holder, l.Quantity, l.Held, l.InTransit, l.Since, l.Created); err != nil {
			return fmt.Errorf("saving lot %s: %w", l.Code, err)
		}
		tx.storedLot(l)
	}
	for _, h := range c.Handoffs {
		old, ok := tx.stored.handoffs[h.ID]
		if !ok || old.Status != h.Status {
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO handoffs (id, from_org, to_org, via_org, status, dispatched) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET status = excluded.status`, h.ID, h.From, h.To, h.Via, h.Status, h.Dispatched); err != nil {
				return fmt.Errorf("saving handoff: %w", err)
			}
		}
		for i, ln := range h.Lines {
			if ok && i < len(old.Lines) && old.Lines[i] == ln {
				continue
			}
			if _, err := tx.ExecContext(tx.ctx, `INSERT INTO handoff_lines (handoff_id, line_no, lot, quantity, whole, received, condition, reason, note, new_lot)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (handoff_id, line_no) DO UPDATE SET received = excluded.received, condition = excluded.condition,
					reason = excluded.reason, note = excluded.note, new_lot = excluded.new_lot`,
				h.ID, i, ln.Lot, ln.Quantity, ln.Whole, ln.Received, ln.Condition, ln.Reason, ln.Note, ln.NewLot); err != nil {
				return fmt.Errorf("saving handoff line: %w", err)
			}
		}
		tx.storedHandoff(h)
	}
	for _, k := range c.Counts {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO lot_counts (entry, lot, org, user, held, counted, reason, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (entry) DO UPDATE SET status = excluded.status`,
			k.Entry, k.Lot, k.Org, k.User, k.Held, k.Counted, k.Reason, k.Status); err != nil {
			return fmt.Errorf("saving count: %w", err)
		}
	}
	for _, f := range c.Finals {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO lot_finals (entry, type, lot, org, quantity, corrected_by) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (entry) DO UPDATE SET corrected_by = excluded.corrected_by`,
			f.Entry, f.Type, f.Lot, f.Org, f.Quantity, f.CorrectedBy); err != nil {
			return fmt.Errorf("saving use: %w", err)
		}
	}
	return nil
}

// storedRows is what this write knows the lots and handoffs rows hold
// (as loaded or saved), so saveCustody skips a row the write left as it
// was: a pickup loads every lot of its shipment and changes none.
type storedRows struct {
	lots     map[string]ledger.Lot
	handoffs map[int64]ledger.Handoff
}

// storedLot notes l as its row holds it.
func (tx *Tx) storedLot(l *ledger.Lot) {
	if tx.stored.lots == nil {
		tx.stored.lots = map[string]ledger.Lot{}
	}
	tx.stored.lots[l.Code] = *l
}

// storedHandoff notes h as its rows hold it.
func (tx *Tx) storedHandoff(h *ledger.Handoff) {
	if tx.stored.handoffs == nil {
		tx.stored.handoffs = map[int64]ledger.Handoff{}
	}
	c := *h
	c.Lines = slices.Clone(h.Lines)
	tx.stored.handoffs[h.ID] = c
}

// sameLotRow reports whether saving b over a's row would change nothing:
// the columns saveCustody updates are equal.
func sameLotRow(a, b *ledger.Lot) bool {
	return a.Condition == b.Condition && a.Pack == b.Pack && a.Holder == b.Holder && a.Held == b.Held &&
		a.InTransit == b.InTransit && a.Since == b.Since
}

// freshCode returns a new code unused by any lot or pledge.
func (tx *Tx) freshCode() (string, error) {
	for {
		code := ledger.NewCode()
		if sg := ledger.SigningFrom(tx.ctx); sg != nil {
			code = ledger.NewCodeFrom(sg) // the same codes when preparing and when signed
		}
		var n int
		lot, pledge := ledger.Subject(ledger.SubjectLot, code), ledger.Subject(ledger.SubjectPledge, code)
		if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM entry_subjects WHERE subject IN (?, ?)`, lot, pledge).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			// Neither has an entry yet: the first entry on the code
			// links to none without asking the database (tail.go).
			tx.tail.own.last[lot], tx.tail.own.last[pledge] = -1, -1
			return code, nil
		}
	}
}

// orgActsAs reports whether org id exists, is verified and is of one of kinds.
func (tx *Tx) orgActsAs(id int64, kinds ...string) (bool, error) {
	o, err := tx.org(id)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	m := ledger.Member{User: 1, Org: o.ID, OrgKind: o.Kind, OrgStatus: o.Status}
	return m.ActsFor(kinds...), nil
}
