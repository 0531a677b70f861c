package sqlite

import "context"

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
