package sqlite

// What sentences about custody entries need and a write never changes once
// committed: a lot's item and unit, a shipment's parties and the lots and
// quantities it was dispatched with (saveCustody updates only a lot's
// holder, pack, condition and quantities, and a shipment's status and what
// its receiver counted). Trace pages and the ledger browser read them for
// every entry they describe; they are read for all the entries of a page
// at once and kept in bounded memory. Only reads outside the writer fill
// the cache, so nothing rolled back is ever kept.

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"sync"

	"github.com/aidtrail/aidtrail/ledger"
)

type factCache struct {
	mu       sync.RWMutex
	lots     map[string]ledger.LotFacts
	handoffs map[int64]ledger.HandoffFacts // each Sent map read-only once cached
}

// Bounds of factCache (each map emptied when full): some 10 MB at most.
const (
	factCacheLots     = 1 << 16
	factCacheHandoffs = 1 << 14
)

// custodyFacts adds what sentences about custody entries need to n: the
// item and unit of every lot and the parties and quantities of every
// handoff the entries name, and the parties' names. What the cache lacks
// is read in one query for the lots and two for the shipments.
func (s *Store) custodyFacts(ctx context.Context, q queryer, n *ledger.Names, es []*ledger.StoredEntry) error {
	if n.Lots == nil {
		n.Lots, n.Handoffs = map[string]ledger.LotFacts{}, map[int64]ledger.HandoffFacts{}
	}
	var lots []string
	var handoffs []int64
	s.facts.mu.RLock()
	for _, e := range es {
		if e.Entry == nil {
			continue
		}
		for _, subj := range e.Entry.Subjects {
			switch kind, id := ledger.SplitSubject(subj); kind {
			case ledger.SubjectLot:
				if _, ok := n.Lots[id]; ok {
					continue
				}
				if f, ok := s.facts.lots[id]; ok {
					n.Lots[id] = f
				} else {
					n.Lots[id] = ledger.LotFacts{} // stays so if there is no such lot
					lots = append(lots, id)
				}
			case ledger.SubjectShip:
				hid, err := strconv.ParseInt(id, 10, 64)
				if _, ok := n.Handoffs[hid]; ok || err != nil {
					continue
				}
				if f, ok := s.facts.handoffs[hid]; ok {
					n.Handoffs[hid] = f
				} else {
					n.Handoffs[hid] = ledger.HandoffFacts{}
					handoffs = append(handoffs, hid)
				}
			}
		}
	}
	s.facts.mu.RUnlock()
	if err := s.readLotFacts(ctx, q, lots, n.Lots); err != nil {
		return err
	}
	if err := s.readHandoffFacts(ctx, q, handoffs, n.Handoffs); err != nil {
		return err
	}
	var orgs []int64
	for _, f := range n.Handoffs {
		for _, org := range []int64{f.From, f.To, f.Via} {
			if _, ok := n.Orgs[org]; !ok && org > 0 {
				orgs = append(orgs, org)
			}
		}
	}
	return s.cachedOrgNames(ctx, q, orgs, n.Orgs)
}

// keepLotFacts keeps the facts of lot l, read outside the writer.
func (s *Store) keepLotFacts(l *ledger.Lot) {
	s.facts.mu.Lock()
	defer s.facts.mu.Unlock()
	s.facts.keepLot(l.Code, ledger.LotFacts{Item: l.Item, Unit: l.Unit})
}

// keepLot adds a lot's facts; the caller holds c.mu.
func (c *factCache) keepLot(code string, f ledger.LotFacts) {
	keepBounded(&c.lots, factCacheLots, code, f)
}

// keepBounded sets (*m)[k] = v, emptying *m first if it holds max entries
// (or making it if nil): the bound of the store's read caches, which keep
// only what never changes, so that any of it may be dropped.
func keepBounded[K comparable, V any](m *map[K]V, max int, k K, v V) {
	if *m == nil || len(*m) >= max {
		*m = make(map[K]V, 1024)
	}
	(*m)[k] = v
}

// readLotFacts reads the facts of lots codes into facts and the cache.
func (s *Store) readLotFacts(ctx context.Context, q queryer, codes []string, facts map[string]ledger.LotFacts) error {
	if len(codes) == 0 {
		return nil
	}
	read := map[string]ledger.LotFacts{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		var code string
		var f ledger.LotFacts
		if err := r.Scan(&code, &f.Item, &f.Unit); err != nil {
			return err
		}
		read[code] = f
		return nil
	}, `SELECT code, item, unit FROM lots WHERE code IN (SELECT value FROM json_each(?))`, jsonList(codes))
	if err != nil {
		return fmt.Errorf("reading lots: %w", err)
	}
	s.facts.mu.Lock()
	defer s.facts.mu.Unlock()
	for code, f := range read {
		facts[code] = f
		s.facts.keepLot(code, f)
	}
	return nil
}

// readHandoffFacts reads the facts of shipments ids into facts and the
// cache; a shipment not found is left out.
func (s *Store) readHandoffFacts(ctx context.Context, q queryer, ids []int64, facts map[int64]ledger.HandoffFacts) error {
	if len(ids) == 0 {
		return nil
	}
	list := jsonList(ids)
	read := map[int64]ledger.HandoffFacts{}
	err := eachRow(ctx, q, func(r *sql.Rows) error {
		f := ledger.HandoffFacts{Sent: map[string]int64{}}
		var id int64
		if err := r.Scan(&id, &f.From, &f.To, &f.Via); err != nil {
			return err
		}
		read[id] = f
		return nil
	}, `SELECT id, from_org, to_org, via_org FROM handoffs WHERE id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return fmt.Errorf("reading handoffs: %w", err)
	}
	err = eachRow(ctx, q, func(r *sql.Rows) error {
		var id, qty int64
		var lot string
		if err := r.Scan(&id, &lot, &qty); err != nil {
			return err
		}
		if f, ok := read[id]; ok {
			f.Sent[lot] = qty
		}
		return nil
	}, `SELECT handoff_id, lot, quantity FROM handoff_lines WHERE handoff_id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return fmt.Errorf("reading handoff lines: %w", err)
	}
	for _, id := range ids {
		if _, ok := read[id]; !ok {
			delete(facts, id)
		}
	}
	s.facts.mu.Lock()
	defer s.facts.mu.Unlock()
	for id, f := range read {
		facts[id] = f
		keepBounded(&s.facts.handoffs, factCacheHandoffs, id, f)
	}
	return nil
}
