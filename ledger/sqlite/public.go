package sqlite

// Read-only queries behind the public pages: the ledger browser, one entry
// with its proof, the checkpoint history and the open-data export. They read
// only entries, hashes, checkpoints and the public columns of orgs and items.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/mod/sumdb/tlog"
)

// EntryFilter selects entries in the ledger browser. Zero fields do not filter.
type EntryFilter struct {
	Type string
	Org  int64  // entries made by the organisation, about it (subject org:ID), or shipping to it
	Item string // entries whose body names the catalogue item
	From time.Time
	To   time.Time // exclusive
	// Keyset paging, newest first: Before > 0 lists entries below index
	// Before; else After > 0 lists the page of entries from index After up.
	Before int64
	After  int64
	Limit  int
}

// MaxPage bounds every public page size.
const MaxPage = 200

// LedgerEntries returns a page of entries within the latest checkpoint that
// match f, newest first, with the names they refer to. It pages by index
// (keyset), never by offset, through the filter's narrowest index.
func (s *Store) LedgerEntries(ctx context.Context, f EntryFilter) (*ledger.EntryPage, error) {
	if f.Limit <= 0 || f.Limit > MaxPage {
		f.Limit = 50
	}
	size := s.Latest().Size
	page := &ledger.EntryPage{}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		q, args, asc := f.pageQuery(size)
		got, err := queryEntries(ctx, tx, true, q, append(args, f.Limit+1)...)
		if err != nil {
			return err
		}
		more := len(got) > f.Limit
		if more {
			got = got[:f.Limit]
		}
		if asc {
			slices.Reverse(got)
		}
		page.Entries = got
		if page.Orgs, err = verifiedOrgNames(ctx, tx); err != nil {
			return err
		}
		if page.Names, err = s.namesFor(ctx, tx, got); err != nil || len(got) == 0 {
			return err
		}
		newest, oldest := got[0].Index, got[len(got)-1].Index
		// One side's "is there more" is known from the query; probe the other.
		if (asc && more) || (!asc && f.Before > 0 && f.exists(ctx, tx, size, "idx > ?", newest)) {
			page.Newer = newest + 1
		}
		if (!asc && more) || (asc && f.exists(ctx, tx, size, "idx < ?", oldest)) {
			page.Older = oldest
		}
		return fillLeaves(ctx, tx, got)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// pageQuery returns the statement (its LIMIT left to bind) and arguments
// of f's page of the log of size entries, and whether it reads upwards
// (the page from After).
func (f EntryFilter) pageQuery(size int64) (string, []any, bool) {
	where, args := f.where(size)
	asc := f.Before <= 0 && f.After > 0
	order := "DESC"
	switch {
	case f.Before > 0:
		where, args = append(where, "idx < ?"), append(args, f.Before)
	case asc:
		where, args, order = append(where, "idx >= ?"), append(args, f.After), "ASC"
	}
	by := `idx ` + order
	if f.dated() {
		// The days' runs are disjoint and in index order, so their order
		// then the index is the index's order, and a walk of both stops
		// at the LIMIT.
		by = `d.first ` + order + `, idx ` + order
	}
	return f.selectEntries(false) + strings.Join(where, " AND ") + ` ORDER BY ` + by + ` LIMIT ?`, args, asc
}

// dated reports whether f filters by date.
func (f EntryFilter) dated() bool { return !f.From.IsZero() || !f.To.IsZero() }

// selectEntries starts a query of the entries f matches, reading (idx,
// data) or, for one, 1, through the narrowest index the filter has: an
// item's entries (entry_items), an organisation's (entry_orgs), or the
// log; dated, within the runs of the dates' days (entry_days), so that an
// old date or a rare item is found directly, never by a walk back from
// the newest entry.
func (f EntryFilter) selectEntries(one bool) string {
	sel := `SELECT idx, data FROM `
	if one {
		sel = `SELECT 1 FROM `
	}
	if f.dated() {
		sel += `entry_days d CROSS JOIN `
	}
	switch {
	case f.Item != "":
		return sel + `entry_items CROSS JOIN entries USING (idx) WHERE `
	case f.Org > 0:
		return sel + `entry_orgs JOIN entries USING (idx) WHERE `
	}
	return sel + `entries WHERE `
}

// entryOrgs returns the organisations an entry concerns, for the ledger
// browser's filter (entry_orgs): the one that made it, those it is about,
// and a shipment's receiver and carrier.
func entryOrgs(e *ledger.Entry) ([]int64, error) {
	var orgs []int64
	if e.Actor.Org > 0 {
		orgs = append(orgs, e.Actor.Org)
	}
	for _, subj := range e.Subjects {
		if kind, id := ledger.SplitSubject(subj); kind == ledger.SubjectOrg {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
				orgs = append(orgs, n)
			}
		}
	}
	if e.Type == ledger.TypeHandoffDispatched {
		b, err := e.DecodeBody()
		if err != nil {
			return nil, err
		}
		d := b.(*ledger.HandoffDispatched)
		for _, n := range []int64{d.To, d.Via} {
			if n > 0 {
				orgs = append(orgs, n)
			}
		}
	}
	return orgs, nil
}

