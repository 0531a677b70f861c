package sqlite

// Open-data tables (/data/*.csv), read from the read models the store keeps
// in the transaction of every entry (needs, pledges, lots, handoffs, the
// money entries themselves), never from private columns, a chunk at a time
// in bounded memory. Each row names the entry it comes from (for state,
// the subject's latest entry) by index and leaf hash. No personal data:
// donors appear by the public name they chose or as "anonymous"; no
// e-mail, phone, contact, bank reference or receipt secret. The rows are
// built from ledger types by one function per table, which the tests also
// run over a full replay of the log: the replay is the reference.

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/opendata"
	"golang.org/x/mod/sumdb/tlog"
)

// ExportChunk is how many needs, pledges, lots, shipments or money
// entries one short read transaction of an export reads (a variable for
// tests of the chunk boundaries).
var ExportChunk = 1000

// ExportTable calls fn with the header and then each row of a CSV export,
// in the table's order (by need, pledge, lot or shipment key; funds in log
// order). Rows are read a chunk at a time, each chunk in its own read
// transaction, and handed to fn after it ends, so a slow reader holds no
// snapshot open and memory stays bounded whatever the size of the log.
// Returns ENOTFOUND for an unknown name, before fn is called.
func (s *Store) ExportTable(ctx context.Context, name string, fn func(row []string) error) error {
	cols, ok := opendata.ExportTables[name]
	if !ok {
		return ledger.Errorf(ledger.ENOTFOUND, "no export %q", name)
	}
	if err := fn(cols); err != nil {
		return err
	}
	var read func(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error
	switch name {
	case "needs.csv":
		read = readNeedRows
	case "pledges.csv":
		read = readPledgeRows
	case "lots.csv":
		read = readLotRows
	case "handoffs.csv":
		read = readHandoffRows
	case "funds.csv":
		size := s.Latest().Size
		read = func(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error {
			return readFundsRows(ctx, tx, c, size, row)
		}
	}
	c := &exportCursor{}
	for !c.done {
		var rows [][]string
		err := s.readTx(ctx, func(tx *sql.Tx) error {
			return read(ctx, tx, c, func(r []string) { rows = append(rows, r) })
		})
		if err != nil {
			return fmt.Errorf("exporting %s: %w", name, err)
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// exportCursor is where an export's keyset walk stands: after the key
// (text) or id last read; done once a chunk came back short. Funds walk
// two keys, the last money.received and money.spent entry.
type exportCursor struct {
	key     string
	id, id2 int64
	done    bool
}

// chunkEnd records in c whether chunk ends the walk (it came back short)
// and returns its last row, from which the caller takes the next key;
// false for an empty chunk.
func chunkEnd[T any](c *exportCursor, chunk []T) (last T, ok bool) {
	c.done = len(chunk) < ExportChunk
	if len(chunk) == 0 {
		return last, false
	}
	return chunk[len(chunk)-1], true
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// optional writes an id, or nothing for 0.
func optional(n int64) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

// headCells are the entry_index and entry_leaf_hash cells of a link.
func headCells(l ledger.Link) []string { return []string{itoa(l.Index), l.Hash} }

// NeedRows are the needs.csv rows of a need: one per current line, with
// what is pledged against the line and what its organisation received
// from pledges for it of the line's item (credited to the item's first
// line).
func needRows(n *ledger.NeedState, orgName string, delivered map[string]int64, head ledger.Link, row func([]string)) {
	credited := map[string]bool{}
	for _, l := range n.Lines {
		var d int64
		if !credited[l.Item] {
			d, credited[l.Item] = delivered[l.Item], true
		}
		row(append([]string{itoa(n.ID), strconv.Itoa(l.Line), itoa(n.Org), orgName, n.Status, n.Title, l.Item, l.Spec, l.Unit,
			itoa(l.Quantity), l.Urgency, l.Deadline, l.Place, itoa(n.Pledged[l.Line]), itoa(d)}, headCells(head)...))
	}
}

// pledgeRows are the pledges.csv rows of a pledge: one for money, one per
// line for goods.
func pledgeRows(p *ledger.PledgeState, head ledger.Link, row func([]string)) {
	b := p.Body
	donor := b.Name
	if donor == "" {
		donor = "anonymous"
	}
	base := []string{b.Pledge, p.Status, b.Kind, donor, optional(b.Need)}
	if b.Kind == ledger.PledgeMoney {
		row(append(append(base, "", "", "", "", b.Currency, itoa(b.AmountMinor), b.Due), headCells(head)...))
		return
	}
	for _, l := range b.Lines {
		row(append(append(slices.Clone(base), optional(int64(l.NeedLine)), l.Item, l.Unit, itoa(l.Quantity), "", "", b.Due), headCells(head)...))
	}
}

// lotRow is the lots.csv row of a lot.
func lotRow(l *ledger.Lot, holderName string, head ledger.Link) []string {
	return append([]string{l.Code, l.Item, l.Spec, l.Unit, l.Batch, l.Expiry, l.Condition, itoa(l.Quantity), l.Pledge, l.Parent, l.Pack,
		optional(l.Holder), holderName, itoa(l.Held), itoa(l.InTransit), l.Since, itoa(l.Created)}, headCells(head)...)
}

// handoffRows are the handoffs.csv rows of a shipment, one per line; what
// was received shows once the receiver confirmed.
func handoffRows(h *ledger.Handoff, fromName, toName, viaName string, head ledger.Link, row func([]string)) {
	for _, l := range h.Lines {
		received := ""
		if h.Status == ledger.StatusReceived {
			received = itoa(l.Received)
		}
		row(append([]string{itoa(h.ID), itoa(h.From), fromName, itoa(h.To), toName, optional(h.Via), viaName,
			h.Status, h.Dispatched, l.Lot, itoa(l.Quantity), received, l.Condition, l.Reason, l.Note, l.NewLot}, headCells(head)...))
	}
}

// fundsRows are the funds.csv rows of a money entry (others make none):
// one for money received, one per money lot drawn on for money spent.
func fundsRows(link ledger.Link, time string, org int64, orgName string, body ledger.Body, row func([]string)) {
	base := headCells(link)
	switch b := body.(type) {
	case *ledger.MoneyReceived:
		row(append(base, ledger.TypeMoneyReceived, time, itoa(org), orgName, b.Currency, itoa(b.AmountMinor), b.Pledge, b.Lot, "", "", "", b.Date, "", ""))
	case *ledger.MoneySpent:
		var bought []string
		for _, l := range b.Bought {
			bought = append(bought, l.Code)
		}
		for _, l := range b.Lines {
			row(append(slices.Clone(base), ledger.TypeMoneySpent, time, itoa(org), orgName, b.Currency, itoa(l.Quantity), "", l.Lot,
				b.Category, b.Supplier, b.Purpose, b.Date, b.InvoiceSHA256, strings.Join(bought, " ")))
		}
	}
}

// heads returns the latest entry of each of a chunk's subjects, by index
// and leaf hash: query lists each key with its subject's latest index
// (from entry_subjects, in the chunk's own read).
func heads(ctx context.Context, tx *sql.Tx, query string, args ...any) (map[string]ledger.Link, error) {
	var keys []string
	var indexes []int64
	err := eachRow(ctx, tx, func(r *sql.Rows) error {
		var key string
		var idx sql.NullInt64
		if err := r.Scan(&key, &idx); err != nil {
			return err
		}
		if !idx.Valid {
			return fmt.Errorf("%s has no entry", key)
		}
		keys, indexes = append(keys, key), append(indexes, idx.Int64)
		return nil
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the latest entries: %w", err)
	}
	leaves, err := leafHashes(ctx, tx, indexes)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ledger.Link, len(keys))
	for i, k := range keys {
		out[k] = ledger.Link{Index: indexes[i], Hash: leaves[i]}
	}
	return out, nil
}

// leafHashes returns the hex leaf hashes of the entries indexes
// (readHashesIn).
func leafHashes(ctx context.Context, q queryer, indexes []int64) ([]string, error) {
	ids := make([]int64, len(indexes))
	for i, idx := range indexes {
		ids[i] = tlog.StoredHashIndex(0, idx)
	}
	hs, err := readHashesIn(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(hs))
	for i := range hs {
		out[i] = hex.EncodeToString(hs[i][:])
	}
	return out, nil
}

// publicOrgNames returns the public names of the organisations ids, as
// the log registered them (fig_orgs); "" for 0 or one the log never named.
func publicOrgNames(ctx context.Context, tx *sql.Tx, ids ...int64) (map[int64]string, error) {
	stmt, err := tx.PrepareContext(ctx, `SELECT name FROM fig_orgs WHERE id = ?`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := map[int64]string{}
	for _, id := range ids {
		if _, ok := out[id]; ok || id == 0 {
			continue
		}
		var name string
		err := stmt.QueryRowContext(ctx, id).Scan(&name)
		if err != nil && err != sql.ErrNoRows {
			return nil, fmt.Errorf("reading organisation %d: %w", id, err)
		}
		out[id] = name
	}
	return out, nil
}

// readNeedRows reads the next chunk of needs (every need the log knows:
// not drafts), by id.
func readNeedRows(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error {
	ns, err := queryNeeds(ctx, tx, `WHERE n.id > ? AND n.status != 'draft' ORDER BY n.id LIMIT ?`, c.id, ExportChunk)
	if err != nil {
		return err
	}
	last, ok := chunkEnd(c, ns)
	if !ok {
		return nil
	}
	c.id = last.ID
	ids := needIDs(ns)
	pledged := map[int64]map[int]int64{}
	delivered := map[int64]map[string]int64{}
	orgs := make([]int64, len(ns))
	for i, n := range ns {
		pledged[n.ID], delivered[n.ID] = map[int]int64{}, map[string]int64{}
		orgs[i] = n.OrgID
	}
	err = eachRow(ctx, tx, func(r *sql.Rows) error {
		var need, q int64
		var line int
		if err := r.Scan(&need, &line, &q); err != nil {
			return err
		}
		pledged[need][line] = q
		return nil
	}, `SELECT need_id, line_no, pledged FROM need_lines WHERE need_id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	err = eachRow(ctx, tx, func(r *sql.Rows) error {
		var need, q int64
		var item string
		if err := r.Scan(&need, &item, &q); err != nil {
			return err
		}
		delivered[need][item] = q
		return nil
	}, `SELECT key, name, qty FROM fig_sums WHERE kind = 'need_delivered' AND key IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	hs, err := heads(ctx, tx, `SELECT n.id, (SELECT max(s.idx) FROM entry_subjects s WHERE s.subject = 'need:' || n.id)
		FROM needs n WHERE n.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	names, err := publicOrgNames(ctx, tx, orgs...)
	if err != nil {
		return err
	}
	for _, n := range ns {
		st := &ledger.NeedState{ID: n.ID, Org: n.OrgID, Title: n.Title, Status: n.Status, Lines: entryLines(n.Lines), Pledged: pledged[n.ID]}
		needRows(st, names[n.OrgID], delivered[n.ID], hs[itoa(n.ID)], row)
	}
	return nil
}

// readPledgeRows reads the next chunk of pledges, by code.
func readPledgeRows(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error {
	ps, err := queryPledges(ctx, tx, `p.code > ? ORDER BY p.code LIMIT ?`, c.key, ExportChunk)
	if err != nil {
		return err
	}
	last, ok := chunkEnd(c, ps)
	if !ok {
		return nil
	}
	c.key = last.Code
	ids := make([]any, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	hs, err := heads(ctx, tx, `SELECT p.code, (SELECT max(s.idx) FROM entry_subjects s WHERE s.subject = 'pledge:' || p.code)
		FROM pledges p WHERE p.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	for _, p := range ps {
		pledgeRows(p.State(), hs[p.Code], row)
	}
	return nil
}

// readLotRows reads the next chunk of lots, by code.
func readLotRows(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error {
	var lots []*ledger.Lot
	var names []string
	var indexes []int64
	err := eachRow(ctx, tx, func(r *sql.Rows) error {
		var l ledger.Lot
		var name string
		var head sql.NullInt64
		if err := r.Scan(&l.Code, &l.Item, &l.Spec, &l.Unit, &l.Batch, &l.Expiry, &l.Condition, &l.Quantity, &l.Pledge, &l.Parent, &l.Pack,
			&l.Holder, &name, &l.Held, &l.InTransit, &l.Since, &l.Created, &head); err != nil {
			return err
		}
		if !head.Valid {
			return fmt.Errorf("lot %s has no entry", l.Code)
		}
		lots, names, indexes = append(lots, &l), append(names, name), append(indexes, head.Int64)
		return nil
	}, `SELECT l.code, l.item, l.spec, l.unit, l.batch, l.expiry, l.condition, l.quantity, l.pledge, l.parent, l.pack,
		l.holder, coalesce(o.name, ''), l.held, l.in_transit, l.since, l.created,
		(SELECT max(s.idx) FROM entry_subjects s WHERE s.subject = 'lot:' || l.code)
		FROM lots l LEFT JOIN fig_orgs o ON o.id = l.holder WHERE l.code > ? ORDER BY l.code LIMIT ?`, c.key, ExportChunk)
	if err != nil {
		return err
	}
	last, ok := chunkEnd(c, lots)
	if !ok {
		return nil
	}
	c.key = last.Code
	leaves, err := leafHashes(ctx, tx, indexes)
	if err != nil {
		return err
	}
	for i, l := range lots {
		row(lotRow(l, names[i], ledger.Link{Index: indexes[i], Hash: leaves[i]}))
	}
	return nil
}

// readHandoffRows reads the next chunk of shipments, by id, with their lines.
func readHandoffRows(ctx context.Context, tx *sql.Tx, c *exportCursor, row func([]string)) error {
	var hs []*ledger.Handoff
	byID := map[int64]*ledger.Handoff{}
	err := eachRow(ctx, tx, func(r *sql.Rows) error {
		var h ledger.Handoff
		if err := r.Scan(&h.ID, &h.From, &h.To, &h.Via, &h.Status, &h.Dispatched); err != nil {
			return err
		}
		hs, byID[h.ID] = append(hs, &h), &h
		return nil
	}, `SELECT id, from_org, to_org, via_org, status, dispatched FROM handoffs WHERE id > ? ORDER BY id LIMIT ?`, c.id, ExportChunk)
	if err != nil {
		return err
	}
	last, ok := chunkEnd(c, hs)
	if !ok {
		return nil
	}
	c.id = last.ID
	ids := make([]any, len(hs))
	var orgs []int64
	for i, h := range hs {
		ids[i] = h.ID
		orgs = append(orgs, h.From, h.To, h.Via)
	}
	err = eachRow(ctx, tx, func(r *sql.Rows) error {
		var id int64
		var l ledger.HandoffLine
		if err := r.Scan(&id, &l.Lot, &l.Quantity, &l.Received, &l.Condition, &l.Reason, &l.Note, &l.NewLot); err != nil {
			return err
		}
		byID[id].Lines = append(byID[id].Lines, l)
		return nil
	}, `SELECT handoff_id, lot, quantity, received, condition, reason, note, new_lot FROM handoff_lines
		WHERE handoff_id IN (`+placeholders(len(ids))+`) ORDER BY handoff_id, line_no`, ids...)
	if err != nil {
		return err
	}
	links, err := heads(ctx, tx, `SELECT h.id, (SELECT max(s.idx) FROM entry_subjects s WHERE s.subject = 'handoff:' || h.id)
		FROM handoffs h WHERE h.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	names, err := publicOrgNames(ctx, tx, orgs...)
	if err != nil {
		return err
	}
	for _, h := range hs {
		handoffRows(h, names[h.From], names[h.To], names[h.Via], links[itoa(h.ID)], row)
	}
	return nil
}

// readFundsRows reads the next chunk of money entries (money.received and
// money.spent, below size, the latest checkpoint's) in log order: a chunk
// of each type by its index, merged, up to where both are known.
func readFundsRows(ctx context.Context, tx *sql.Tx, c *exportCursor, size int64, row func([]string)) error {
	// Each type in its index (type, idx); entries past the checkpoint end the walk.
	chunk := func(typ string, after int64) (es []*ledger.StoredEntry, whole bool, err error) {
		es, err = queryEntries(ctx, tx, true, `SELECT idx, data FROM entries WHERE type = ? AND idx > ? ORDER BY idx LIMIT ?`, typ, after, ExportChunk)
		whole = len(es) < ExportChunk
		for i, e := range es {
			if e.Index >= size {
				return es[:i], true, err
			}
		}
		return es, whole, err
	}
	received, receivedAll, err := chunk(ledger.TypeMoneyReceived, c.id)
	if err != nil {
		return err
	}
	spent, spentAll, err := chunk(ledger.TypeMoneySpent, c.id2)
	if err != nil {
		return err
	}
	// A type not read to its end stops the other where its chunk ends.
	end := size
	if !receivedAll {
		end = min(end, received[len(received)-1].Index+1)
	}
	if !spentAll {
		end = min(end, spent[len(spent)-1].Index+1)
	}
	var es []*ledger.StoredEntry
	for _, e := range received {
		if e.Index < end {
			es, c.id = append(es, e), e.Index
		}
	}
	for _, e := range spent {
		if e.Index < end {
			es, c.id2 = append(es, e), e.Index
		}
	}
	c.done = receivedAll && spentAll
	slices.SortFunc(es, func(a, b *ledger.StoredEntry) int { return cmp.Compare(a.Index, b.Index) })
	indexes := make([]int64, len(es))
	orgs := make([]int64, len(es))
	for i, e := range es {
		indexes[i] = e.Index
		if e.Entry != nil {
			orgs[i] = e.Entry.Actor.Org
		}
	}
	leaves, err := leafHashes(ctx, tx, indexes)
	if err != nil {
		return err
	}
	names, err := publicOrgNames(ctx, tx, orgs...)
	if err != nil {
		return err
	}
	for i, e := range es {
		if e.Entry == nil {
			continue
		}
		body, err := e.Entry.DecodeBody()
		if err != nil {
			return fmt.Errorf("entry %d: %w", e.Index, err)
		}
		link := ledger.Link{Index: e.Index, Hash: leaves[i]}
		fundsRows(link, e.Entry.Time, e.Entry.Actor.Org, names[orgs[i]], body, row)
	}
	return nil
}

// eachRow runs query and calls fn for each of its rows.
func eachRow(ctx context.Context, q queryer, fn func(*sql.Rows) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// jsonList is a JSON array of ids or codes, for one statement over any
// number of them (`IN (SELECT value FROM json_each(?))`), prepared once per
// connection, not once per length. Ids are written without reflection:
// tile and proof reads pass one list per request.
func jsonList[T int64 | string](vs []T) string {
	if len(vs) == 0 {
		return "[]"
	}
	if ids, ok := any(vs).([]int64); ok {
		b := make([]byte, 0, 12*len(ids)+2)
		b = append(b, '[')
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, id, 10)
		}
		return string(append(b, ']'))
	}
	b, _ := json.Marshal(vs) // strings always encode
	return string(b)
}
