// Package demo seeds a living relief operation through the store's own
// methods (never raw SQL), so the demo's ledger verifies like any other.
package demo

import (
	"context"

	"github.com/aidtrail/aidtrail/ledger/sqlite"
)

// Login is a demo account printed at start.
type Login struct {
	Role     string
	Email    string
	Password string
}

// Seed builds the scenario into an empty store and returns its logins.
func Seed(ctx context.Context, s *sqlite.Store) ([]Login, error) {
	if err := s.SeedCatalogue(ctx); err != nil {
		return nil, err
	}
	return nil, nil
}