// where returns the filter's conditions on the entries table (and the
// index selectEntries starts from).
func (f EntryFilter) where(size int64) ([]string, []any) {
	where := []string{"idx < ?"}
	args := []any{size}
	if f.Type != "" {
		where = append(where, "type = ?")
		args = append(args, f.Type)
	}
	if f.Item != "" {
		where = append(where, "entry_items.item = ?")
		args = append(args, f.Item)
	}
	if f.Org > 0 {
		if f.Item != "" {
			where = append(where, "EXISTS (SELECT 1 FROM entry_orgs o WHERE o.org = ? AND o.idx = entries.idx)")
		} else {
			where = append(where, "entry_orgs.org = ?")
		}
		args = append(args, f.Org)
	}
	if f.dated() {
		where = append(where, "idx BETWEEN d.first AND d.last")
	}
	if !f.From.IsZero() {
		where = append(where, "d.day >= ?", "time >= ?")
		args = append(args, f.From.UTC().Format(time.DateOnly), ledger.FormatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "d.day <= ?", "time < ?")
		args = append(args, f.To.Add(-time.Millisecond).UTC().Format(time.DateOnly), ledger.FormatTime(f.To))
	}
	return where, args
}

// exists reports whether an entry f matches meets cond on idx.
func (f EntryFilter) exists(ctx context.Context, tx *sql.Tx, size int64, cond string, idx int64) bool {
	q, args := f.probeQuery(size, cond)
	var one int
	return tx.QueryRowContext(ctx, q, append(args, idx)...).Scan(&one) == nil
}

// probeQuery returns exists' statement (cond's index left to bind).
func (f EntryFilter) probeQuery(size int64, cond string) (string, []any) {
	where, args := f.where(size)
	return f.selectEntries(true) + strings.Join(append(where, cond), " AND ") + ` LIMIT 1`, args
}

