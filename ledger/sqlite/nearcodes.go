package sqlite

import (
	"context"
	"fmt"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// maxNearCodes bounds the suggestions for a mistyped code.
const maxNearCodes = 5

// NearCodes returns the lot and pledge codes one typo away from what a
// person typed: one symbol wrong, missing or extra, or two neighbours
// swapped (after the same reading of I, L and O as NormalizeCode). It looks
// up each valid code one typo away (a few dozen at most, as the check
// symbol rules out the rest), never the list of all codes.
func (s *Store) NearCodes(ctx context.Context, typed string) ([]string, error) {
	in := ledger.LooseCode(typed)
	if in == "" || len(in) < ledger.CodeLen-1 || len(in) > ledger.CodeLen+1 {
		return nil, nil
	}
	var out []string
	for _, c := range oneTypoAway(in) {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM lots WHERE code = ?1) + (SELECT count(*) FROM pledges WHERE code = ?1)`, c).Scan(&n); err != nil {
			return nil, fmt.Errorf("reading codes: %w", err)
		}
		if n > 0 {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out[:min(len(out), maxNearCodes)], nil
}

// oneTypoAway returns the valid codes one typo from in (see oneTypoApart).
func oneTypoAway(in string) []string {
	seen := map[string]bool{}
	var out []string
	try := func(c string) {
		if c == in || seen[c] {
			return
		}
		seen[c] = true
		if _, err := ledger.NormalizeCode(c); err == nil && oneTypoApart(in, c) {
			out = append(out, c)
		}
	}
	a := ledger.CodeAlphabet
	for i := 0; i <= len(in); i++ {
		for j := range len(a) {
			try(in[:i] + a[j:j+1] + in[i:]) // a symbol missing
			if i < len(in) {
				try(in[:i] + a[j:j+1] + in[i+1:]) // one wrong
			}
		}
		if i < len(in) {
			try(in[:i] + in[i+1:]) // one extra
		}
		if i+1 < len(in) {
			try(in[:i] + in[i+1:i+2] + in[i:i+1] + in[i+2:]) // neighbours swapped
		}
	}
	return out
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
