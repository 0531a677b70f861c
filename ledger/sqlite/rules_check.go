package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
)

// RulesEqualReplay compares the state the store gives the need and
// organisation rules (the rows as loaded for ledger.Needs.Step and
// ledger.Orgs.Step) with st, a replay of the entries alone: every need in
// the ledger and every registered organisation. It returns the
// differences, nil if there are none. The money pledged per need is the
// needs board's (see NeedsBoard); the rules do not load it.
func (s *Store) RulesEqualReplay(ctx context.Context, st *ledger.State) error {
	var diffs []error
	err := s.write(ctx, func(tx *Tx) error {
		var needs, orgs []int64
		if err := collect(tx.ctx, tx, &needs, scanID, `SELECT id FROM needs WHERE status != 'draft' ORDER BY id`); err != nil {
			return err
		}
		replayed := ledger.ReplayedNeeds(st)
		if len(needs) != len(replayed) {
			diffs = append(diffs, fmt.Errorf("%d needs in the store's ledger, %d replayed", len(needs), len(replayed)))
		}
		for _, id := range needs {
			n, err := tx.needState(id)
			if err != nil {
				return err
			}
			if got, want := ruleNeed(n), ruleNeed(replayed[id]); got != want {
				diffs = append(diffs, fmt.Errorf("need %d: store %s; replay %s", id, got, want))
			}
		}
		if err := collect(tx.ctx, tx, &orgs, scanID, `SELECT id FROM orgs WHERE entry IS NOT NULL ORDER BY id`); err != nil {
			return err
		}
		replayedOrgs := ledger.ReplayedOrgs(st)
		if len(orgs) != len(replayedOrgs) {
			diffs = append(diffs, fmt.Errorf("%d organisations registered in the store, %d replayed", len(orgs), len(replayedOrgs)))
		}
		for _, id := range orgs {
			o, err := tx.orgState(id)
			if err != nil {
				return err
			}
			if w := replayedOrgs[id]; w == nil || *o != *w {
				diffs = append(diffs, fmt.Errorf("organisation %d: store %+v; replay %+v", id, o, w))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return errors.Join(diffs...)
}

func scanID(r *sql.Rows) (id int64, err error) {
	err = r.Scan(&id)
	return id, err
}

// ruleNeed prints what the rules know of a need, in a canonical order:
// lines by number, of the approved lines what CheckNeedUpdate reads, and
// the quantities pledged per line.
func ruleNeed(n *ledger.NeedState) string {
	if n == nil {
		return "none"
	}
	lines := slices.SortedFunc(slices.Values(n.Lines), func(a, b ledger.NeedLine) int { return a.Line - b.Line })
	var approved []string
	for _, l := range n.Approved {
		approved = append(approved, fmt.Sprintf("%d:%s×%d", l.Line, l.Item, l.Quantity))
	}
	slices.Sort(approved)
	pledged := map[int]int64{}
	for _, line := range slices.Sorted(maps.Keys(n.Pledged)) {
		if q := n.Pledged[line]; q != 0 {
			pledged[line] = q
		}
	}
	return fmt.Sprintf("org %d by %d %q %s, %d approvals, stage 1 by %d, approved %v, lines %+v, pledged %v",
		n.Org, n.Submitter, n.Title, n.Status, n.Approvals, n.Stage1User, approved, lines, pledged)
}
