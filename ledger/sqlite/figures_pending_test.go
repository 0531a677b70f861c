package sqlite

import (
	"errors"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
)

// The writes of a batch add to the summed figures in memory: the batch
// writes each row they touch once, at its end; a write rolled back adds
// nothing. (The figures tests compare them with a full replay.)
func TestBatchWritesEachFigureOnce(t *testing.T) {
	s := openTestStore(t, "", testKey(t, testOrigin))
	pledge := func(amount int64, fail bool) func(*Tx) error {
		return func(tx *Tx) error {
			code := ledger.NewCode()
			if _, err := tx.AppendNew(ledger.TypePledgeMade, ledger.Actor{Org: 2, User: 1}, []string{ledger.Subject(ledger.SubjectPledge, code)},
				&ledger.PledgeMade{Pledge: code, Donor: "d-0123456789ab", DeliverTo: 2, Kind: ledger.PledgeMoney, Currency: "CNY", AmountMinor: amount,
					Handover: ledger.HandoverTransfer, Due: "2026-02-01", SecretSHA256: strings.Repeat("ab", 32)}); err != nil {
				return err
			}
			if fail {
				return errRolledBack
			}
			return nil
		}
	}
	count := CountStatements(t)
	errs := inOneBatch(t, s, pledge(100, false), pledge(200, true), pledge(300, false), pledge(400, false))
	if errs[0] != nil || !errors.Is(errs[1], errRolledBack) || errs[2] != nil || errs[3] != nil {
		t.Fatalf("writes: %v", errs)
	}
	sums := 0
	for q, n := range count() {
		if strings.Contains(q, "INTO fig_sums") {
			sums += n
		}
	}
	if sums != 1 {
		t.Errorf("the batch added to fig_sums with %d statements, want 1", sums)
	}
	var pledged int64
	if err := s.db.QueryRow(`SELECT qty FROM fig_sums WHERE kind = ? AND key = 0 AND name = 'CNY'`, sumMoneyPledged).Scan(&pledged); err != nil {
		t.Fatal(err)
	}
	if pledged != 800 {
		t.Errorf("money pledged %d, want 800 (the rolled-back 200 left out)", pledged)
	}
}
