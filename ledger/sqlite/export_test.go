package sqlite

import (
	"context"
	"maps"
	"slices"
	"sort"

	"github.com/aidtrail/aidtrail/ledger"
)

// WriteRowsWithoutLedger does a custody write's row work on lot code
// through the same writer and group commit: the catalogue and the lot
// loaded, the lot row saved back, one durable commit; but no rule, no
// entry, no tree hashes, no checkpoint. It is the baseline the
// confirmation benchmark compares the ledger with.
func (s *Store) WriteRowsWithoutLedger(ctx context.Context, code string) error {
	return s.write(ctx, func(tx *Tx) error {
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		if err := tx.loadLots(c, code); err != nil {
			return err
		}
		if l := c.Lots[code]; l != nil {
			l.Since = tx.now.UTC().Format("2006-01-02T15:04:05Z")
		}
		return tx.saveCustody(c)
	})
}

// ReplayedOpenNeeds lists the published needs (of org, or all if 0) with
// their progress as a full replay of the log derives them, to compare with
// the read models.
func (s *Store) ReplayedOpenNeeds(ctx context.Context, org int64) ([]OpenNeed, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size); err != nil {
		return nil, err
	}
	needs := ledger.ReplayedNeeds(f.state)
	var out []OpenNeed
	for _, id := range slices.Sorted(maps.Keys(needs)) {
		n := needs[id]
		if n.Status != ledger.NeedStatusPublished || (org != 0 && n.Org != org) {
			continue
		}
		on := OpenNeed{ID: n.ID, Org: n.Org, Title: n.Title}
		credited := map[string]bool{}
		for _, l := range n.Lines {
			lp := NeedLineProgress{Line: l.Line, Item: l.Item, Unit: l.Unit, Needed: l.Quantity, Pledged: n.Pledged[l.Line]}
			if !credited[l.Item] {
				lp.Delivered, credited[l.Item] = f.set.sum(sumNeedDelivered, n.ID)[l.Item], true
			}
			on.Lines = append(on.Lines, lp)
		}
		out = append(out, on)
	}
	return out, nil
}

// ReplayedStock lists the loose lots of goods org holds as a full replay
// derives them, by code.
func (s *Store) ReplayedStock(ctx context.Context, org int64) ([]ledger.Lot, error) {
	f := newFigures()
	if err := f.catchUp(ctx, s.db, s.Latest().Size); err != nil {
		return nil, err
	}
	var out []ledger.Lot
	for _, l := range ledger.CustodyOf(f.state).Lots {
		if l.Holder == org && l.Held > 0 && !l.IsPack() && !l.IsMoney() && l.Pack == "" {
			out = append(out, *l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// The shipment rules in SQL (TestShipmentSQLIsTheRule).
const (
	OpenShipmentSQL    = openShipment
	CarriedShipmentSQL = carriedShipment
)

// CustodyItems runs a write that loads custody's catalogue and returns its
// item ids; with add, the same write first adds that item and then fails,
// so it is rolled back.
func (s *Store) CustodyItems(ctx context.Context, add *ledger.Item) ([]string, error) {
	var ids []string
	err := s.write(ctx, func(tx *Tx) error {
		if add != nil {
			if err := tx.addItem(PlatformActor, *add); err != nil {
				return err
			}
		}
		c, err := tx.newCustody()
		if err != nil {
			return err
		}
		ids = slices.Sorted(maps.Keys(c.Items))
		if add != nil {
			return errRolledBack
		}
		return nil
	})
	if err == errRolledBack {
		err = nil
	}
	return ids, err
}

var errRolledBack = ledger.Errorf(ledger.ECONFLICT, "rolled back on purpose")
