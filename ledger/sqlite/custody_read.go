package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// TraceLot returns lot code's public record. Returns ENOTFOUND if there is no such lot.
func (s *Store) TraceLot(ctx context.Context, code string) (*ledger.LotTrace, error) {
	cp := s.Latest() // before the transaction: it sees every hash cp covers
	var t *ledger.LotTrace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = s.traceLot(ctx, tx, cp, code)
		return err
	})
	return t, err
}

// traceLot reads lot code's public record in tx, its chain verified against cp.
func (s *Store) traceLot(ctx context.Context, tx *sql.Tx, cp ledger.Checkpoint, code string) (*ledger.LotTrace, error) {
	code, err := ledger.NormalizeCode(code)
	if err != nil {
		return nil, err
	}
	l, err := scanLot(tx.QueryRowContext(ctx, `SELECT `+lotColumns+` FROM lots WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no lot %s", ledger.FormatCode(code))
	} else if err != nil {
		return nil, fmt.Errorf("reading lot: %w", err)
	}
	s.keepLotFacts(l)
	t := &ledger.LotTrace{Lot: *l}
	if err := collect(ctx, tx, &t.Children, func(r *sql.Rows) (string, error) {
		var c string
		return c, r.Scan(&c)
	}, `SELECT code FROM lots WHERE parent = ? ORDER BY created, code`, code); err != nil {
		return nil, err
	}
	// pack != '': see loadLots.
	if err := collect(ctx, tx, &t.Contents, func(r *sql.Rows) (ledger.Lot, error) {
		l, err := scanLot(r)
		return *l, err
	}, `SELECT `+lotColumns+` FROM lots WHERE pack = ? AND pack != '' ORDER BY code`, code); err != nil {
		return nil, err
	}
	if t.Open, err = openShipments(ctx, tx, code); err != nil {
		return nil, err
	}
	if t.Chain, t.Corrected, t.Names, err = s.chain(ctx, tx, cp, ledger.Subject(ledger.SubjectLot, code)); err != nil {
		return nil, err
	}
	// The catalogue and the names of the chain's organisations are at
	// hand; the holder may not be among them.
	if it, ok := t.Names.Items[l.Item]; ok {
		t.Item = it
	} else if t.Item, err = itemByID(ctx, tx, l.Item); err != nil {
		return nil, err
	}
	if err := s.cachedOrgNames(ctx, tx, []int64{l.Holder}, t.Names.Orgs); err != nil {
		return nil, err
	}
	t.HolderName = t.Names.Orgs[l.Holder]
	return t, nil
}

// openShipments returns the shipments carrying lot code that wait for
// their receiver.
func openShipments(ctx context.Context, q queryer, code string) ([]*ledger.HandoffView, error) {
	return handoffViews(ctx, q, `SELECT DISTINCT h.id FROM handoffs h JOIN handoff_lines l ON l.handoff_id = h.id
			WHERE l.lot = ? AND `+openShipment+` ORDER BY h.id`, code)
}

// The shipment rules of ledger.Handoff in SQL, on a handoffs row (its
// status column unqualified); TestShipmentSQLIsTheRule pins each to its
// rule for every status.
const (
	// openShipment is Handoff.Open: it still waits for its receiver.
	openShipment = `status IN ('dispatched', 'picked_up', 'delivered')`
	// carriedShipment is Handoff.AwaitsCarrier: its carrier has still to
	// pick it up or deliver it (the partial index handoffs_open_via
	// repeats it).
	carriedShipment = `status IN ('dispatched', 'picked_up')`
)

// chain returns a subject's entries, oldest first, with their leaf hashes
// and "verified" marks against cp (see readChainHashes), the corrections
// of them, and the names to describe them.
func (s *Store) chain(ctx context.Context, q queryer, cp ledger.Checkpoint, subject string) ([]*ledger.StoredEntry, map[int64]int64, ledger.Names, error) {
	es, err := queryEntries(ctx, q, true, `SELECT e.idx, e.data FROM entry_subjects s JOIN entries e ON e.idx = s.idx
		WHERE s.subject = ? ORDER BY s.idx`, subject)
	if err != nil {
		return nil, nil, ledger.Names{}, err
	}
	if err := s.readChainHashes(ctx, q, cp, es); err != nil {
		return nil, nil, ledger.Names{}, err
	}
	corrected := map[int64]int64{}
	for _, e := range es {
		if e.Entry == nil || e.Entry.Type != ledger.TypeEntryCorrected {
			continue
		}
		if b, err := e.Entry.DecodeBody(); err == nil {
			corrected[b.(*ledger.EntryCorrected).Entry] = e.Index
		}
	}
	names, err := s.namesFor(ctx, q, es)
	return es, corrected, names, err
}

// collect appends one value per row of query to out.
func collect[T any](ctx context.Context, q queryer, out *[]T, scan func(*sql.Rows) (T, error), query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return err
		}
		*out = append(*out, v)
	}
	return rows.Err()
}

func itemByID(ctx context.Context, q queryer, id string) (ledger.Item, error) {
	var it ledger.Item
	if id == "" || id == ledger.ItemMoney {
		return ledger.Item{ID: id}, nil
	}
	err := q.QueryRowContext(ctx, `SELECT id, name_en, name_zh, unit, standard, category FROM items WHERE id = ?`, id).
		Scan(&it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category)
	if err != nil {
		return it, fmt.Errorf("reading item %s: %w", id, err)
	}
	return it, nil
}

func orgName(ctx context.Context, q queryer, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM orgs WHERE id = ?`, id).Scan(&name)
	if err != nil {
		return "", fmt.Errorf("reading organisation %d: %w", id, err)
	}
	return name, nil
}

// handoffViews returns the handoffs whose ids query selects.
func handoffViews(ctx context.Context, q queryer, query string, args ...any) ([]*ledger.HandoffView, error) {
	var ids []int64
	if err := collect(ctx, q, &ids, func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, query, args...); err != nil {
		return nil, err
	}
	var out []*ledger.HandoffView
	for _, id := range ids {
		h, err := handoffView(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func handoffView(ctx context.Context, q queryer, id int64) (*ledger.HandoffView, error) {
	h := &ledger.HandoffView{Handoff: ledger.Handoff{ID: id}}
	err := q.QueryRowContext(ctx, `SELECT from_org, to_org, via_org, status, dispatched FROM handoffs WHERE id = ?`, id).
		Scan(&h.From, &h.To, &h.Via, &h.Status, &h.Dispatched)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no handoff %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("reading handoff: %w", err)
	}
	if h.Lines, err = handoffLines(q, ctx, id); err != nil {
		return nil, err
	}
	for _, p := range []struct {
		id   int64
		name *string
	}{{h.From, &h.FromName}, {h.To, &h.ToName}, {h.Via, &h.ViaName}} {
		if *p.name, err = orgName(ctx, q, p.id); err != nil {
			return nil, err
		}
	}
	for _, ln := range h.Lines {
		var item, unit string
		if err := q.QueryRowContext(ctx, `SELECT item, unit FROM lots WHERE code = ?`, ln.Lot).Scan(&item, &unit); err != nil {
			return nil, fmt.Errorf("reading lot: %w", err)
		}
		it, err := itemByID(ctx, q, item)
		if err != nil {
			return nil, err
		}
		h.Items, h.Units = append(h.Items, it), append(h.Units, unit)
	}
	return h, nil
}

// Handoff returns a shipment. Returns ENOTFOUND if there is none.
func (s *Store) Handoff(ctx context.Context, id int64) (*ledger.HandoffView, error) {
	var h *ledger.HandoffView
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		h, err = handoffView(ctx, tx, id)
		return err
	})
	return h, err
}

// Page sizes of the stock page's lists.
const (
	StockPage    = 50  // lots
	ExpectedPage = 20  // pledges to be delivered
	ShipmentPage = 100 // open shipments of each kind
)

// StockFrom says where each paged list of the stock page starts: after
// the page key given (ledger.Stock's Next, ExpectedNext; "" from the start),
// and whether each item also lists the open needs it could fill (the
// member's stock page offers them; the public page shows none, and
// finding them walks the needs board once per item).
type StockFrom struct {
	Lot, Pledge string
	Needs       bool
}

// Stock returns org's stock page from the start, with the needs its
// items could fill. See StockAt.
func (s *Store) Stock(ctx context.Context, org int64) (*ledger.Stock, error) {
	return s.StockAt(ctx, org, StockFrom{Needs: true})
}

// StockAt returns org's day: totals by item (stock_held), a page of its lots after
// from.Lot, a page of the pledges it is to receive after from.Pledge, and
// its open shipments. Returns EMALFORMED for a page key the store did
// not make.
func (s *Store) StockAt(ctx context.Context, org int64, from StockFrom) (*ledger.Stock, error) {
	st := &ledger.Stock{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if st.Org, err = orgByID(ctx, tx, org); err != nil {
			return err
		}
		if err := collect(ctx, tx, &st.Items, func(r *sql.Rows) (ledger.StockItem, error) {
			var si ledger.StockItem
			return si, r.Scan(&si.Item.ID, &si.Held)
		}, `SELECT item, held FROM stock_held WHERE org = ? AND held > 0 ORDER BY item`, org); err != nil {
			return err
		}
		for i := range st.Items {
			si := &st.Items[i]
			if si.Item, err = itemByID(ctx, tx, si.Item.ID); err != nil {
				return err
			}
			if !from.Needs {
				continue
			}
			if si.Needs, err = needMatches(ctx, tx, si.Item.ID, org); err != nil {
				return err
			}
			if len(si.Needs) == 0 {
				continue
			}
			first, err := scanLot(tx.QueryRowContext(ctx, `SELECT `+lotColumns+` FROM lots WHERE holder = ? AND item = ? AND pack = '' AND held > 0
				ORDER BY item, expiry = '', expiry, since, code LIMIT 1`, org, si.Item.ID))
			if err == nil {
				si.First = *first
			} else if !errors.Is(err, sql.ErrNoRows) { // all of it packed
				return fmt.Errorf("reading stock: %w", err)
			}
		}
		if st.Lots, st.Next, err = stockLots(ctx, tx, org, from.Lot); err != nil {
			return err
		}
		if st.Expected, st.ExpectedNext, err = expectedPledges(ctx, tx, org, from.Pledge); err != nil {
			return err
		}
		if st.Incoming, err = handoffViews(ctx, tx, `SELECT id FROM handoffs WHERE to_org = ? AND `+openShipment+` ORDER BY id LIMIT ?`, org, ShipmentPage); err != nil {
			return err
		}
		if st.Outgoing, err = handoffViews(ctx, tx, `SELECT id FROM handoffs WHERE from_org = ? AND `+openShipment+` ORDER BY id LIMIT ?`, org, ShipmentPage); err != nil {
			return err
		}
		st.Carrying, err = handoffViews(ctx, tx, `SELECT id FROM handoffs WHERE via_org = ? AND `+carriedShipment+` ORDER BY id LIMIT ?`, org, ShipmentPage)
		return err
	})
	return st, err
}

