package sqlite

import (
	"context"

	"github.com/aidtrail/aidtrail/ledger"
)

// ReceiveUnpledged records lots for a made-up pledge code, bypassing the
// pledge tables: a test-only path for custody tests that do not need a
// real pledge.
func (s *Store) ReceiveUnpledged(ctx context.Context, m ledger.Member, lots []LotInput) ([]string, error) {
	var codes []string
	err := s.write(ctx, func(tx *Tx) error {
		var err error
		codes, err = tx.receiveLots(m.Actor(), ledger.NewCode(), lots)
		return err
	})
	return codes, err
}
