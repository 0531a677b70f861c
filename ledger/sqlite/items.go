package sqlite

import (
	"context"
	"fmt"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// PlatformActor is the platform itself, for entries no member makes (the
// seeded catalogue).
var PlatformActor = ledger.Actor{Org: 0}

// AddCatalogueItem adds an item to the catalogue on behalf of auditor m.
// Returns EFORBIDDEN unless m is a platform auditor, ECONFLICT if the id is taken.
func (s *Store) AddCatalogueItem(ctx context.Context, m ledger.Member, it ledger.Item) error {
	if err := m.Require(m.IsAuditor()); err != nil {
		return err
	}
	return s.AddItem(ctx, m.Actor(), it)
}

// AddItem adds an item to the catalogue as actor, without a role check: for
// the platform itself (seeding, tests). Members go through AddCatalogueItem.
// Returns ECONFLICT if the id is taken.
func (s *Store) AddItem(ctx context.Context, actor ledger.Actor, it ledger.Item) error {
	return s.write(ctx, func(tx *Tx) error { return tx.addItem(actor, it) })
}

func (tx *Tx) addItem(actor ledger.Actor, it ledger.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM items WHERE id = ?`, it.ID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return ledger.Errorf(ledger.ECONFLICT, "item %q already exists", it.ID)
	}
	a, err := tx.AppendNew(ledger.TypeItemAdded, actor, []string{ledger.Subject(ledger.SubjectItem, it.ID)}, &ledger.ItemAdded{Item: it})
	if err != nil {
		return err
	}
	// The catalogue cache (Tx.catalogue) is read again, from this
	// transaction; the writer drops it again if this write is undone.
	tx.itemsAdded = true
	tx.items.Store(nil)
	_, err = tx.ExecContext(tx.ctx, `INSERT INTO items (id, name_en, name_zh, unit, standard, category, entry) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		it.ID, it.NameEN, it.NameZH, it.Unit, it.Standard, it.Category, a.Index)
	return err
}

// SeedCatalogue adds the items of ledger.Catalogue that are not there yet.
func (s *Store) SeedCatalogue(ctx context.Context) error {
	have, err := s.Items(ctx)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, it := range have {
		known[it.ID] = true
	}
	if !slices.ContainsFunc(ledger.Catalogue, func(it ledger.Item) bool { return !known[it.ID] }) {
		return nil // nothing to add: no write (a start-up check may still run)
	}
	return s.write(ctx, func(tx *Tx) error {
		for _, it := range ledger.Catalogue {
			if known[it.ID] {
				continue
			}
			if err := tx.addItem(PlatformActor, it); err != nil {
				return fmt.Errorf("seeding %s: %w", it.ID, err)
			}
		}
		return nil
	})
}

// Items returns the catalogue, by category and id.
func (s *Store) Items(ctx context.Context) ([]ledger.Item, error) { return catalogue(ctx, s.db) }

func catalogue(ctx context.Context, q queryer) ([]ledger.Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name_en, name_zh, unit, standard, category FROM items ORDER BY category, id`)
	if err != nil {
		return nil, fmt.Errorf("reading items: %w", err)
	}
	defer rows.Close()
	var out []ledger.Item
	for rows.Next() {
		var it ledger.Item
		if err := rows.Scan(&it.ID, &it.NameEN, &it.NameZH, &it.Unit, &it.Standard, &it.Category); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
