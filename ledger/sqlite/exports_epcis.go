package sqlite

// /data/epcis.jsonld: the custody entries as GS1 EPCIS 2.0 events, mapped
// by ledger/opendata from the entries and the lots and shipments they name
// (never from private tables), a bundle of entries at a time in bounded
// memory: each bundle loads from the read models only the lots and
// shipments its entries (and the entries their corrections name) mention.
// The mapping reads only what never changes once written (a lot's item,
// unit, GTIN and batch; a shipment's parties and lines), so the rows as
// they are now serve any entry before them, as the replayed custody did.

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"golang.org/x/mod/sumdb/tlog"
)

// EPCISPage is how many entries one page of the EPCIS export covers (a
// variable for tests of paging).
var EPCISPage int64 = 1 << 14

// ExportEPCIS calls fn with the EPCIS events of the entries [from, end),
// in log order; end is at most the latest checkpoint's size. base is the
// server's public URL.
func (s *Store) ExportEPCIS(ctx context.Context, base string, from, end int64, fn func(*opendata.Event) error) error {
	return s.exportEPCIS(ctx, base, from, end, s.epcisCustody, fn)
}

// exportEPCIS maps the entries [from, end) a bundle at a time with the
// custody custody returns for the bundle; the tests pass the replay's.
func (s *Store) exportEPCIS(ctx context.Context, base string, from, end int64,
	custody func(ctx context.Context, es []*ledger.StoredEntry, entry func(int64) (*ledger.Entry, string, error)) (*ledger.Custody, error),
	fn func(*opendata.Event) error) error {
	end = min(end, s.Latest().Size)
	const bundle = 1 << TileHeight
	for first := from; first < end; first += bundle {
		es, err := s.entriesWithLeaves(ctx, first, min(first+bundle, end))
		if err != nil {
			return err
		}
		m := &opendata.EPCIS{Base: base, Entry: s.entryReader(ctx, es)}
		if m.Custody, err = custody(ctx, es, m.Entry); err != nil {
			return err
		}
		var evs []opendata.Event
		for _, e := range es {
			if e.Entry == nil {
				continue // not an entry (the verifier reports it)
			}
			// An entry the replay refused may name what does not
			// exist; it makes no event (as in aidtrail-verify).
			got, _ := m.Events(e.Index, hex.EncodeToString(e.Leaf[:]), e.Entry)
			evs = append(evs, got...)
		}
		for i := range evs {
			if err := fn(&evs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// entryReader returns the entries of es, and reads any other (those a
// correction names) from the log, keeping what it read for the bundle.
func (s *Store) entryReader(ctx context.Context, es []*ledger.StoredEntry) func(int64) (*ledger.Entry, string, error) {
	read := map[int64]*ledger.StoredEntry{}
	for _, e := range es {
		read[e.Index] = e
	}
	return func(index int64) (*ledger.Entry, string, error) {
		e, ok := read[index]
		if !ok {
			got, err := s.entriesWithLeaves(ctx, index, index+1)
			if err != nil {
				return nil, "", err
			}
			if len(got) != 1 {
				return nil, "", fmt.Errorf("entry %d is missing", index)
			}
			e = got[0]
			read[index] = e
		}
		if e.Entry == nil {
			return nil, "", fmt.Errorf("entry %d is missing", index)
		}
		return e.Entry, hex.EncodeToString(e.Leaf[:]), nil
	}
}

// epcisCustody is namedCustody of the bundle es from the store.
func (s *Store) epcisCustody(ctx context.Context, es []*ledger.StoredEntry, entry func(int64) (*ledger.Entry, string, error)) (*ledger.Custody, error) {
	return namedCustody(ctx, s.db, es, entry)
}

// namedCustody loads the lots and shipments the entries es name (by their
// subjects), with those of the entries their corrections name (if entry
// is not nil) and the lots of every shipment, from the read models.
func namedCustody(ctx context.Context, q queryer, es []*ledger.StoredEntry, entry func(int64) (*ledger.Entry, string, error)) (*ledger.Custody, error) {
	lots, handoffs := map[string]bool{}, map[int64]bool{}
	subjects := func(e *ledger.Entry) {
		for _, subj := range e.Subjects {
			switch kind, id := ledger.SplitSubject(subj); kind {
			case ledger.SubjectLot:
				lots[id] = true
			case ledger.SubjectShip:
				if n, err := strconv.ParseInt(id, 10, 64); err == nil {
					handoffs[n] = true
				}
			}
		}
	}
	for _, e := range es {
		if e.Entry == nil {
			continue
		}
		subjects(e.Entry)
		if e.Entry.Type != ledger.TypeEntryCorrected || entry == nil {
			continue
		}
		body, err := e.Entry.DecodeBody()
		b, ok := body.(*ledger.EntryCorrected)
		if err != nil || !ok {
			continue
		}
		for _, k := range append([]int64{b.Entry}, b.Corrective...) {
			if named, _, err := entry(k); err == nil {
				subjects(named)
			}
		}
	}
	c := ledger.NewCustody()
	err := eachRow(ctx, q, func(rows *sql.Rows) error {
		h := &ledger.Handoff{}
		if err := rows.Scan(&h.ID, &h.From, &h.To, &h.Via, &h.Status, &h.Dispatched); err != nil {
			return err
		}
		c.Handoffs[h.ID] = h
		return nil
	}, `SELECT id, from_org, to_org, via_org, status, dispatched FROM handoffs WHERE id IN (SELECT value FROM json_each(?))`,
		jsonList(slices.Collect(maps.Keys(handoffs))))
	if err != nil {
		return nil, fmt.Errorf("reading shipments: %w", err)
	}
	err = eachRow(ctx, q, func(rows *sql.Rows) error {
		var id int64
		var l ledger.HandoffLine
		if err := rows.Scan(&id, &l.Lot, &l.Quantity, &l.Whole, &l.Received, &l.Condition, &l.Reason, &l.Note, &l.NewLot); err != nil {
			return err
		}
		c.Handoffs[id].Lines = append(c.Handoffs[id].Lines, l)
		lots[l.Lot] = true
		return nil
	}, `SELECT handoff_id, lot, quantity, whole, received, condition, reason, note, new_lot FROM handoff_lines
		WHERE handoff_id IN (SELECT value FROM json_each(?)) ORDER BY handoff_id, line_no`, jsonList(slices.Collect(maps.Keys(c.Handoffs))))
	if err != nil {
		return nil, fmt.Errorf("reading shipment lines: %w", err)
	}
	err = eachRow(ctx, q, func(rows *sql.Rows) error {
		l, err := scanLot(rows)
		if err == nil {
			c.Lots[l.Code] = l
		}
		return err
	}, `SELECT `+lotColumns+` FROM lots WHERE code IN (SELECT value FROM json_each(?))`, jsonList(slices.Collect(maps.Keys(lots))))
	if err != nil {
		return nil, fmt.Errorf("reading lots: %w", err)
	}
	return c, nil
}

// entriesWithLeaves reads and decodes the entries [first, end) with their
// leaf hashes.
func (s *Store) entriesWithLeaves(ctx context.Context, first, end int64) ([]*ledger.StoredEntry, error) {
	es, err := queryEntries(ctx, s.db, true, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, first, end)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		if e.Index != first+int64(i) {
			return nil, fmt.Errorf("entry %d is missing", first+int64(i))
		}
		ids[i] = tlog.StoredHashIndex(0, e.Index)
	}
	hs, err := readHashesIn(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range es {
		es[i].Leaf = hs[i]
	}
	return es, nil
}