// entryItems returns the catalogue items an entry's data names, each once:
// the item filter's definition, "item":"id" anywhere in its compact JSON.
func entryItems(data []byte) []string {
	var out []string
	key := []byte(`"item":"`)
	for rest := data; ; {
		i := bytes.Index(rest, key)
		if i < 0 {
			return out
		}
		rest = rest[i+len(key)-1:] // from the value's opening quote
		end := 1
		for end < len(rest) && rest[end] != '"' {
			if rest[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(rest) {
			return out
		}
		var item string
		if json.Unmarshal(rest[:end+1], &item) == nil && !slices.Contains(out, item) {
			out = append(out, item)
		}
		rest = rest[end+1:]
	}
}

// dateEntry puts entry n, dated at, in the log's runs of one day: the
// last run grows while the day stays the same, a new one starts when it
// changes (entry_days).
func (tx *Tx) dateEntry(n int64, at string) error {
	day := at[:min(len(at), 10)]
	res, err := tx.ExecContext(tx.ctx, `UPDATE entry_days SET last = ?1 WHERE first = (SELECT max(first) FROM entry_days) AND last = ?1 - 1 AND day = ?2`, n, day)
	if err != nil {
		return fmt.Errorf("dating entry: %w", err)
	}
	if k, err := res.RowsAffected(); err != nil || k > 0 {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO entry_days (first, last, day) VALUES (?, ?, ?)`, n, n, day); err != nil {
		return fmt.Errorf("dating entry: %w", err)
	}
	return nil
}

// queryEntries reads (idx, data) rows, decoding each entry if asked.
func queryEntries(ctx context.Context, q queryer, decode bool, query string, args ...any) ([]*ledger.StoredEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading entries: %w", err)
	}
	defer rows.Close()
	var out []*ledger.StoredEntry
	for rows.Next() {
		se := &ledger.StoredEntry{}
		if err := rows.Scan(&se.Index, &se.Data); err != nil {
			return nil, err
		}
		if decode {
			se.Entry, _ = ledger.Decode(se.Data)
		}
		out = append(out, se)
	}
	return out, rows.Err()
}

// fillLeaves sets each entry's stored leaf hash, read in one query.
func fillLeaves(ctx context.Context, q queryer, es []*ledger.StoredEntry) error {
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = tlog.StoredHashIndex(0, e.Index)
	}
	hs, err := queryHashList(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range es {
		es[i].Leaf = hs[i]
	}
	return nil
}

func verifiedOrgNames(ctx context.Context, q queryer) ([]ledger.OrgName, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM orgs WHERE status = 'verified' AND id != ? ORDER BY name`, ledger.PlatformOrgID)
	if err != nil {
		return nil, fmt.Errorf("reading organisations: %w", err)
	}
	defer rows.Close()
	var out []ledger.OrgName
	for rows.Next() {
		var o ledger.OrgName
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// namesFor returns the public names of the organisations the entries name
// (as actor, subject or org.registered body) and the whole catalogue.
func (s *Store) namesFor(ctx context.Context, q queryer, es []*ledger.StoredEntry) (ledger.Names, error) {
	var ids []int64
	for _, e := range es {
		if e.Entry == nil {
			continue
		}
		ids = append(ids, e.Entry.Actor.Org)
		for _, subj := range e.Entry.Subjects {
			if kind, id := ledger.SplitSubject(subj); kind == ledger.SubjectOrg {
				if n, err := strconv.ParseInt(id, 10, 64); err == nil {
					ids = append(ids, n)
				}
			}
		}
		ids = append(ids, bodyOrgs(e.Entry)...)
	}
	n, err := s.publicNames(ctx, q, ids)
	if err != nil {
		return n, err
	}
	if err := signedWith(ctx, q, &n, es); err != nil {
		return n, err
	}
	return n, s.custodyFacts(ctx, q, &n, es)
}

// signedWith notes the unsigned entries among es that the signed
// correction right before them covers (ledger.Covers).
func signedWith(ctx context.Context, q queryer, n *ledger.Names, es []*ledger.StoredEntry) error {
	n.SignedWith = map[int64]ledger.SignedWith{}
	byIndex := map[int64]*ledger.Entry{}
	for _, se := range es {
		byIndex[se.Index] = se.Entry
	}
	for _, se := range es {
		e := se.Entry
		if e == nil || len(e.Sigs) > 0 || se.Index == 0 || !slices.Contains(ledger.CorrectableTypes, e.Type) {
			continue
		}
		at := se.Index - 1
		decl, ok := byIndex[at]
		if !ok {
			var data []byte
			err := q.QueryRowContext(ctx, `SELECT data FROM entries WHERE idx = ?`, at).Scan(&data)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("reading entry %d: %w", at, err)
			}
			decl, _ = ledger.Decode(data)
		}
		if decl != nil && ledger.Covers(decl, at, e, se.Index) {
			n.SignedWith[se.Index] = ledger.SignedWith{Entry: at, Enrolled: decl.Sigs[0].Enrolled}
		}
	}
	return nil
}

// bodyOrgs returns organisation ids named in an entry's body under the
// usual field names, so that a handoff's receiver or a lot's holder can be
// named even when it is not the actor.
func bodyOrgs(e *ledger.Entry) []int64 {
	var out []int64
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if n, ok := x.(float64); ok && (k == "org" || strings.HasSuffix(k, "_org")) {
					out = append(out, int64(n))
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var body any
	if json.Unmarshal(e.Body, &body) == nil {
		walk(body)
	}
	return out
}

// nameCache keeps what public pages name and a write never changes once
// committed: the catalogue (items are only added, so their number says
// whether it is current) and organisations' names (never renamed). Only
// reads outside the writer fill it, so nothing rolled back is ever kept.
type nameCache struct {
	mu    sync.RWMutex
	n     int                    // items in the catalogue below
	items map[string]ledger.Item // read-only once cached
	orgs  map[int64]string
}

// nameCacheOrgs bounds nameCache's organisations (emptied when full).
const nameCacheOrgs = 1 << 14

// publicNames returns the names of the given organisations and the
// catalogue; its Items map is shared and read-only.
func (s *Store) publicNames(ctx context.Context, q queryer, orgIDs []int64) (ledger.Names, error) {
	n := ledger.Names{Orgs: map[int64]string{}}
	if err := s.cachedOrgNames(ctx, q, orgIDs, n.Orgs); err != nil {
		return n, err
	}
	s.names.mu.RLock()
	items, have := s.names.items, s.names.n
	s.names.mu.RUnlock()
	var count int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM items`).Scan(&count); err != nil {
		return n, fmt.Errorf("counting items: %w", err)
	}
	if items == nil || count != have {
		var err error
		if items, err = catalogueByID(ctx, q); err != nil {
			return n, err
		}
		s.names.mu.Lock()
		s.names.items, s.names.n = items, len(items)
		s.names.mu.Unlock()
	}
	n.Items = items
	return n, nil
}

// cachedOrgNames adds the names of the organisations ids names lacks,
// from the name cache or else read in one query.
func (s *Store) cachedOrgNames(ctx context.Context, q queryer, ids []int64, names map[int64]string) error {
	var ask []int64
	s.names.mu.RLock()
	for _, id := range ids {
		if _, ok := names[id]; ok || id <= 0 || slices.Contains(ask, id) {
			continue
		}
		if name, ok := s.names.orgs[id]; ok {
			names[id] = name
		} else {
			ask = append(ask, id)
		}
	}
	s.names.mu.RUnlock()
	if len(ask) == 0 {
		return nil
	}
	return s.readOrgNames(ctx, q, ask, names)
}

// readOrgNames reads the names of organisations ids into names and keeps
// them in the name cache.
func (s *Store) readOrgNames(ctx context.Context, q queryer, ids []int64, names map[int64]string) error {
	read := map[int64]string{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		read[id] = name
		return nil
	}, `SELECT id, name FROM orgs WHERE id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return fmt.Errorf("reading organisation names: %w", err)
	}
	s.names.mu.Lock()
	defer s.names.mu.Unlock()
	for id, name := range read {
		names[id] = name
		keepBounded(&s.names.orgs, nameCacheOrgs, id, name)
	}
	return nil
}

// EntryDetail returns the entry at index with its proof. Returns ENOTFOUND
// if the latest checkpoint has no such entry.
func (s *Store) EntryDetail(ctx context.Context, index int64) (*ledger.EntryDetail, error) {
	se, err := s.Entry(ctx, index)
	if err != nil {
		return nil, err
	}
	d := &ledger.EntryDetail{StoredEntry: se, Checkpoint: s.Latest()}
	if d.Proof, err = s.InclusionProof(ctx, index, d.Checkpoint.Size); err != nil {
		return nil, err
	}
	d.Verified = s.LeafVerified(ctx, se)
	if se.Entry != nil {
		for _, subj := range se.Entry.Subjects {
			var next int64
			err := s.db.QueryRowContext(ctx, `SELECT min(idx) FROM entry_subjects WHERE subject = ? AND idx > ? AND idx < ?`,
				subj, index, d.Checkpoint.Size).Scan(&nullInt{&next})
			if err != nil {
				return nil, fmt.Errorf("reading chain of %s: %w", subj, err)
			}
			if next < 0 {
				continue
			}
			hs, err := readHashes(ctx, s.db, []int64{tlog.StoredHashIndex(0, next)})
			if err != nil {
				return nil, err
			}
			d.Next = append(d.Next, ledger.Link{Subject: subj, Index: next, Hash: hex.EncodeToString(hs[0][:])})
		}
	}
	if d.Names, err = s.namesFor(ctx, s.db, []*ledger.StoredEntry{se}); err != nil {
		return nil, err
	}
	return d, nil
}

// CheckpointHistory returns up to limit checkpoints of size below before
// (all sizes if before <= 0), largest first.
func (s *Store) CheckpointHistory(ctx context.Context, before int64, limit int) (*ledger.CheckpointPage, error) {
	if limit <= 0 || limit > MaxPage {
		limit = 50
	}
	if before <= 0 {
		before = s.Latest().Size + 1
	}
	cps, err := s.queryCheckpoints(ctx, `WHERE size < `+strconv.FormatInt(before, 10)+` ORDER BY size DESC LIMIT `+strconv.Itoa(limit+1))
	if err != nil {
		return nil, err
	}
	p := &ledger.CheckpointPage{Checkpoints: cps}
	if len(cps) > limit {
		p.Checkpoints = cps[:limit]
		p.Older = cps[limit-1].Size
	}
	return p, nil
}

// ExportEntries calls fn for every entry within the latest checkpoint, in
// order, with its stored leaf hash, reading in bundles so the whole log is
// never in memory. It stops at the first error fn returns.
func (s *Store) ExportEntries(ctx context.Context, fn func(index int64, leaf tlog.Hash, data []byte) error) error {
	size := s.Latest().Size
	const bundle = 1 << TileHeight
	for first := int64(0); first < size; first += bundle {
		es, err := queryEntries(ctx, s.db, false, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, first, min(first+bundle, size))
		if err != nil {
			return err
		}
		ids := make([]int64, len(es))
		for i, e := range es {
			if e.Index != first+int64(i) {
				return fmt.Errorf("entry %d is missing", first+int64(i))
			}
			ids[i] = tlog.StoredHashIndex(0, e.Index)
		}
		hs, err := readHashesIn(ctx, s.db, ids)
		if err != nil {
			return err
		}
		for i, e := range es {
			if err := fn(e.Index, hs[i], e.Data); err != nil {
				return err
			}
		}
	}
	return nil
}