// stockLots returns a page of org's loose lots and packs held (not money),
// soonest expiry first, after page key after; and the key to continue
// after if more follow.
func stockLots(ctx context.Context, tx *sql.Tx, org int64, after string) ([]ledger.Lot, string, error) {
	noExpiry, expiry, code := int64(-1), "", ""
	if after != "" {
		if err := parsePageKey(after, &noExpiry, &expiry, &code); err != nil {
			return nil, "", err
		}
	}
	var lots []ledger.Lot
	if err := collect(ctx, tx, &lots, func(r *sql.Rows) (ledger.Lot, error) {
		l, err := scanLot(r)
		return *l, err
	}, `SELECT `+lotColumns+` FROM lots WHERE holder = ? AND pack = '' AND held > 0 AND item != 'money'
		AND (expiry = '', expiry, code) > (?, ?, ?) ORDER BY expiry = '', expiry, code LIMIT ?`, org, noExpiry, expiry, code, StockPage+1); err != nil {
		return nil, "", err
	}
	if len(lots) > StockPage {
		lots = lots[:StockPage]
		l := lots[StockPage-1]
		noExpiry := int64(0)
		if l.Expiry == "" {
			noExpiry = 1
		}
		return lots, pageKey(noExpiry, l.Expiry, l.Code), nil
	}
	return lots, "", nil
}

