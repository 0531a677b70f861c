package sqlite

import (
	"fmt"

	"github.com/aidtrail/aidtrail/ledger"
)

// The store's side of reviews: the decision is checked by the reviewed
// area's Step (ledger.Needs.Step, ledger.Orgs.Step: both run
// ledger.Review's four-eyes rule); the store fills the stage the rule says
// comes next, runs the step and keeps a reviews row.

// review checks and appends auditor m's decision on subject, where r is
// where the subject stands and step is its area's rule, and records it.
func (tx *Tx) review(m ledger.Member, r ledger.Review, subject, decision, reason string,
	step func(time string, body ledger.Body) (*ledger.Step, error)) (*ledger.Step, error) {
	if err := m.Require(m.IsAuditor()); err != nil {
		return nil, err
	}
	stage, err := r.NextStage(m.Actor())
	if err != nil {
		return nil, err
	}
	body := &ledger.ReviewDecided{Subject: subject, Stage: stage, Decision: decision, Reason: reason}
	a, st, err := tx.run(m.Actor(), ledger.TypeReviewDecided, body, func(_ int64, time string) (*ledger.Step, error) { return step(time, body) })
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO reviews (subject, stage, decision, reason, user_id, entry) VALUES (?, ?, ?, ?, ?, ?)`,
		subject, stage, decision, reason, m.User, a.Index); err != nil {
		return nil, fmt.Errorf("recording review: %w", err)
	}
	return st, nil
}

// stage1User returns the auditor who approved subject at stage 1, 0 if none.
func (tx *Tx) stage1User(subject string) (int64, error) {
	var user int64
	err := tx.QueryRowContext(tx.ctx, `SELECT coalesce(max(user_id), 0) FROM reviews WHERE subject = ? AND stage = 1 AND decision = 'approve'`, subject).Scan(&user)
	if err != nil {
		return 0, fmt.Errorf("reading reviews: %w", err)
	}
	return user, nil
}
