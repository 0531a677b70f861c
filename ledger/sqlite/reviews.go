package sqlite

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// reviewState reads where a submission stands; the caller supplies who
// submitted it and whether it needs a second review.
func (tx *Tx) reviewState(subject string, submitterOrg, submitterUser int64, needsSecond bool) (ledger.ReviewState, error) {
	st := ledger.ReviewState{SubmitterOrg: submitterOrg, SubmitterUser: submitterUser, NeedsSecond: needsSecond}
	rows, err := tx.QueryContext(tx.ctx, `SELECT stage, decision, user_id FROM reviews WHERE subject = ? ORDER BY stage`, subject)
	if err != nil {
		return st, fmt.Errorf("reading reviews: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var stage int
		var decision string
		var user int64
		if err := rows.Scan(&stage, &decision, &user); err != nil {
			return st, err
		}
		if stage == 1 {
			st.Stage1User = user
		}
		if decision == ledger.Reject || stage == 2 || !needsSecond {
			st.Decided = true
		}
	}
	return st, rows.Err()
}

// decideReview records auditor m's decision on the next stage of a
// submission (a review.decided entry and a reviews row). It reports whether
// the submission is now approved for good (published) or rejected.
func (tx *Tx) decideReview(m ledger.Member, st ledger.ReviewState, subject, decision, reason string) (approved, rejected bool, err error) {
	stage, err := ledger.CheckReview(m, st)
	if err != nil {
		return false, false, err
	}
	body := &ledger.ReviewDecided{Subject: subject, Stage: stage, Decision: decision, Reason: reason}
	a, err := tx.AppendNew(ledger.TypeReviewDecided, m.Actor(), []string{subject}, body)
	if err != nil {
		return false, false, err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO reviews (subject, stage, decision, reason, user_id, entry) VALUES (?, ?, ?, ?, ?, ?)`,
		subject, stage, decision, reason, m.User, a.Index); err != nil {
		return false, false, fmt.Errorf("recording review: %w", err)
	}
	rejected = decision == ledger.Reject
	approved = !rejected && (stage == 2 || !st.NeedsSecond)
	return approved, rejected, nil
}