// expectedPledges returns a page of the pledges of goods org is to
// receive and has not received in full, soonest due first, after page
// key after; and the key to continue after if more follow.
func expectedPledges(ctx context.Context, tx *sql.Tx, org int64, after string) ([]*ledger.Pledge, string, error) {
	due, id := "", int64(0)
	if after != "" {
		if err := parsePageKey(after, &due, &id); err != nil {
			return nil, "", err
		}
	}
	ps, err := queryPledges(ctx, tx, `p.holder = ? AND p.kind = 'goods' AND p.status IN ('pledged', 'received')
		AND (p.due, p.id) > (?, ?) ORDER BY p.due, p.id LIMIT ?`, org, due, id, ExpectedPage+1)
	if err != nil || len(ps) <= ExpectedPage {
		return ps, "", err
	}
	ps = ps[:ExpectedPage]
	return ps, pageKey(ps[ExpectedPage-1].Due, ps[ExpectedPage-1].ID), nil
}

// LotPage returns what /t/{code} shows m for a lot. Returns ENOTFOUND if
// there is no such lot.
func (s *Store) LotPage(ctx context.Context, m ledger.Member, code string) (*ledger.LotPage, error) {
	cp := s.Latest() // see TraceLot
	var p *ledger.LotPage
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.lotPage(ctx, tx, cp, m, code)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Trace returns what /t/{code} shows m: the page of lot code, or else the
// trace of pledge code (one of the two nil), in one read transaction.
// Returns ENOTFOUND if code is neither.
func (s *Store) Trace(ctx context.Context, m ledger.Member, code string) (*ledger.LotPage, *ledger.PledgeTrace, error) {
	cp := s.Latest() // see TraceLot
	var p *ledger.LotPage
	var t *ledger.PledgeTrace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = s.lotPage(ctx, tx, cp, m, code); ledger.ErrorCode(err) == ledger.ENOTFOUND {
			t, err = s.tracePledge(ctx, tx, cp, code)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// lotPage reads what /t/{code} shows m for lot code in tx, its chain
// verified against cp.
func (s *Store) lotPage(ctx context.Context, tx *sql.Tx, cp ledger.Checkpoint, m ledger.Member, code string) (*ledger.LotPage, error) {
	t, err := s.traceLot(ctx, tx, cp, code)
	if err != nil {
		return nil, err
	}
	p := &ledger.LotPage{LotTrace: t, Actions: ledger.LotActions(m, &t.Lot)}
	if p.Counts, err = lotCounts(ctx, tx, t.Lot.Code); err != nil {
		return nil, err
	}
	for i, k := range p.Counts {
		if k.Status == ledger.CountPending {
			p.Pending = &p.Counts[i]
			if len(p.Actions) > 0 {
				p.Actions = []string{ledger.ActLabel} // frozen until reviewed
			}
		}
	}
	if len(p.Actions) == 0 {
		return p, nil
	}
	if p.Receivers, err = orgNames(ctx, tx, m.Org, ledger.OrgWarehouse, ledger.OrgRecipient); err != nil {
		return nil, err
	}
	if p.Carriers, err = orgNames(ctx, tx, m.Org, ledger.OrgLogistics, ""); err != nil {
		return nil, err
	}
	if t.Lot.Pledge != "" {
		err := tx.QueryRowContext(ctx, `SELECT coalesce(n.org_id, 0) FROM pledges p LEFT JOIN needs n ON n.id = p.need_id WHERE p.code = ?`, t.Lot.Pledge).Scan(&p.NeedRecipient)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("reading the lot's need: %w", err)
		}
	}
	return p, collect(ctx, tx, &p.Correctable, func(r *sql.Rows) (int64, error) {
		var i int64
		return i, r.Scan(&i)
	}, `SELECT entry FROM lot_finals WHERE lot = ? AND org = ? AND corrected_by = 0 ORDER BY entry`, t.Lot.Code, m.Org)
}

// orgNames lists verified organisations of kind1 or kind2 but not, by name.
func orgNames(ctx context.Context, q queryer, not int64, kind1, kind2 string) ([]ledger.OrgName, error) {
	var out []ledger.OrgName
	err := collect(ctx, q, &out, func(r *sql.Rows) (ledger.OrgName, error) {
		var o ledger.OrgName
		return o, r.Scan(&o.ID, &o.Name)
	}, `SELECT id, name FROM orgs WHERE status = 'verified' AND kind IN (?, ?) AND id != ? ORDER BY name`, kind1, kind2, not)
	return out, err
}

// LabelLots returns the lots to print labels for (lot, item and the open
// shipments carrying it, for the destination), in the order asked.
// Returns ENOTFOUND for an unknown code.
func (s *Store) LabelLots(ctx context.Context, codes []string) ([]*ledger.LotTrace, error) {
	if len(codes) == 0 || len(codes) > 200 {
		return nil, ledger.Errorf(ledger.EINVALID, "choose 1 to 200 lots")
	}
	var out []*ledger.LotTrace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		for _, c := range codes {
			code, err := ledger.NormalizeCode(c)
			if err != nil {
				return err
			}
			l, err := scanLot(tx.QueryRowContext(ctx, `SELECT `+lotColumns+` FROM lots WHERE code = ?`, code))
			if errors.Is(err, sql.ErrNoRows) {
				return ledger.Errorf(ledger.ENOTFOUND, "no lot %s", ledger.FormatCode(code))
			} else if err != nil {
				return fmt.Errorf("reading lot: %w", err)
			}
			t := &ledger.LotTrace{Lot: *l}
			if t.Item, err = itemByID(ctx, tx, l.Item); err != nil {
				return err
			}
			if t.Open, err = openShipments(ctx, tx, code); err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	return out, err
}

// needMatches lists up to five open published needs of other
// organisations with a line of item still short of delivery, most urgent
// first: a walk of the item's lines still short in the needs board's order
// (need_lines_short, kept by the delivered and board triggers), which
// never passes a need already met.
func needMatches(ctx context.Context, q queryer, item string, org int64) ([]ledger.NeedMatch, error) {
	var out []ledger.NeedMatch
	err := collect(ctx, q, &out, func(r *sql.Rows) (ledger.NeedMatch, error) {
		var m ledger.NeedMatch
		return m, r.Scan(&m.Need, &m.Org, &m.OrgName, &m.Remaining)
	}, `SELECT nl.need_id, n.org_id, (SELECT o.name FROM orgs o WHERE o.id = n.org_id), nl.quantity - nl.delivered
		FROM need_lines nl INDEXED BY need_lines_short JOIN needs n ON n.id = nl.need_id
		WHERE nl.item_id = ? AND nl.published = 1 AND nl.removed = 0 AND nl.delivered < nl.quantity AND n.org_id != ?
		ORDER BY nl.board_rank, nl.board_deadline, nl.need_id, nl.line_no LIMIT 5`, item, org)
	return out, err
}
