package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite/demo"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// TestFigureDiscrepanciesAreTheStepsEffects: the public discrepancies the
// writer counted into the figures' read model (fig_discrepancies) over the
// demo are exactly the discrepancies Custody.Step reports as its effects
// when the log is replayed through it, entry by entry: the figures take
// them from the step the write ran (countEntry's st), no rule of their own.
func TestFigureDiscrepanciesAreTheStepsEffects(t *testing.T) {
	ctx := context.Background()
	s := sqlitetest.Open(t)
	if _, err := demo.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	st := ledger.NewState()
	var want []string
	sqlitetest.Entries(t, s, func(idx int64, e *ledger.Entry) {
		if e.Type == ledger.TypeHandoffReceived {
			body, err := e.DecodeBody()
			if err != nil {
				t.Fatal(err)
			}
			step, err := ledger.CustodyOf(st).Step(idx, e.Time, e.Actor, e.Type, body)
			if err != nil {
				t.Fatalf("entry %d: %v", idx, err)
			}
			for _, d := range step.Discrepancies {
				want = append(want, fmt.Sprintf("%d %s sent %d received %d %s %s", idx, d.Lot, d.Quantity, d.Received, d.Reason, d.Note))
			}
		}
		if err := st.Apply(idx, e); err != nil {
			t.Fatal(err)
		}
	})
	var got []string
	rows, err := s.DB().Query(`SELECT idx, lot, sent, received, reason, note FROM fig_discrepancies ORDER BY idx, line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var idx, sent, received int64
		var lot, reason, note string
		if err := rows.Scan(&idx, &lot, &sent, &received, &reason, &note); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d %s sent %d received %d %s %s", idx, lot, sent, received, reason, note))
	}
	if len(want) == 0 {
		t.Fatal("the demo has no discrepancy to compare")
	}
	if !slices.Equal(got, want) {
		t.Errorf("figures' discrepancies:\n%q\nthe custody rule's effects:\n%q", got, want)
	}
}
