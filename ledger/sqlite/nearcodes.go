package sqlite

import (
	"context"
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// maxNearCodes bounds the suggestions for a mistyped code.
const maxNearCodes = 5

// NearCodes returns the lot and pledge codes one typo away from what a
// person typed: one symbol wrong, missing or extra, or two neighbours
// swapped (after the same reading of I, L and O as NormalizeCode).
func (s *Store) NearCodes(ctx context.Context, typed string) ([]string, error) {
	in := ledger.LooseCode(typed)
	if in == "" || len(in) > ledger.CodeLen+2 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT code FROM lots UNION SELECT code FROM pledges ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("reading codes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() && len(out) < maxNearCodes {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		if c != in && oneTypoApart(in, c) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// oneTypoApart reports whether a and b differ by one substitution,
// insertion or deletion, or one swap of neighbours.
func oneTypoApart(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		var diff []int
		for i := range a {
			if a[i] != b[i] {
				diff = append(diff, i)
			}
		}
		return len(diff) == 1 ||
			(len(diff) == 2 && diff[1] == diff[0]+1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]])
	case 1:
		for i := 0; i <= len(a); i++ {
			if a[:i] == b[:i] && a[i:] == b[i+1:] {
				return true
			}
		}
	}
	return false
}
