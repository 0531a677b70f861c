package sqlite

// /data/iati.xml: the money entries as IATI 2.03 activities, mapped by
// ledger/opendata from the entries and what the read models hold of the
// organisations, pledges, shipments and lots they name (never from private
// tables), one organisation at a time in bounded memory. The mapping reads
// only what never changes once written (an organisation's registered name,
// a pledge's donor name, a shipment's parties, a lot's currency), so the
// rows as they are now serve any entry before them, as the replay did.

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
)

// ExportIATI returns the iati-activities document of the money entries
// within the latest checkpoint, generated at now; base is the server's
// public URL. Its activities are read as it is encoded
// (opendata.WriteIATI): organisations by number, a chunk of ExportChunk
// of one organisation's money entries per short read transaction. Memory
// holds one chunk (a few kept, see iatiKeep) and the receipts of the money
// transfers (moneyTransfers): 16 bytes each.
func (s *Store) ExportIATI(ctx context.Context, base string, now time.Time) *opendata.IATIActivities {
	size := s.Latest().Size
	doc := &opendata.IATIActivities{Version: opendata.IATIVersion, Generated: now.UTC().Format(time.RFC3339)}
	doc.Activity.Each = func(yield func(opendata.IATIActivity) error) error {
		transfers, err := s.moneyTransfers(ctx, size)
		if err != nil {
			return fmt.Errorf("exporting IATI: %w", err)
		}
		c := &exportCursor{}
		for !c.done {
			var orgs []int64
			err := s.readTx(ctx, func(tx *sql.Tx) error {
				var err error
				orgs, err = queryInts(ctx, tx, `SELECT id FROM orgs WHERE id > ? ORDER BY id LIMIT ?`, c.id, ExportChunk)
				return err
			})
			if err != nil {
				return fmt.Errorf("exporting IATI: %w", err)
			}
			if last, ok := chunkEnd(c, orgs); ok {
				c.id = last
			}
			for _, org := range orgs {
				a, ok, err := s.iatiActivity(ctx, base, org, size, transfers[org])
				if err != nil {
					return fmt.Errorf("exporting IATI: %w", err)
				}
				if ok {
					if err := yield(a); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	return doc
}

// iatiKeep is how many chunks of an organisation's money entries the
// IATI export keeps the transactions of in memory, to encode them without
// reading them twice.
const iatiKeep = 4

// iatiActivity returns org's activity, false if it has no transaction;
// transfers are the receipts of its money transfers.
func (s *Store) iatiActivity(ctx context.Context, base string, org, size int64, transfers []int64) (opendata.IATIActivity, bool, error) {
	var idxs []int64
	var names map[int64]string
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		if idxs, err = moneyEntriesOf(ctx, tx, org, size, transfers); err != nil || len(idxs) == 0 {
			return err
		}
		names, err = publicOrgNames(ctx, tx, org)
		return err
	})
	if err != nil || len(idxs) == 0 {
		return opendata.IATIActivity{}, false, err
	}
	chunks := func(fn func([]opendata.IATITransaction) error) error {
		for part := range slices.Chunk(idxs, ExportChunk) {
			ts, err := s.iatiTransactions(ctx, base, org, part)
			if err == nil {
				err = fn(ts)
			}
			if err != nil {
				return fmt.Errorf("organisation %d: %w", org, err)
			}
		}
		return nil
	}
	// The activity starts on its earliest transaction's date: a first
	// pass finds it, and keeps the transactions of up to iatiKeep chunks
	// of entries; more are read again as they are encoded.
	keep := len(idxs) <= iatiKeep*ExportChunk
	var start string
	n := 0
	txs := opendata.Elements[opendata.IATITransaction]{}
	err = chunks(func(ts []opendata.IATITransaction) error {
		for _, t := range ts {
			if n == 0 || t.Date.ISODate < start {
				start = t.Date.ISODate
			}
			n++
		}
		if keep {
			txs.List = append(txs.List, ts...)
		}
		return nil
	})
	if err != nil || n == 0 { // none: transfers of which nothing arrived
		return opendata.IATIActivity{}, false, err
	}
	if !keep {
		txs.Each = func(yield func(opendata.IATITransaction) error) error {
			return chunks(func(ts []opendata.IATITransaction) error {
				for _, t := range ts {
					if err := yield(t); err != nil {
						return err
					}
				}
				return nil
			})
		}
	}
	m := &opendata.IATI{Base: base, Origin: s.Origin(), OrgName: func(id int64) string { return names[id] }}
	return m.Activity(org, start, txs), true, nil
}

// moneyEntriesOf returns the indexes of the money entries below size
// with a transaction in org's activity, in log order: the money it
// received and spent, and transfers, the receipts of its money transfers.
func moneyEntriesOf(ctx context.Context, tx *sql.Tx, org, size int64, transfers []int64) ([]int64, error) {
	out := slices.Clone(transfers)
	for _, q := range []string{
		`SELECT entry FROM money_receipts WHERE org = ? AND entry < ?`,
		`SELECT entry FROM spendings WHERE org = ? AND entry < ?`,
	} {
		got, err := queryInts(ctx, tx, q, org, size)
		if err != nil {
			return nil, fmt.Errorf("reading money entries: %w", err)
		}
		out = append(out, got...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// moneyTransfers returns, by organisation, the receipts (handoff.received
// entries below size) of the money transfers to or from it: the received
// shipments whose first line is a money lot, found from the money lots
// (fig_money_lots, every lot of money counted), a chunk per short read
// transaction.
func (s *Store) moneyTransfers(ctx context.Context, size int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	c := &exportCursor{}
	for !c.done {
		var codes []string
		err := s.readTx(ctx, func(tx *sql.Tx) error {
			err := eachRow(ctx, tx, func(r *sql.Rows) error {
				var code string
				err := r.Scan(&code)
				codes = append(codes, code)
				return err
			}, `SELECT code FROM fig_money_lots WHERE code > ? ORDER BY code LIMIT ?`, c.key, ExportChunk)
			if err != nil || len(codes) == 0 {
				return err
			}
			// Each line of these lots, then its shipment and the
			// shipment's receipt (CROSS JOIN: in that order, by key).
			return eachRow(ctx, tx, func(r *sql.Rows) error {
				var from, to, idx int64
				if err := r.Scan(&from, &to, &idx); err != nil {
					return err
				}
				if idx < size {
					out[from] = append(out[from], idx)
					if to != from {
						out[to] = append(out[to], idx)
					}
				}
				return nil
			}, `SELECT h.from_org, h.to_org, coalesce((SELECT s.idx FROM entry_subjects s CROSS JOIN entries e ON e.idx = s.idx
					WHERE s.subject = 'handoff:' || h.id AND s.idx < ?2 AND e.type = 'handoff.received'), ?2)
				FROM handoff_lines hl CROSS JOIN handoffs h ON h.id = hl.handoff_id
				WHERE hl.lot IN (SELECT value FROM json_each(?1)) AND h.status = 'received'
				AND hl.line_no = (SELECT min(x.line_no) FROM handoff_lines x WHERE x.handoff_id = h.id)`, jsonList(codes), size)
		})
		if err != nil {
			return nil, fmt.Errorf("reading money transfers: %w", err)
		}
		if last, ok := chunkEnd(c, codes); ok {
			c.key = last
		}
	}
	return out, nil
}

// iatiTransactions returns org's transactions of the money entries idxs
// (in log order), read in one short read transaction with the
// organisations' and donors' names, shipments and lots they name.
func (s *Store) iatiTransactions(ctx context.Context, base string, org int64, idxs []int64) ([]opendata.IATITransaction, error) {
	var es []*ledger.StoredEntry
	bodies := map[int64]ledger.Body{}
	m := &opendata.IATI{Base: base, Origin: s.Origin()}
	var names map[int64]string
	donors := map[string]string{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		es, err = queryEntries(ctx, tx, true, `SELECT idx, data FROM entries WHERE idx IN (SELECT value FROM json_each(?))`, jsonList(idxs))
		if err != nil {
			return err
		}
		if len(es) != len(idxs) {
			return fmt.Errorf("%d of %d money entries are missing", len(idxs)-len(es), len(idxs))
		}
		slices.SortFunc(es, func(a, b *ledger.StoredEntry) int { return int(a.Index - b.Index) })
		if err := fillLeaves(ctx, tx, es); err != nil {
			return err
		}
		// Only the shipments of transfers and their lots are looked up.
		var transfers []*ledger.StoredEntry
		for _, e := range es {
			if e.Entry != nil && e.Entry.Type == ledger.TypeHandoffReceived {
				transfers = append(transfers, e)
			}
		}
		if m.Custody, err = namedCustody(ctx, tx, transfers, nil); err != nil {
			return err
		}
		var orgs []int64
		var pledges []string
		for _, e := range es {
			if e.Entry == nil {
				continue
			}
			body, err := e.Entry.DecodeBody()
			if err != nil {
				return fmt.Errorf("entry %d: %w", e.Index, err)
			}
			bodies[e.Index] = body
			orgs = append(orgs, e.Entry.Actor.Org)
			if b, ok := body.(*ledger.MoneyReceived); ok {
				pledges = append(pledges, b.Pledge)
			}
		}
		for _, h := range m.Custody.Handoffs {
			orgs = append(orgs, h.From, h.To)
		}
		if names, err = publicOrgNames(ctx, tx, orgs...); err != nil {
			return err
		}
		return eachRow(ctx, tx, func(r *sql.Rows) error {
			var code, name string
			err := r.Scan(&code, &name)
			donors[code] = name
			return err
		}, `SELECT code, display_name FROM pledges WHERE code IN (SELECT value FROM json_each(?))`, jsonList(pledges))
	})
	if err != nil {
		return nil, err
	}
	m.OrgName = func(id int64) string { return names[id] }
	m.Donor = func(pledge string) string { return donors[pledge] }
	var out []opendata.IATITransaction
	for _, e := range es {
		body, ok := bodies[e.Index]
		if !ok {
			continue // not an entry (the verifier reports it)
		}
		got, err := m.Transactions(opendata.MoneyEntry{Ref: opendata.EntryRef{Index: e.Index, LeafHash: hex.EncodeToString(e.Leaf[:])},
			Time: e.Entry.Time, Org: e.Entry.Actor.Org, Body: body})
		if err != nil {
			return nil, err
		}
		out = append(out, got[org]...)
	}
	return out, nil
}

// queryInts runs query and returns its one integer column.
func queryInts(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	var out []int64
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var n int64
		err := r.Scan(&n)
		out = append(out, n)
		return err
	}, query, args...)
	return out, err
}
